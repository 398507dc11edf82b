"""dns.ns on the fake world: the host's zone and a CNAME target's zone, with their servers."""

from __future__ import annotations

from tests.probes.fakes import HOST, V6, World, run_probe
from v6audit.probes.dns_zone import NameServersProbe
from v6audit.probes.model import Reason


def zones(world: World) -> None:
    world.record("example.cn", "NS", "ns1.example.cn.", "ns2.example.net.")
    world.host("ns1.example.cn", aaaa=["3ffe:501:10::53"], a=["11.10.0.53"])
    world.host("ns2.example.net", a=["11.20.0.53"])
    world.record("example.net", "NS", "ns2.example.net.")


def test_the_zone_above_the_host_and_its_servers() -> None:
    world = World()
    zones(world)
    world.host(HOST, aaaa=[V6])
    found = run_probe(NameServersProbe(), HOST, world.context())
    (zone,) = found.zones
    assert (zone.zone, zone.via) == ("example.cn", None)
    assert [(ns.name, ns.aaaa, ns.a) for ns in zone.nameservers] == [
        ("ns1.example.cn", ["3ffe:501:10::53"], ["11.10.0.53"]),
        ("ns2.example.net", [], ["11.20.0.53"]),
    ]


def test_a_cname_target_brings_its_own_zone() -> None:
    world = World()
    zones(world)
    world.cname(HOST, "edge.cdn.example.net")
    world.host("edge.cdn.example.net", aaaa=[V6])
    found = run_probe(NameServersProbe(), HOST, world.context())
    assert [(z.zone, z.via) for z in found.zones] == [
        ("example.cn", None),
        ("example.net", "edge.cdn.example.net"),
    ]


def test_a_name_missing_on_the_way_up_still_lives_in_its_parent_zone() -> None:
    world = World()
    zones(world)
    world.cname(HOST, "edge.cdn.example.net")
    world.host("edge.cdn.example.net", aaaa=[V6])
    world.fail_lookup("cdn.example.net", "NS", Reason.NXDOMAIN)  # a server that breaks ENTs
    found = run_probe(NameServersProbe(), HOST, world.context())
    assert [z.zone for z in found.zones] == ["example.cn", "example.net"]
