"""The IPv4 path toward the reflector, hop by hop (a UDP traceroute; raw sockets, root only).

A private (RFC 1918) or shared (RFC 6598) address answering beyond the first hop means a second
layer of NAT upstream of the local router: carrier-grade NAT or double NAT. Without root the
observation says so (``needs_root``) and the other NAT indicators still stand.
"""

from __future__ import annotations

import secrets
from typing import Any

from pydantic import Field

from v6audit.probes.base import Inputs, Probe
from v6audit.probes.model import Failure, Observation, Reason, StoredFailure, Target
from v6audit.probes.net.context import ProbeContext
from v6audit.probes.net.errors import ProbeError, describe, evidence_reason
from v6audit.probes.vantage_reference import addresses_of, reflector

MAX_HOPS = 12
BASE_PORT = 33434
LISTEN = 2.0


class Hop(Observation):
    ttl: int
    address: str
    destination: bool


class Traceroute(Observation):
    destination: str | None = None
    hops: list[Hop] = Field(default_factory=list)
    failure: Failure | None = None

    stored_failures = (StoredFailure("failure", "error", "message"),)


def hops_from(answers: list[tuple[Any, Any]], destination: str) -> list[Hop]:
    """Order answers by TTL and stop at the first answer from the destination itself."""
    hops: list[Hop] = []
    for sent, received in sorted(answers, key=lambda pair: int(pair[0].ttl)):
        reached = received.src == destination
        hops.append(Hop(ttl=int(sent.ttl), address=str(received.src), destination=reached))
        if reached:
            break
    return hops


class TracerouteProbe(Probe[Traceroute]):
    name = "vantage.traceroute"
    observation_type = Traceroute

    async def run(self, target: Target, ctx: ProbeContext, inputs: Inputs) -> Traceroute:
        destination: str | None = None
        try:
            endpoint = reflector(ctx)
            if endpoint is None:
                raise ProbeError(Reason.BAD_INPUT, "the IPv4 path is traced toward --reflector")
            destination = next(iter(await addresses_of(ctx, endpoint.host, 4)), None)
            if destination is None:
                raise ProbeError(Reason.NO_DATA, f"{endpoint.host} has no IPv4 address")
            ctx.routes.require_route(destination)
            answers = await ctx.packets.exchange(
                _probes(destination), remote=destination, listen=LISTEN, configured=True
            )
        except Exception as exc:
            return Traceroute(
                destination=destination,
                failure=Failure(reason=evidence_reason(exc), message=describe(exc)),
            )
        return Traceroute(destination=destination, hops=hops_from(answers, destination))


def _probes(destination: str) -> Any:
    source_port = 49152 + secrets.randbelow(16384)

    def build() -> list[Any]:
        from scapy.layers.inet import IP, UDP

        return [
            IP(dst=destination, ttl=ttl) / UDP(sport=source_port, dport=BASE_PORT + ttl)
            for ttl in range(1, MAX_HOPS + 1)
        ]

    return build
