"""The reference endpoints' addresses on the fake world: a literal, a name, a lookup failure."""

from __future__ import annotations

import asyncio

import pytest

from tests.probes.fakes import World, run_settings
from v6audit.probes.net.errors import ExchangeError
from v6audit.probes.vantage_reference import addresses_of, reflector

REFLECTOR = "http://reflector.example.cn:8080/"


def test_a_literal_is_its_own_address_of_its_family_only() -> None:
    ctx = World().context()
    assert asyncio.run(addresses_of(ctx, "3ffe:501:60::80", 6)) == ["3ffe:501:60::80"]
    assert asyncio.run(addresses_of(ctx, "3ffe:501:60::80", 4)) == []


def test_a_name_is_looked_up_and_its_failure_raised() -> None:
    world = World()
    world.host("reflector.example.cn", aaaa=["3ffe:501:60::80"])
    ctx = world.context(run_settings(reflector=REFLECTOR))
    endpoint = reflector(ctx)
    assert endpoint is not None
    assert endpoint.url() == REFLECTOR
    assert asyncio.run(addresses_of(ctx, endpoint.host, 6)) == ["3ffe:501:60::80"]
    assert asyncio.run(addresses_of(ctx, endpoint.host, 4)) == []
    with pytest.raises(ExchangeError):
        asyncio.run(addresses_of(ctx, "gone.example.cn", 6))
