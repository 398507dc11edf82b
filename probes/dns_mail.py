"""The mail exchangers of a domain and their addresses (RFC 5321 section 5, RFC 7505 null MX)."""

from __future__ import annotations

import asyncio

from v6audit.probes.base import Inputs, Probe
from v6audit.probes.dns_names import ServerName, server_name
from v6audit.probes.model import Observation, Target
from v6audit.probes.net.context import ProbeContext


class MailExchanger(Observation):
    preference: int
    server: ServerName


class MailExchangers(Observation):
    domain: str
    null_mx: bool
    """The domain declares it accepts no mail (a single ``MX 0 .``, RFC 7505)."""
    exchangers: list[MailExchanger]


class MailExchangersProbe(Probe[MailExchangers]):
    """Which hosts receive the domain's mail; the lookups are shared by domains that share them."""

    name = "dns.mx"
    observation_type = MailExchangers

    async def run(self, target: Target, ctx: ProbeContext, inputs: Inputs) -> MailExchangers:
        assert target.host is not None
        found = await ctx.dns.lookup(target.host, "MX")
        records = []
        for record in found.records:
            preference, _, host = record.partition(" ")
            records.append((int(preference), host.rstrip(".").lower()))
        if records == [(0, "")]:
            return MailExchangers(domain=target.host, null_mx=True, exchangers=[])
        named = sorted({(preference, host) for preference, host in records if host})
        servers = await asyncio.gather(*(server_name(ctx, host) for _, host in named))
        exchangers = [
            MailExchanger(preference=preference, server=server)
            for (preference, _), server in zip(named, servers, strict=True)
        ]
        return MailExchangers(
            domain=target.host,
            null_mx=False,
            exchangers=exchangers,
        )
