"""The vantage's own addressing: default routes and the source address toward the reference.

Read from the kernel without sending anything (a UDP connect only picks a route), so this is the
evidence that exists even when every exchange fails: whether IPv6 is configured at all, and which
IPv4 address (private, shared, public) the host itself uses.
"""

from __future__ import annotations

from v6audit.probes.base import Inputs, Probe
from v6audit.probes.model import Observation, Target
from v6audit.probes.net.context import ProbeContext
from v6audit.probes.net.errors import evidence_reason
from v6audit.probes.vantage_reference import FALLBACK_REFERENCE, addresses_of, reflector


class FamilyPath(Observation):
    version: int
    default_interface: str | None
    reference: str
    """The destination whose route was looked up (the reflector's address if known)."""
    source: str | None
    """The local address the kernel would send from; None without a route."""


class LocalNetwork(Observation):
    ipv4: FamilyPath
    ipv6: FamilyPath

    def path(self, version: int) -> FamilyPath:
        return self.ipv6 if version == 6 else self.ipv4


class LocalNetworkProbe(Probe[LocalNetwork]):
    name = "vantage.local"
    observation_type = LocalNetwork

    async def run(self, target: Target, ctx: ProbeContext, inputs: Inputs) -> LocalNetwork:
        paths = [await self._path(ctx, version) for version in (4, 6)]
        return LocalNetwork(ipv4=paths[0], ipv6=paths[1])

    async def _path(self, ctx: ProbeContext, version: int) -> FamilyPath:
        reference = FALLBACK_REFERENCE[version]
        endpoint = reflector(ctx)
        if endpoint is not None:
            try:
                reference = next(iter(await addresses_of(ctx, endpoint.host, version)), reference)
            except Exception as exc:
                evidence_reason(exc)  # an unresolvable reflector leaves the fallback in place
        return FamilyPath(
            version=version,
            default_interface=ctx.routes.default_route_interface(version),
            reference=reference,
            source=ctx.routes.source_address(reference),
        )
