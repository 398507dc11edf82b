"""TCP connects to ports 80 and 443 on every AAAA and every A of the host, one by one.

Each address is probed on its own, so one dead AAAA among good ones is seen (a browser would
silently fall back to another), and the IPv4 side is measured too because the judge compares
what each port does over either family. Each connection is kept for the target's HTTP exchange
with that port (:mod:`probes.net.targettcp`): the server sees one connection, as from a browser.
"""

from __future__ import annotations

import asyncio

from v6audit.probes.base import Inputs, Probe
from v6audit.probes.dns_host import HostAddresses, HostAddressesProbe
from v6audit.probes.model import Failure, Observation, StoredFailure, Target
from v6audit.probes.net.context import ProbeContext
from v6audit.probes.net.errors import describe, target_reason

WEB_PORTS = (80, 443)


class PortOutcome(Observation):
    address: str
    family: int
    port: int
    failure: Failure | None = None
    """None when the handshake completed; refused, timeout, unreachable, ... otherwise."""
    milliseconds: float | None = None

    stored_failures = (StoredFailure("failure", "reason", "message"),)

    @property
    def open(self) -> bool:
        return self.failure is None


class WebPorts(Observation):
    addresses: HostAddresses
    ports: list[PortOutcome]


class WebPortsProbe(Probe[WebPorts]):
    name = "web.ports"
    observation_type = WebPorts
    requires = (HostAddressesProbe,)

    async def run(self, target: Target, ctx: ProbeContext, inputs: Inputs) -> WebPorts:
        addresses = inputs.get(HostAddressesProbe)
        wanted = [(a, 6) for a in addresses.usable6] + [(a, 4) for a in addresses.usable4]
        async with asyncio.TaskGroup() as group:
            tasks = [
                group.create_task(_connect(ctx, address, family, port))
                for address, family in wanted
                for port in WEB_PORTS
            ]
        return WebPorts(addresses=addresses, ports=[task.result() for task in tasks])


async def _connect(ctx: ProbeContext, address: str, family: int, port: int) -> PortOutcome:
    try:
        seconds = await ctx.tcp.connect(address, port, keep=True)
    except Exception as exc:
        return PortOutcome(
            address=address,
            family=family,
            port=port,
            failure=Failure(reason=target_reason(exc), message=describe(exc)),
        )
    return PortOutcome(
        address=address, family=family, port=port, milliseconds=round(seconds * 1000, 1)
    )
