"""vantage.traceroute on fake raw packets: the hops toward the reflector's IPv4 address."""

from __future__ import annotations

from typing import Any

from scapy.layers.inet import ICMP, IP

from tests.probes.fakes import VANTAGE, World, run_probe, run_settings
from v6audit.probes.model import Reason, reason_of
from v6audit.probes.vantage_trace import TracerouteProbe

REFLECTOR = "http://reflector.example.cn:8080/"
REFLECTOR4 = "11.60.0.80"
PATH = ["192.168.1.1", "100.64.0.1", REFLECTOR4]


def path(sent: list[Any]) -> list[tuple[Any, Any]]:
    """Each TTL answered by the router at that distance, up to the reflector."""
    return [(p, IP(src=PATH[p.ttl - 1]) / ICMP(type=11)) for p in sent if p.ttl <= len(PATH)]


def test_the_hops_up_to_the_reflector() -> None:
    world = World()
    world.host("reflector.example.cn", a=[REFLECTOR4])
    world.packets[REFLECTOR4] = path
    found = run_probe(TracerouteProbe(), VANTAGE, world.context(run_settings(reflector=REFLECTOR)))
    assert [(h.ttl, h.address, h.destination) for h in found.hops] == [
        (1, "192.168.1.1", False),
        (2, "100.64.0.1", False),
        (3, REFLECTOR4, True),
    ]


def test_no_root_no_reflector_no_ipv4_are_evidence() -> None:
    world = World(root=False)
    world.host("reflector.example.cn", a=[REFLECTOR4])
    ctx = world.context(run_settings(reflector=REFLECTOR))
    found = run_probe(TracerouteProbe(), VANTAGE, ctx)
    assert (found.destination, reason_of(found.failure)) == (REFLECTOR4, Reason.NEEDS_ROOT)
    assert (
        reason_of(run_probe(TracerouteProbe(), VANTAGE, World().context()).failure)
        is Reason.BAD_INPUT
    )
    world.host("reflector.example.cn", aaaa=["3ffe:501:60::80"])
    found = run_probe(TracerouteProbe(), VANTAGE, world.context(run_settings(reflector=REFLECTOR)))
    assert (found.destination, reason_of(found.failure)) == (None, Reason.NO_DATA)
