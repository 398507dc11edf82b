"""dns.ns.reach on the fake world: every server address asked for its zone's SOA."""

from __future__ import annotations

from tests.probes.fakes import HOST, V6, NameServer, World, run_probe
from v6audit.probes.dns_ns_reach import NameServerReachProbe
from v6audit.probes.model import Reason, reason_of

SOA = "ns1.example.cn. hostmaster.example.cn. {} 3600 600 86400 300"


def world_with(ipv6_serial: int) -> World:
    world = World()
    world.host(HOST, aaaa=[V6])
    world.record("example.cn", "NS", "ns1.example.cn.")
    world.host("ns1.example.cn", aaaa=["3ffe:501:10::53", "3ffe:501:10::54"], a=["11.10.0.53"])
    world.name_servers["3ffe:501:10::53"] = NameServer(
        "example.cn", {("example.cn", "SOA"): [SOA.format(ipv6_serial)]}
    )
    world.name_servers["11.10.0.53"] = NameServer(
        "example.cn", {("example.cn", "SOA"): [SOA.format(7)]}
    )
    return world


def test_each_address_answers_for_the_zone_or_says_why_not() -> None:
    found = run_probe(NameServerReachProbe(), HOST, world_with(7).context())
    (zone,) = found.zones
    assert [(a.address, a.serial, reason_of(a.failure)) for a in zone.ipv6] == [
        ("3ffe:501:10::53", 7, None),
        ("3ffe:501:10::54", None, Reason.TIMEOUT),
    ]
    assert [(a.address, a.serial, a.authoritative) for a in zone.ipv4] == [("11.10.0.53", 7, True)]


def test_a_stale_copy_over_ipv6_shows_in_the_serials() -> None:
    (zone,) = run_probe(NameServerReachProbe(), HOST, world_with(6).context()).zones
    assert {a.serial for a in zone.ipv6 if a.serial} != {a.serial for a in zone.ipv4}


def test_a_lame_server_answers_without_authority() -> None:
    world = world_with(7)
    world.name_servers["11.10.0.53"] = NameServer("example.cn", authoritative=False)
    (zone,) = run_probe(NameServerReachProbe(), HOST, world.context()).zones
    assert [(a.rcode, a.authoritative, a.serial) for a in zone.ipv4] == [("NOERROR", False, None)]
