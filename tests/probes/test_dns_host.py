"""dns.host on the fake world: both families, bogus AAAA, NAT64 prefixes, failing lookups."""

from __future__ import annotations

import pytest

from tests.probes.fakes import HOST, V4, V6, World, run_probe
from v6audit.probes.dns_host import HostAddressesProbe
from v6audit.probes.model import Reason, reason_of
from v6audit.probes.net.errors import ExchangeError


def test_a_dual_stack_host_has_usable_addresses_of_both_families() -> None:
    world = World()
    world.host(HOST, aaaa=[V6], a=[V4])
    found = run_probe(HostAddressesProbe(), HOST, world.context())
    assert (found.usable6, found.usable4, found.unusable) == ([V6], [V4], [])
    assert not found.ipv6_only


def test_an_ipv4_mapped_aaaa_is_named_and_not_usable() -> None:
    world = World()
    world.host(HOST, aaaa=["::ffff:11.10.0.80", V6], a=[V4])
    found = run_probe(HostAddressesProbe(), HOST, world.context())
    assert found.usable6 == [V6]
    (bogus,) = found.unusable
    assert bogus.address == "::ffff:11.10.0.80"
    assert "IPv4-mapped" in bogus.why


def test_an_aaaa_under_the_learned_nat64_prefix_is_ipv4() -> None:
    world = World()
    world.record("ipv4only.arpa", "AAAA", "3ffe:501:64::c000:aa", "3ffe:501:64::c000:ab")
    world.host(HOST, aaaa=["3ffe:501:64::b0a:50"], a=[V4])
    ctx = world.context()
    found = run_probe(HostAddressesProbe(), HOST, ctx)
    assert found.usable6 == []
    assert "NAT64" in found.unusable[0].why
    assert [str(p) for p in ctx.gate.policy.nat64] == ["3ffe:501:64::/96"]


def test_an_ipv6_only_host_and_a_failed_a_lookup() -> None:
    world = World()
    world.host(HOST, aaaa=[V6])
    assert run_probe(HostAddressesProbe(), HOST, world.context()).ipv6_only
    world.fail_lookup(HOST, "A", Reason.SERVFAIL)
    found = run_probe(HostAddressesProbe(), HOST, world.context())
    assert (found.a, reason_of(found.a_failure), found.ipv6_only) == (None, Reason.SERVFAIL, False)


def test_a_host_that_does_not_exist_fails_the_probe() -> None:
    with pytest.raises(ExchangeError) as caught:
        run_probe(HostAddressesProbe(), "gone.example.cn", World().context())
    assert caught.value.reason is Reason.NXDOMAIN
