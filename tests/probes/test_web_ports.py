"""web.ports on the fake world: 80 and 443 on every usable address, one by one."""

from __future__ import annotations

from tests.probes.fakes import HOST, V4, V6, World, run_probe, site
from v6audit.probes.model import Reason, reason_of
from v6audit.probes.web_ports import WebPortsProbe

SILENT6 = "3ffe:501:10::81"


def outcomes(world: World) -> dict[tuple[str, int], Reason | None]:
    found = run_probe(WebPortsProbe(), HOST, world.context())
    return {(p.address, p.port): reason_of(p.failure) for p in found.ports}


def test_both_ports_open_on_both_families() -> None:
    world = World()
    site(world)
    assert outcomes(world) == {(V6, 80): None, (V6, 443): None, (V4, 80): None, (V4, 443): None}


def test_a_refused_port_and_a_dead_aaaa_among_good_ones() -> None:
    world = World()
    site(world)
    world.host(HOST, aaaa=[V6, SILENT6], a=[V4])
    world.tcp_failures[V6, 443] = Reason.REFUSED
    found = outcomes(world)
    assert (found[V6, 80], found[V6, 443]) == (None, Reason.REFUSED)
    assert found[SILENT6, 80] is found[SILENT6, 443] is Reason.TIMEOUT
    assert found[V4, 443] is None


def test_a_bogus_aaaa_is_not_connected_to() -> None:
    world = World()
    site(world, aaaa=["::ffff:11.10.0.80"])
    found = run_probe(WebPortsProbe(), HOST, world.context())
    assert {p.address for p in found.ports} == {V4}
    assert found.addresses.unusable[0].address == "::ffff:11.10.0.80"
