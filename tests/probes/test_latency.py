"""The latency comparison: noise that only adds delay never accuses IPv6, a penalty that lifts
every IPv6 sample does, and when the samples have said enough."""

from __future__ import annotations

from v6audit.probes.latency import DEFAULTS, Sample, compare, lagging, medians, settled

STEADY = [40.0, 42, 41, 43, 40, 44]


def _pairs(six: list[float], four: list[float]) -> list[Sample]:
    """Interleaved samples timing only the page (first byte and full page alike)."""
    return [
        s
        for v6, v4 in zip(six, four, strict=True)
        for s in (
            Sample(family=6, first_byte_ms=v6, page_ms=v6),
            Sample(family=4, first_byte_ms=v4, page_ms=v4),
        )
    ]


def test_a_penalty_on_every_ipv6_sample_lags() -> None:
    assert set(lagging(_pairs([v + 150 for v in STEADY], STEADY), DEFAULTS)) == {
        "first_byte_ms",
        "page_ms",
    }


def test_alike_families_do_not_lag() -> None:
    assert lagging(_pairs(STEADY, list(reversed(STEADY))), DEFAULTS) == {}


def test_a_small_difference_within_the_slack_does_not_lag() -> None:
    # 50% slower but 20 ms: under slack_ms, scheduling noise on a fast page
    assert lagging(_pairs([v + 20 for v in STEADY], STEADY), DEFAULTS) == {}


def test_a_large_difference_lags_whatever_the_ratio() -> None:
    slow = [1000.0 + v for v in STEADY]
    assert set(lagging(_pairs([v + 120 for v in slow], slow), DEFAULTS)) == {
        "first_byte_ms",
        "page_ms",
    }


def test_medians_are_per_stage_and_family() -> None:
    samples = _pairs([50.0, 60, 70], [10.0, 20, 30])
    assert medians(samples, 6) == {"first_byte_ms": 60.0, "page_ms": 60.0}
    assert medians(samples, 4) == {"first_byte_ms": 20.0, "page_ms": 20.0}


def test_inconclusive_comparisons_are_not_settled() -> None:
    assert settled(_pairs(STEADY, STEADY), DEFAULTS)
    # a lag is confirmed over twice the base pairs before the probe stops
    assert not settled(_pairs([v + 150 for v in STEADY], STEADY), DEFAULTS)
    assert settled(_pairs([v + 150 for v in STEADY * 2], STEADY * 2), DEFAULTS)
    # medians 50 ms apart, floors equal: more samples needed
    noisy = _pairs([40.0, 95, 96, 41, 94, 97], STEADY)
    assert [c.inconclusive for c in compare(noisy, DEFAULTS)] == [True, True]
    assert not settled(noisy, DEFAULTS)


def test_a_sample_stored_before_kernel_timing_does_not_claim_it() -> None:
    stored = Sample.model_validate({"family": 6, "first_byte_ms": 12.0, "page_ms": 15.0})
    assert stored.stamped is False
