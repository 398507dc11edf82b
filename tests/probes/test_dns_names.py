"""server_name on the fake world: an answer recorded, a failure kept as data or raised."""

from __future__ import annotations

import asyncio

import pytest

from tests.probes.fakes import World
from v6audit.probes.dns_names import server_name
from v6audit.probes.model import Reason, reason_of
from v6audit.probes.net.errors import ExchangeError


def test_no_data_and_nxdomain_are_findings_about_the_server() -> None:
    world = World()
    world.host("ns1.example.cn", a=["11.10.0.53"])
    ctx = world.context()
    found = asyncio.run(server_name(ctx, "ns1.example.cn"))
    assert (found.aaaa, reason_of(found.aaaa_failure), found.a) == ([], None, ["11.10.0.53"])
    gone = asyncio.run(server_name(ctx, "ns9.example.cn"))
    assert (reason_of(gone.aaaa_failure), reason_of(gone.a_failure)) == (
        Reason.NXDOMAIN,
        Reason.NXDOMAIN,
    )


def test_a_timeout_says_nothing_about_the_server_and_is_raised() -> None:
    world = World()
    world.host("ns1.example.cn", aaaa=["3ffe:501:10::53"])
    world.fail_lookup("ns1.example.cn", "A", Reason.TIMEOUT)
    with pytest.raises(ExchangeError):
        asyncio.run(server_name(world.context(), "ns1.example.cn"))
