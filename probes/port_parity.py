"""TCP connects to the profile's port list on every AAAA and every A of a host.

The same connect survey as for network targets (:func:`probes.net_survey.answering_ports`):
every connection takes a gate slot, so the run's rate and per-host limits bound it however long
the list. It needs no root; the observation says the method.
"""

from __future__ import annotations

import asyncio

from pydantic import Field

from v6audit.probes.base import Inputs, Port, Probe, ProbeParams
from v6audit.probes.dns_host import HostAddressesProbe
from v6audit.probes.model import Observation, Target
from v6audit.probes.net.context import ProbeContext
from v6audit.probes.net_survey import answering_ports

PARITY_PORTS = (21, 22, 23, 25, 53, 80, 110, 143, 443, 445, 3306, 3389, 5432, 6379, 8080, 8443)


class PortParity(Observation):
    ipv6: list[str]
    ipv4: list[str]
    ports: list[int]
    open_ports: dict[str, list[int]]
    method: str = "connect"


class PortParityParams(ProbeParams):
    ports: list[Port] = Field(default_factory=lambda: list(PARITY_PORTS))


class PortParityProbe(Probe[PortParity]):
    name = "sec.ports"
    observation_type = PortParity
    requires = (HostAddressesProbe,)
    Params = PortParityParams
    params: PortParityParams

    async def run(self, target: Target, ctx: ProbeContext, inputs: Inputs) -> PortParity:
        found = inputs.get(HostAddressesProbe)
        ports = list(self.params.ports)
        ipv6, ipv4 = found.usable6, found.usable4
        for address in ipv6:  # an IPv4-only vantage would see every IPv6 port closed
            ctx.routes.require_route(address)
        everyone = ipv6 + ipv4
        answers = await asyncio.gather(*(answering_ports(ctx, a, ports) for a in everyone))
        return PortParity(
            ipv6=ipv6, ipv4=ipv4, ports=ports, open_ports=dict(zip(everyone, answers, strict=True))
        )
