"""echo6 on fake raw packets: a reply, a Packet Too Big, silence, no root."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from scapy.layers.inet6 import ICMPv6EchoReply, ICMPv6PacketTooBig, IPv6

from tests.probes.fakes import V6, World
from v6audit.probes.icmp_echo import echo6
from v6audit.probes.model import Reason
from v6audit.probes.net.errors import ProbeError


def answered_with(reply: Any) -> Any:
    return lambda sent: [(sent[0], reply)]


def test_a_reply_and_a_packet_too_big() -> None:
    world = World()
    world.packets[V6] = answered_with(IPv6(src=V6) / ICMPv6EchoReply())
    echo = asyncio.run(echo6(world.context(), V6, 1400))
    assert (echo.answer, echo.size) == ("reply", 1400)
    world.packets[V6] = answered_with(IPv6(src="3ffe:501:1::1") / ICMPv6PacketTooBig(mtu=1280))
    echo = asyncio.run(echo6(world.context(), V6, 1400))
    assert (echo.answer, echo.mtu) == ("packet_too_big", 1280)


def test_silence_is_none_and_without_root_it_is_raised() -> None:
    assert asyncio.run(echo6(World().context(), V6, 64)).answer == "none"
    with pytest.raises(ProbeError) as caught:
        asyncio.run(echo6(World(root=False).context(), V6, 64))
    assert caught.value.reason is Reason.NEEDS_ROOT
