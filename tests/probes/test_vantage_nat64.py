"""vantage.nat64 on the fake world: DNS64 synthesis and PREF64 in router advertisements."""

from __future__ import annotations

from typing import Any

import pytest
from scapy.layers.inet6 import ICMPv6ND_RA, ICMPv6NDOptPREF64, IPv6

from tests.probes.fakes import VANTAGE, World, run_probe
from v6audit.probes.model import Reason, reason_of
from v6audit.probes.net.errors import ExchangeError
from v6audit.probes.vantage_nat64 import ALL_ROUTERS, Nat64Probe


def advertising(prefix: str) -> Any:
    advertisement = IPv6(src="fe80::1") / ICMPv6ND_RA() / ICMPv6NDOptPREF64(prefix=prefix, plc=0)
    return lambda sent: [(sent[0], advertisement)]


def test_both_methods_find_the_prefix() -> None:
    world = World()
    world.record("ipv4only.arpa", "AAAA", "64:ff9b::c000:aa", "64:ff9b::c000:ab")
    world.packets[ALL_ROUTERS] = advertising("64:ff9b::")
    found = run_probe(Nat64Probe(), VANTAGE, world.context())
    assert found.dns.prefixes == ["64:ff9b::/96"] == found.ra.prefixes
    assert found.prefixes() == ["64:ff9b::/96"]


def test_no_dns64_and_no_root() -> None:
    world = World(root=False)
    world.record("ipv4only.arpa", "A", "192.0.0.170", "192.0.0.171")
    found = run_probe(Nat64Probe(), VANTAGE, world.context())
    assert (found.synthesized, found.dns.prefixes) == ([], [])
    assert (reason_of(found.ra.failure), found.ra.prefixes) == (Reason.NEEDS_ROOT, [])


def test_no_ipv6_route_to_solicit_on() -> None:
    world = World(ipv6=False)
    world.record("ipv4only.arpa", "A", "192.0.0.170")
    assert (
        reason_of(run_probe(Nat64Probe(), VANTAGE, world.context()).ra.failure)
        is Reason.NO_LOCAL_IPV6
    )


def test_a_failing_resolver_measures_nothing() -> None:
    world = World()
    world.fail_lookup("ipv4only.arpa", "AAAA", Reason.TIMEOUT)
    with pytest.raises(ExchangeError):
        run_probe(Nat64Probe(), VANTAGE, world.context())
