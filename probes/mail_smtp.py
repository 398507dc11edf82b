"""The SMTP greeting of every MX host on each of its IPv6 addresses.

Mail from IPv6-only senders arrives only if some MX answers on port 25 over IPv6, and a sender
tries each address in turn, slowly: every MX IPv6 address is tried on its own, and what it said
(or how it failed) is kept as evidence.
"""

from __future__ import annotations

import asyncio
import time

from auditor.context import ProbeContext
from auditor.errors import describe, target_reason
from auditor.model import Observation, Reason, Target
from probes.base import Probe

SMTP_PORT = 25


class Greeting(Observation):
    address: str
    banner: str | None = None
    """The first line the server sent; a ``220`` line is a server ready for mail."""
    reason: Reason | None = None
    message: str | None = None
    milliseconds: float | None = None


class MxHost(Observation):
    preference: int
    host: str
    aaaa: list[str]
    lookup_error: Reason | None = None
    """Why the MX host's AAAA lookup failed, when it did (no data is an empty list, not this)."""
    greetings: list[Greeting]


class MxSmtp(Observation):
    domain: str
    null_mx: bool
    """The domain publishes ``MX 0 .`` (RFC 7505): it accepts no mail at all."""
    hosts: list[MxHost]


class MxSmtpProbe(Probe[MxSmtp]):
    name = "mail.smtp6"
    observation_type = MxSmtp

    async def run(self, target: Target, ctx: ProbeContext) -> MxSmtp:
        assert target.host is not None
        lookup = await ctx.dns.lookup(target.host, "MX")
        exchanges = sorted(_parse_mx(record) for record in lookup.records)
        if any(host == "" for _, host in exchanges):
            return MxSmtp(domain=target.host, null_mx=True, hosts=[])
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(_mx_host(ctx, pref, host)) for pref, host in exchanges]
        return MxSmtp(domain=target.host, null_mx=False, hosts=[t.result() for t in tasks])


def _parse_mx(record: str) -> tuple[int, str]:
    preference, _, exchange = record.partition(" ")
    return int(preference), exchange.rstrip(".").lower()


async def _mx_host(ctx: ProbeContext, preference: int, host: str) -> MxHost:
    try:
        lookup = await ctx.dns.lookup(host, "AAAA")
    except Exception as exc:
        return MxHost(
            preference=preference, host=host, aaaa=[], lookup_error=target_reason(exc), greetings=[]
        )
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(_greet(ctx, address)) for address in lookup.records]
    return MxHost(
        preference=preference,
        host=host,
        aaaa=list(lookup.records),
        greetings=[task.result() for task in tasks],
    )


async def _greet(ctx: ProbeContext, address: str) -> Greeting:
    started = time.monotonic()
    try:
        banner = await ctx.tcp.greeting(address, SMTP_PORT)
    except Exception as exc:
        return Greeting(address=address, reason=target_reason(exc), message=describe(exc))
    elapsed = round((time.monotonic() - started) * 1000, 1)
    return Greeting(address=address, banner=banner, milliseconds=elapsed)
