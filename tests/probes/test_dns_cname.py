"""dns.cname on the fake world: a working chain, a broken link, a loop, no host at all."""

from __future__ import annotations

import pytest

from tests.probes.fakes import HOST, V6, World, run_probe
from v6audit.probes.dns_cname import CnameChainProbe
from v6audit.probes.model import Reason, reason_of
from v6audit.probes.net.errors import ExchangeError


def test_a_working_chain_and_the_addresses_at_its_end() -> None:
    world = World()
    world.cname(HOST, "edge.cdn.example.net")
    world.host("edge.cdn.example.net", aaaa=[V6])
    found = run_probe(CnameChainProbe(), HOST, world.context())
    assert found.links == [(HOST, "edge.cdn.example.net")]
    assert (found.aaaa, found.broken_at) == ([V6], None)


def test_a_link_that_does_not_resolve_is_named() -> None:
    world = World()
    world.cname(HOST, "edge.cdn.example.net")
    world.cname("edge.cdn.example.net", "gone.cdn.example.net")
    found = run_probe(CnameChainProbe(), HOST, world.context())
    assert found.links == [
        (HOST, "edge.cdn.example.net"),
        ("edge.cdn.example.net", "gone.cdn.example.net"),
    ]
    assert (found.broken_at, reason_of(found.failure)) == ("gone.cdn.example.net", Reason.NXDOMAIN)


def test_a_loop_is_broken_where_it_closes() -> None:
    world = World()
    world.cname(HOST, "a.example.net")
    world.cname("a.example.net", HOST)
    found = run_probe(CnameChainProbe(), HOST, world.context())
    assert (found.broken_at, reason_of(found.failure)) == (HOST, None)


def test_a_host_without_a_chain_keeps_its_own_failure() -> None:
    with pytest.raises(ExchangeError) as caught:
        run_probe(CnameChainProbe(), HOST, World().context())
    assert caught.value.reason is Reason.NXDOMAIN


def test_a_timeout_is_no_finding_about_the_chain() -> None:
    world = World()
    world.cname(HOST, "slow.example.net")
    world.fail_lookup("slow.example.net", "AAAA", Reason.TIMEOUT)
    with pytest.raises(ExchangeError) as caught:
        run_probe(CnameChainProbe(), HOST, world.context())
    assert caught.value.reason is Reason.TIMEOUT
