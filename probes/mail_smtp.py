"""The SMTP greeting of every MX host on each of its IPv6 addresses.

Mail from IPv6-only senders arrives only if some MX answers on port 25 over IPv6, and a sender
tries each address in turn, slowly: every MX IPv6 address is tried on its own, and what it said
(or how it failed) is kept as evidence.
"""

from __future__ import annotations

import asyncio
import time

from v6audit.probes.base import Inputs, Probe
from v6audit.probes.dns_mail import MailExchanger, MailExchangersProbe
from v6audit.probes.model import Failure, Observation, StoredFailure, Target
from v6audit.probes.net.context import ProbeContext
from v6audit.probes.net.errors import describe, target_reason

SMTP_PORT = 25


class Greeting(Observation):
    address: str
    banner: str | None = None
    """The first line the server sent; a ``220`` line is a server ready for mail."""
    failure: Failure | None = None
    milliseconds: float | None = None

    stored_failures = (StoredFailure("failure", "reason", "message"),)


class MxHost(Observation):
    preference: int
    host: str
    aaaa: list[str]
    aaaa_failure: Failure | None = None
    """Why the MX host's AAAA lookup failed, when it did (no data is an empty list, not this)."""
    greetings: list[Greeting]

    stored_failures = (StoredFailure("aaaa_failure", "lookup_error"),)


class MxSmtp(Observation):
    domain: str
    null_mx: bool
    """The domain publishes ``MX 0 .`` (RFC 7505): it accepts no mail at all."""
    hosts: list[MxHost]


class MxSmtpProbe(Probe[MxSmtp]):
    """Greets every MX IPv6 address; which hosts those are comes from the MX probe's lookups."""

    name = "mail.smtp6"
    observation_type = MxSmtp
    requires = (MailExchangersProbe,)

    async def run(self, target: Target, ctx: ProbeContext, inputs: Inputs) -> MxSmtp:
        assert target.host is not None
        found = inputs.get(MailExchangersProbe)
        if found.null_mx:
            return MxSmtp(domain=target.host, null_mx=True, hosts=[])
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(_mx_host(ctx, mx)) for mx in found.exchangers]
        return MxSmtp(domain=target.host, null_mx=False, hosts=[t.result() for t in tasks])


async def _mx_host(ctx: ProbeContext, mx: MailExchanger) -> MxHost:
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(_greet(ctx, address)) for address in mx.server.aaaa]
    return MxHost(
        preference=mx.preference,
        host=mx.server.name,
        aaaa=list(mx.server.aaaa),
        aaaa_failure=mx.server.aaaa_failure,
        greetings=[task.result() for task in tasks],
    )


async def _greet(ctx: ProbeContext, address: str) -> Greeting:
    started = time.monotonic()
    try:
        banner = await ctx.tcp.greeting(address, SMTP_PORT)
    except Exception as exc:
        failure = Failure(reason=target_reason(exc), message=describe(exc))
        return Greeting(address=address, failure=failure)
    elapsed = round((time.monotonic() - started) * 1000, 1)
    return Greeting(address=address, banner=banner, milliseconds=elapsed)
