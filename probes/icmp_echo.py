"""ICMPv6 echo through scapy (root only): does an address answer, and what comes back for a
large echo (a reply, a Packet Too Big naming the path's MTU, or nothing at all)."""

from __future__ import annotations

from typing import Any

from v6audit.probes.model import Observation
from v6audit.probes.net.context import ProbeContext

ECHO_WAIT = 2.0


class Echo(Observation):
    address: str
    size: int
    """Bytes of the IPv6 packet sent."""
    answer: str
    """reply, packet_too_big, other (another ICMPv6 error) or none."""
    mtu: int | None = None
    """The MTU a Packet Too Big announced."""


async def echo6(ctx: ProbeContext, address: str, size: int) -> Echo:
    """One ICMPv6 echo of ``size`` bytes to ``address``; raises ``needs_root`` without root."""
    ctx.routes.require_route(address)
    payload = max(size - 48, 0)  # IPv6 header 40, ICMPv6 echo header 8

    def build() -> list[Any]:
        from scapy.layers.inet6 import ICMPv6EchoRequest, IPv6

        return [IPv6(dst=address) / ICMPv6EchoRequest(data=b"v" * payload)]

    answered = await ctx.packets.exchange(build, remote=address, listen=ECHO_WAIT)
    if not answered:
        return Echo(address=address, size=size, answer="none")
    reply = answered[0][1]
    from scapy.layers.inet6 import ICMPv6EchoReply, ICMPv6PacketTooBig

    if reply.haslayer(ICMPv6PacketTooBig):
        mtu = int(reply[ICMPv6PacketTooBig].mtu)
        return Echo(address=address, size=size, answer="packet_too_big", mtu=mtu)
    if reply.haslayer(ICMPv6EchoReply):
        return Echo(address=address, size=size, answer="reply")
    return Echo(address=address, size=size, answer="other")
