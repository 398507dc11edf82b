"""One ICMPv6 echo to an address (root only), as evidence: does it answer, and with what (a
reply, a Packet Too Big naming the path's MTU, another error, or nothing at all)."""

from __future__ import annotations

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
    got = await ctx.packets.echo(address, size, ECHO_WAIT)
    if got is None:
        return Echo(address=address, size=size, answer="none")
    return Echo(address=address, size=size, answer=got.kind, mtu=got.mtu)
