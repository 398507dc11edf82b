"""The latency comparison: the auditor's own waits for a CPU never accuse IPv6, and when the
samples have said enough."""

from __future__ import annotations

from v6audit.probes.latency import DEFAULTS, compare, lagging, own_delay, settled, unqueued_floor
from v6audit.probes.web_latency import Sample

STEADY = [40.0, 42, 41, 43, 40, 44]


def _pairs(
    six: list[float], four: list[float], waits6: float = 0.0, waits4: float = 0.0
) -> list[Sample]:
    """Interleaved samples timing only the page (first byte and full page alike)."""

    def sample(family: int, value: float, waited: float) -> Sample:
        waits = {"first_byte_ms": waited, "page_ms": waited}
        return Sample(family=family, first_byte_ms=value, page_ms=value, waited_ms=waits)

    return [
        s
        for v6, v4 in zip(six, four, strict=True)
        for s in (sample(6, v6, waits6), sample(4, v4, waits4))
    ]


def test_ipv6_late_only_by_the_auditors_own_waits_is_not_slower() -> None:
    # every IPv6 timing 60 ms late, all of it spent by the auditor queued for a CPU
    stalled = _pairs([v + 60 for v in STEADY], STEADY, waits6=60.0)
    assert lagging(stalled, DEFAULTS) == {}
    assert [c.least6 for c in compare(stalled, DEFAULTS)] == [40.0, 40.0]
    # the same delay with no wait of the auditor's is the network's
    assert lagging(_pairs([v + 60 for v in STEADY], STEADY), DEFAULTS) != {}


def test_waits_are_never_taken_from_ipv4() -> None:
    # IPv4 timings that waited keep their measured value: IPv6 does not look slower for it
    assert lagging(_pairs(STEADY, STEADY, waits4=30.0), DEFAULTS) == {}


def test_ipv4_timings_the_auditor_delayed_do_not_hide_a_penalty() -> None:
    # IPv6 150 ms late; every IPv4 timing 300 ms late, all of it the auditor's own queueing
    masked = _pairs([v + 150 for v in STEADY], [v + 300 for v in STEADY], waits4=300.0)
    (first_byte, _page) = compare(masked, DEFAULTS)
    assert (first_byte.ipv6, first_byte.ipv4) == (191.5, 41.5)  # medians less the delays
    assert first_byte.inconclusive  # the floors, one-sided, cannot vouch: sample on
    assert not settled(masked, DEFAULTS)


def test_a_penalty_shows_through_the_auditors_waits() -> None:
    penalty = _pairs([v + 150 for v in STEADY], STEADY, waits6=40.0, waits4=20.0)
    assert set(lagging(penalty, DEFAULTS)) == {"first_byte_ms", "page_ms"}


def test_the_wait_comes_off_the_fastest_timing_only() -> None:
    # a slower timing that queued long before its answer does not sink the floor
    samples = _pairs([190.0] * 6, STEADY, waits6=10.0)
    samples.append(Sample(family=6, page_ms=200.0, waited_ms={"page_ms": 190.0}))
    assert unqueued_floor(samples, 6, "page_ms") == 180.0
    assert unqueued_floor(samples, 4, "page_ms") == 40.0  # IPv4 had no wait to take


def test_only_what_the_loops_lateness_allows_fell_on_the_answer() -> None:
    # the thread queued 140 ms during a 185 ms exchange, but never left a due tick more than
    # 20 ms late: the answer cannot have waited longer than that
    sample = Sample(
        family=6, page_ms=185.0, waited_ms={"page_ms": 140.0}, stalled_ms={"page_ms": 20.0}
    )
    assert own_delay(sample, "page_ms") == 20.0
    assert own_delay(sample, "dns_ms") == 0.0
    assert unqueued_floor([sample], 6, "page_ms") == 165.0
    quiet = Sample(family=6, page_ms=50.0, waited_ms={"page_ms": 1.0}, stalled_ms={"page_ms": 6})
    assert own_delay(quiet, "page_ms") == 1.0


def test_inconclusive_comparisons_are_not_settled() -> None:
    assert settled(_pairs(STEADY, STEADY), DEFAULTS)
    # a lag is confirmed over twice the base pairs before the probe stops
    assert not settled(_pairs([v + 150 for v in STEADY], STEADY), DEFAULTS)
    assert settled(_pairs([v + 150 for v in STEADY * 2], STEADY * 2), DEFAULTS)
    # medians 50 ms apart, floors equal: more samples needed
    noisy = _pairs([40.0, 95, 96, 41, 94, 97], STEADY)
    assert [c.inconclusive for c in compare(noisy, DEFAULTS)] == [True, True]
    assert not settled(noisy, DEFAULTS)
