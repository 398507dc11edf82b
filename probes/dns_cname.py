"""The host's CNAME chain, link by link, with the addresses at its end.

Usually one AAAA lookup (shared with the address probe through the run's cache) shows the whole
chain. When that lookup fails because the chain is broken (a target that does not exist, a
loop, a link whose zone fails), the chain is followed again one CNAME at a time to find the
link that breaks, so the verdict can name it.
"""

from __future__ import annotations

from v6audit.probes.base import Inputs, Probe
from v6audit.probes.model import Failure, Observation, Reason, StoredFailure, Target
from v6audit.probes.net.context import ProbeContext
from v6audit.probes.net.errors import classify, describe

MAX_LINKS = 16
"""Longer chains are treated as loops; resolvers give up well before (unbound after 11)."""
_BROKEN = frozenset({Reason.NXDOMAIN, Reason.SERVFAIL, Reason.REFUSED})


class CnameChain(Observation):
    host: str
    links: list[tuple[str, str]]
    """(alias, target) pairs in the order followed."""
    aaaa: list[str]
    """AAAA records at the end of the chain."""
    broken_at: str | None = None
    """The first name on the chain that does not resolve (or where a loop closes)."""
    failure: Failure | None = None
    """Why ``broken_at`` does not resolve; None for a loop."""

    stored_failures = (StoredFailure("failure", "reason"),)


async def _follow(ctx: ProbeContext, host: str, failure: Exception) -> CnameChain:
    """Walk the chain one CNAME at a time; ``failure`` is how the whole lookup failed."""
    links: list[tuple[str, str]] = []
    name = host
    while True:
        try:
            step = await ctx.dns.lookup(name, "CNAME")
        except Exception as exc:
            if not links:
                raise failure from None  # the host itself does not resolve: no chain to blame
            return _broken(host, links, name, exc)
        if not step.records:
            break
        target = step.records[0].rstrip(".").lower()
        seen = {host, *(t for _, t in links)}
        links.append((name, target))
        if target in seen or len(links) >= MAX_LINKS:
            return CnameChain(host=host, links=links, aaaa=[], broken_at=target)
        name = target
    if not links:
        raise failure  # no chain at all: the failure is the host's own
    try:
        end = await ctx.dns.lookup(name, "AAAA")
    except Exception as exc:
        return _broken(host, links, name, exc)
    return CnameChain(host=host, links=links, aaaa=list(end.records))


def _broken(host: str, links: list[tuple[str, str]], name: str, exc: Exception) -> CnameChain:
    reason = classify(exc)
    if reason not in _BROKEN:
        raise exc  # no answer (timeout) or a bug: not a finding about the chain
    return CnameChain(
        host=host,
        links=links,
        aaaa=[],
        broken_at=name,
        failure=Failure(reason=reason, message=describe(exc)),
    )


class CnameChainProbe(Probe[CnameChain]):
    """Where the host's CNAME chain leads, and whether every link of it resolves."""

    name = "dns.cname"
    observation_type = CnameChain

    async def run(self, target: Target, ctx: ProbeContext, inputs: Inputs) -> CnameChain:
        assert target.host is not None
        host = target.host.lower()
        try:
            found = await ctx.dns.lookup(host, "AAAA")
        except Exception as exc:
            if classify(exc) not in _BROKEN:
                raise
            return await _follow(ctx, host, exc)
        links = [(alias.lower(), end.lower()) for alias, end in found.cname_chain]
        return CnameChain(host=host, links=links, aaaa=list(found.records))
