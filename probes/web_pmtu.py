"""A small and a large plain-HTTP exchange with the site over each family (PMTU black holes).

When ICMPv6 Packet Too Big is filtered on the way back from the server, a small answer (a HEAD
response fits in one small packet) arrives while full-size packets of the page vanish: the
large exchange stalls over IPv6 and completes over IPv4, where routers may fragment. This needs
no privileges. With root, a large ICMPv6 echo adds evidence: a Packet Too Big seen (PMTUD
works toward the auditor), a reply, or nothing.
"""

from __future__ import annotations

from auditor.context import ProbeContext
from auditor.errors import describe, evidence_reason, target_reason
from auditor.model import Observation, Reason, Target
from probes.base import Probe
from probes.dns_host import HostAddressesProbe
from probes.icmp_echo import Echo, echo6

ECHO_BYTES = 1400
"""Larger than the IPv6 minimum MTU (1280), smaller than Ethernet's."""


class Exchange(Observation):
    family: int
    address: str
    method: str
    received: int = 0
    """Body bytes received."""
    seconds: float | None = None
    reason: Reason | None = None
    message: str | None = None


class WebPmtu(Observation):
    exchanges: list[Exchange]
    echo: Echo | None = None
    echo_skipped: Reason | None = None
    """Why the large echo was not sent (needs_root without privileges)."""


class WebPmtuProbe(Probe[WebPmtu]):
    name = "web.pmtu"
    observation_type = WebPmtu

    async def run(self, target: Target, ctx: ProbeContext) -> WebPmtu:
        assert target.host is not None
        found = await HostAddressesProbe().run(target, ctx)  # lookups are cached in ctx.dns
        six, four = found.usable6[:1], found.usable4[:1]
        if not six:
            return WebPmtu(exchanges=[])
        exchanges = [await _exchange(ctx, target.host, six[0], 6, "HEAD")]
        exchanges.append(await _exchange(ctx, target.host, six[0], 6, "GET"))
        if four:
            exchanges.append(await _exchange(ctx, target.host, four[0], 4, "GET"))
        try:
            echo: Echo | None = await echo6(ctx, six[0], ECHO_BYTES)
            skipped = None
        except Exception as exc:
            echo, skipped = None, evidence_reason(exc)
        return WebPmtu(exchanges=exchanges, echo=echo, echo_skipped=skipped)


async def _exchange(
    ctx: ProbeContext, host: str, address: str, family: int, method: str
) -> Exchange:
    try:  # bounded by the exchange timeout, which starts once the gate lets the request go
        reply = await ctx.web.get(f"http://{host}/", address, method=method)
    except Exception as exc:
        return Exchange(
            family=family,
            address=address,
            method=method,
            reason=target_reason(exc),
            message=describe(exc),
        )
    return Exchange(
        family=family,
        address=address,
        method=method,
        received=len(reply.body),
        seconds=round(reply.seconds, 3),
    )
