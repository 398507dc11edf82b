"""The vantage's reference endpoints (``--reflector``, ``--stun``) and one exchange's evidence.

Vantage probes measure exchanges with an endpoint the organisation controls. This module turns
the configured endpoints into addresses of one family through the run's resolver, and defines the
record of one exchange, whose failure is evidence (with its classified reason), not a crash.
"""

from __future__ import annotations

from v6audit.probes.model import Failure, Observation, StoredFailure
from v6audit.probes.net.context import ProbeContext
from v6audit.probes.net.endpoints import Reflector, address_version, parse_reflector

FALLBACK_REFERENCE = {4: "192.0.2.1", 6: "2001:db8::1"}
"""Documentation addresses used only for route lookups when no reflector is configured: a route
lookup sends nothing, and any address outside the local networks shows the default route."""


class Exchange(Observation):
    """One exchange with a reference endpoint over one family."""

    version: int
    remote: str | None = None
    local: str | None = None
    """The local address the exchange left from."""
    seen: str | None = None
    """The address the endpoint reported seeing."""
    failure: Failure | None = None

    stored_failures = (StoredFailure("failure", "error", "message"),)


def reflector(ctx: ProbeContext) -> Reflector | None:
    return parse_reflector(ctx.settings.reflector, ctx.settings.stun)


async def addresses_of(ctx: ProbeContext, host: str, version: int) -> list[str]:
    """The addresses of ``host`` (a name or a literal) in one family; raises lookup failures."""
    literal = address_version(host)
    if literal is not None:
        return [host] if literal == version else []
    lookup = await ctx.dns.lookup(host, "AAAA" if version == 6 else "A")
    return list(lookup.records)
