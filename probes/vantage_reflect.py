"""What the reference endpoint sees: the caller's address over HTTP and over STUN, per family.

An address seen that differs from the local source address is the plainest sign of a NAT on the
path. Each exchange is one piece of evidence and keeps its own outcome, so a blocked STUN port
does not hide the HTTP answer, and an IPv4-only vantage still reports what IPv4 shows.
"""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import Awaitable, Callable

from v6audit.probes.base import Inputs, Probe
from v6audit.probes.model import Failure, Observation, Reason, Target
from v6audit.probes.net import stun
from v6audit.probes.net.context import ProbeContext
from v6audit.probes.net.errors import ProtocolError, describe, evidence_reason
from v6audit.probes.vantage_reference import Exchange, addresses_of, reflector

Measure = Callable[[str], Awaitable[tuple[str, str]]]
"""Given the remote address, return (local address, address the remote saw)."""


class Reflections(Observation):
    configured: bool
    http: list[Exchange]
    stun: list[Exchange]

    def http_over(self, version: int) -> Exchange:
        return next(e for e in self.http if e.version == version)

    def stun_over(self, version: int) -> Exchange:
        return next(e for e in self.stun if e.version == version)


def parse_reflection(body: bytes) -> str:
    """The caller's address from a reflector's JSON answer."""
    try:
        document = json.loads(body)
        address = document["address"]
    except (ValueError, KeyError, TypeError):
        raise ProtocolError("the reflector's answer is not its JSON document") from None
    if not isinstance(address, str):
        raise ProtocolError("the reflector's answer has no address")
    return address


async def exchange(ctx: ProbeContext, host: str, version: int, measure: Measure) -> Exchange:
    """Run one measured exchange with ``host`` over ``version``, keeping any failure as data."""
    remote: str | None = None
    try:
        addresses = await addresses_of(ctx, host, version)
        if not addresses:
            return Exchange(
                version=version,
                failure=Failure(
                    reason=Reason.NO_DATA, message=f"{host} has no IPv{version} address"
                ),
            )
        remote = addresses[0]
        ctx.routes.require_route(remote)
        local, seen = await measure(remote)
    except Exception as exc:
        return Exchange(
            version=version,
            remote=remote,
            failure=Failure(reason=evidence_reason(exc), message=describe(exc)),
        )
    return Exchange(version=version, remote=remote, local=local, seen=seen)


class ReflectorProbe(Probe[Reflections]):
    name = "vantage.reflector"
    observation_type = Reflections

    async def run(self, target: Target, ctx: ProbeContext, inputs: Inputs) -> Reflections:
        endpoint = reflector(ctx)
        if endpoint is None:
            return Reflections(configured=False, http=[], stun=[])

        async def over_http(remote: str) -> tuple[str, str]:
            reply = await ctx.web.get(endpoint.url(), remote, configured=True)
            if reply.status != 200:
                raise ProtocolError(f"the reflector answered HTTP {reply.status}")
            return ctx.routes.source_address(remote) or "", parse_reflection(reply.body)

        async def over_stun(remote: str) -> tuple[str, str]:
            transaction = secrets.token_bytes(12)
            datagram = await ctx.udp.exchange(
                remote,
                endpoint.stun_port,
                stun.binding_request(transaction),
                accept=lambda data: data[8:20] == transaction,
                configured=True,
            )
            seen, _port = stun.mapped_address(stun.decode(datagram.data))
            return datagram.local, seen

        outcomes = await asyncio.gather(
            *(exchange(ctx, endpoint.host, v, over_http) for v in (4, 6)),
            *(exchange(ctx, endpoint.stun_host, v, over_stun) for v in (4, 6)),
        )
        return Reflections(configured=True, http=outcomes[:2], stun=outcomes[2:])
