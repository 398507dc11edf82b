"""ICMPv6 echo to every AAAA of the host (a raw socket: root only; ``needs_root`` otherwise)."""

from __future__ import annotations

import asyncio

from v6audit.probes.base import Inputs, Probe
from v6audit.probes.dns_host import HostAddressesProbe
from v6audit.probes.icmp_echo import Echo, echo6
from v6audit.probes.model import Observation, Target
from v6audit.probes.net.context import ProbeContext

ECHO_BYTES = 64


class Pings(Observation):
    echoes: list[Echo]
    method: str = "scapy"
    """How the echoes were sent: ``raw-socket``; runs stored before it was recorded used scapy."""


class Icmp6Probe(Probe[Pings]):
    name = "net.icmp6"
    observation_type = Pings
    requires = (HostAddressesProbe,)

    async def run(self, target: Target, ctx: ProbeContext, inputs: Inputs) -> Pings:
        found = inputs.get(HostAddressesProbe)
        echoes = await asyncio.gather(*(echo6(ctx, a, ECHO_BYTES) for a in found.usable6))
        return Pings(echoes=list(echoes), method="raw-socket")
