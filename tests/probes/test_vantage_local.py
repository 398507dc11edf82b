"""vantage.local on the fake routes: default routes and source addresses, per family."""

from __future__ import annotations

from tests.probes.fakes import LOCAL4, LOCAL6, VANTAGE, World, run_probe, run_settings
from v6audit.probes.vantage_local import LocalNetworkProbe
from v6audit.probes.vantage_reference import FALLBACK_REFERENCE

REFLECTOR6 = "3ffe:501:60::80"


def test_both_families_routed_toward_the_reflector() -> None:
    world = World()
    world.host("reflector.example.cn", aaaa=[REFLECTOR6], a=["11.60.0.80"])
    ctx = world.context(run_settings(reflector="http://reflector.example.cn:8080/"))
    found = run_probe(LocalNetworkProbe(), VANTAGE, ctx)
    assert (found.ipv6.reference, found.ipv6.source, found.ipv6.default_interface) == (
        REFLECTOR6,
        LOCAL6,
        "eth0",
    )
    assert (found.ipv4.reference, found.ipv4.source) == ("11.60.0.80", LOCAL4)


def test_no_ipv6_route_and_an_unresolvable_reflector() -> None:
    world = World(ipv6=False)
    ctx = world.context(run_settings(reflector="http://gone.example.cn:8080/"))
    found = run_probe(LocalNetworkProbe(), VANTAGE, ctx)
    assert (found.ipv6.source, found.ipv6.default_interface) == (None, None)
    assert found.ipv6.reference == FALLBACK_REFERENCE[6]
    assert found.path(4).source == LOCAL4
