"""A small and a large HTTP exchange with the reflector over IPv6 (path MTU black holes).

If ICMPv6 Packet Too Big is filtered somewhere on the path, small exchanges work while full-size
packets vanish: the large answer stalls. The small exchange must work for the large one to mean
anything, so its failure fails the probe; the large one's outcome is the evidence.
"""

from __future__ import annotations

import asyncio

from v6audit.probes.base import Inputs, Probe
from v6audit.probes.model import Failure, Observation, Reason, StoredFailure, Target
from v6audit.probes.net.context import ProbeContext
from v6audit.probes.net.errors import ProbeError, describe, evidence_reason
from v6audit.probes.vantage_reference import addresses_of, reflector

LARGE_BYTES = 65536
LARGE_WAIT = 10.0


class LargeExchange(Observation):
    requested: int
    received: int = 0
    seconds: float | None = None
    failure: Failure | None = None

    stored_failures = (StoredFailure("failure", "error", "message"),)


class PathMtu(Observation):
    remote: str
    small_seconds: float
    large: LargeExchange


class PathMtuProbe(Probe[PathMtu]):
    name = "vantage.pmtu6"
    observation_type = PathMtu
    deadline_share = 0.5
    """The large exchange may take half the target's time, whatever ``LARGE_WAIT`` says."""

    async def run(self, target: Target, ctx: ProbeContext, inputs: Inputs) -> PathMtu:
        endpoint = reflector(ctx)
        if endpoint is None:
            raise ProbeError(Reason.BAD_INPUT, "a large exchange needs --reflector")
        remote = next(iter(await addresses_of(ctx, endpoint.host, 6)), None)
        if remote is None:
            raise ProbeError(Reason.NO_DATA, f"the reflector {endpoint.host} has no IPv6 address")
        ctx.routes.require_route(remote)
        small = await ctx.web.get(endpoint.url(), remote, configured=True)
        try:
            wait = asyncio.get_running_loop().time() + LARGE_WAIT
            reply = await ctx.web.get(
                endpoint.url(f"/?pad={LARGE_BYTES}"),
                remote,
                deadline=lambda: min(wait, inputs.budget.deadline),
                configured=True,
            )
            large = LargeExchange(
                requested=LARGE_BYTES, received=len(reply.body), seconds=reply.seconds
            )
        except Exception as exc:
            large = LargeExchange(
                requested=LARGE_BYTES,
                failure=Failure(reason=evidence_reason(exc), message=describe(exc)),
            )
        return PathMtu(remote=remote, small_seconds=small.seconds, large=large)
