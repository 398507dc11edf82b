"""web.latency on the fake world: samples of each family, a failing stage kept in its sample,
and how many pairs it takes for page timings it is given."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest

from tests.probes.fakes import HOST, V4, V6, World, run_probe, site
from v6audit.probes.model import Reason, reason_of
from v6audit.probes.net.errors import ProbeError
from v6audit.probes.web_latency import Latency, WebLatencyProbe

QUICK = {"samples": 2, "spacing": 0.0}


def test_samples_alternate_the_families_and_time_every_stage() -> None:
    world = World()
    site(world)
    found = run_probe(WebLatencyProbe(QUICK), HOST, world.context())
    assert (found.url, found.addresses) == (f"https://{HOST}/", {"6": V6, "4": V4})
    assert [s.family for s in found.samples] == [6, 4, 4, 6]
    for sample in found.samples:
        assert None not in (sample.dns_ms, sample.connect_ms, sample.first_byte_ms, sample.page_ms)


def test_a_refused_connect_ends_the_sample_there() -> None:
    world = World()
    site(world)
    world.tcp_failures[V6, 443] = Reason.REFUSED
    found = run_probe(WebLatencyProbe(QUICK), HOST, world.context())
    six = [s for s in found.samples if s.family == 6]
    assert all(reason_of(s.failure) is Reason.REFUSED and s.dns_ms is not None for s in six)
    assert all(s.connect_ms is None for s in six)


def test_nothing_served_is_nothing_timed() -> None:
    world = World()
    world.host(HOST, aaaa=[V6])
    for scheme in ("https", "http"):
        world.fail_page(f"{scheme}://{HOST}/", V6, Reason.REFUSED)
    found = run_probe(WebLatencyProbe(QUICK), HOST, world.context())
    assert (found.url, found.samples) == (None, [])


def test_a_home_page_not_found_in_time_is_not_measured() -> None:
    world = World()
    world.host(HOST, aaaa=[V6], a=[V4])  # silent addresses: every walk times out
    with pytest.raises(ProbeError) as unknown:
        run_probe(WebLatencyProbe(QUICK), HOST, world.context())
    assert unknown.value.reason is Reason.TIMEOUT


def _timed(six: Iterator[float], four: Iterator[float], **params: Any) -> Latency:
    """The probe on a site whose page fetches take the given milliseconds, one per fetch after
    the three per family that found the home page (``web.home``, which the probe requires:
    https, http, and the https it redirects to)."""
    world = World()
    site(world)
    world.page_timings = {
        V6: (ms / 1000 for ms in itertools.chain([1.0] * 3, six)),
        V4: (ms / 1000 for ms in itertools.chain([1.0] * 3, four)),
    }
    return run_probe(WebLatencyProbe({"spacing": 0.0, **params}), HOST, world.context())


def _steady(value: float) -> Iterator[float]:
    while True:
        yield value


def test_alike_families_stop_at_the_base_samples() -> None:
    latency = _timed(_steady(50.0), _steady(50.0))
    assert len(latency.samples) == 2 * 6
    assert {s.family for s in latency.samples} == {6, 4}


def test_a_lag_is_confirmed_over_twice_the_base_samples() -> None:
    latency = _timed(_steady(200.0), _steady(50.0))
    assert len(latency.samples) == 2 * 2 * 6


def test_an_inconclusive_comparison_takes_more_pairs_until_the_floors_decide() -> None:
    # after the warm-up, five of IPv6's six samples fell on busy moments: medians apart, floors
    # not; quiet samples follow, and from the fifth more the medians agree too
    def six() -> Iterator[float]:
        yield from (10.0, 10.0, 90.0, 95.0, 92.0, 94.0, 96.0)
        yield from _steady(10.0)

    latency = _timed(six(), _steady(10.0))
    assert len(latency.samples) == 2 * (6 + 5)


def test_an_undecidable_comparison_stops_at_max_samples() -> None:
    def alternating() -> Iterator[float]:  # half the IPv6 samples slow, for ever: no floor moves
        while True:
            yield from (10.0, 95.0, 95.0)

    latency = _timed(alternating(), _steady(10.0), max_samples=9)
    assert len(latency.samples) == 2 * 9


def test_each_sample_says_whether_the_kernel_timed_it() -> None:
    latency = _timed(_steady(20.0), _steady(20.0))
    assert all(sample.stamped for sample in latency.samples)
