"""server_answer on the fake world: a reply kept as data, a failure too, policy first."""

from __future__ import annotations

import asyncio

import pytest

from tests.probes.fakes import FakeDns, NameServer, World
from v6audit.probes.dns_answers import server_answer
from v6audit.probes.model import Reason, reason_of
from v6audit.probes.net.errors import ProbeError

NS6 = "3ffe:501:10::53"
SOA = "ns1.example.cn. hostmaster.example.cn. 2024060101 3600 600 86400 300"


def test_an_authoritative_answer_with_the_zone_serial() -> None:
    world = World()
    world.name_servers[NS6] = NameServer("example.cn", {("example.cn", "SOA"): [SOA]})
    answer, reply = asyncio.run(server_answer(world.context(), "ns1", NS6, "example.cn", "SOA"))
    assert reply is not None
    assert (answer.rcode, answer.authoritative, answer.serial) == ("NOERROR", True, 2024060101)


def test_a_refusing_or_silent_server_is_recorded() -> None:
    world = World()
    world.name_servers[NS6] = Reason.REFUSED
    ctx = world.context()
    answer, reply = asyncio.run(server_answer(ctx, "ns1", NS6, "example.cn", "SOA"))
    assert (reason_of(answer.failure), reply) == (Reason.REFUSED, None)
    answer, _ = asyncio.run(server_answer(ctx, "ns1", "3ffe:501:10::54", "example.cn", "SOA"))
    assert reason_of(answer.failure) is Reason.TIMEOUT


def test_an_unusable_address_is_never_asked() -> None:
    world = World()
    ctx = world.context()
    answer, reply = asyncio.run(server_answer(ctx, "ns1", "::1", "example.cn", "SOA"))
    assert answer.unusable is not None
    assert "loopback" in answer.unusable
    assert reply is None
    assert isinstance(ctx.dns, FakeDns)
    assert ctx.dns.asked == []


def test_no_ipv6_at_this_vantage_is_raised_not_recorded() -> None:
    world = World(ipv6=False)
    with pytest.raises(ProbeError) as caught:
        asyncio.run(server_answer(world.context(), "ns1", NS6, "example.cn", "SOA"))
    assert caught.value.reason is Reason.NO_LOCAL_IPV6
