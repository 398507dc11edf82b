"""web.latency on the fake world: samples of each family, a failing stage kept in its sample."""

from __future__ import annotations

from auditor.model import Reason, reason_of
from probes.web_latency import WebLatencyProbe
from tests.probes.fakes import HOST, V4, V6, World, run_probe, site

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
    found = run_probe(WebLatencyProbe(QUICK), HOST, world.context())
    assert (found.url, found.samples) == (None, [])
