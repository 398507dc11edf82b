"""echo6 on fake raw packets: a reply, a Packet Too Big, silence, no root."""

from __future__ import annotations

import asyncio

import pytest

from tests.probes.fakes import V6, World
from v6audit.probes.icmp_echo import echo6
from v6audit.probes.model import Reason
from v6audit.probes.net.errors import ProbeError
from v6audit.probes.net.icmpecho import EchoAnswer


def test_a_reply_and_a_packet_too_big() -> None:
    world = World()
    world.pings[V6] = EchoAnswer("reply")
    echo = asyncio.run(echo6(world.context(), V6, 1400))
    assert (echo.answer, echo.size, echo.mtu) == ("reply", 1400, None)
    world.pings[V6] = EchoAnswer("packet_too_big", mtu=1280)
    echo = asyncio.run(echo6(world.context(), V6, 1400))
    assert (echo.answer, echo.mtu) == ("packet_too_big", 1280)


def test_silence_is_none_and_without_root_it_is_raised() -> None:
    assert asyncio.run(echo6(World().context(), V6, 64)).answer == "none"
    with pytest.raises(ProbeError) as caught:
        asyncio.run(echo6(World(root=False).context(), V6, 64))
    assert caught.value.reason is Reason.NEEDS_ROOT
