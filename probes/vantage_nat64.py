"""NAT64 prefix discovery: RFC 7050 through the resolver, and PREF64 in router advertisements.

The DNS method asks the configured resolver for AAAA of ``ipv4only.arpa``: a DNS64 resolver
synthesizes them, exposing the prefix. The RA method (RFC 8781, root only) solicits router
advertisements on the IPv6 default-route interface and reads their PREF64 options. Each method's
outcome is kept separately, so the report says which one found what and which was skipped.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from v6audit.probes.base import Inputs, Probe
from v6audit.probes.model import Failure, Observation, Reason, StoredFailure, Target
from v6audit.probes.net.context import ProbeContext
from v6audit.probes.net.errors import ProbeError, describe, evidence_reason
from v6audit.probes.net.nat64 import DISCOVERY_NAME, discovered_prefixes

ALL_ROUTERS = "ff02::2"
LISTEN = 2.0
PLC_LENGTHS = {0: 96, 1: 64, 2: 56, 3: 48, 4: 40, 5: 32}
"""RFC 8781 section 4: the Prefix Length Code of a PREF64 option."""


class Pref64Method(Observation):
    prefixes: list[str] = Field(default_factory=list)
    failure: Failure | None = None

    stored_failures = (StoredFailure("failure", "error", "message"),)


class Nat64Discovery(Observation):
    synthesized: list[str]
    """AAAA records the resolver gave for ipv4only.arpa."""
    dns: Pref64Method
    ra: Pref64Method

    def prefixes(self) -> list[str]:
        return list(dict.fromkeys(self.dns.prefixes + self.ra.prefixes))


def pref64_prefixes(advertisements: list[Any]) -> list[str]:
    """The NAT64 prefixes in the PREF64 options of scapy router advertisements.

    Called only with packets scapy produced, so importing it here costs nothing more.
    """
    from scapy.layers.inet6 import ICMPv6NDOptPREF64

    found: dict[str, None] = {}
    for advertisement in advertisements:
        option = advertisement.getlayer(ICMPv6NDOptPREF64)
        while option is not None:
            length = PLC_LENGTHS.get(int(option.plc))
            if length is not None:
                found[f"{option.prefix}/{length}"] = None
            option = option.payload.getlayer(ICMPv6NDOptPREF64)
    return list(found)


class Nat64Probe(Probe[Nat64Discovery]):
    name = "vantage.nat64"
    observation_type = Nat64Discovery

    async def run(self, target: Target, ctx: ProbeContext, inputs: Inputs) -> Nat64Discovery:
        synthesized: list[str] = Field(default_factory=list)
        try:
            synthesized = list((await ctx.dns.lookup(DISCOVERY_NAME, "AAAA")).records)
        except Exception as exc:
            if evidence_reason(exc) not in (Reason.NXDOMAIN, Reason.NO_DATA):
                raise  # the resolver itself failed: nothing about NAT64 was measured
        dns = Pref64Method(prefixes=[str(p) for p in discovered_prefixes(synthesized)])
        return Nat64Discovery(synthesized=synthesized, dns=dns, ra=await self._solicit(ctx))

    async def _solicit(self, ctx: ProbeContext) -> Pref64Method:
        try:
            interface = ctx.routes.default_route_interface(6)
            if interface is None:
                raise ProbeError(Reason.NO_LOCAL_IPV6, "no IPv6 default route to solicit on")
            answers = await ctx.packets.exchange(
                _solicitation,
                remote=ALL_ROUTERS,
                listen=LISTEN,
                iface=interface,
                multi=True,
                configured=True,
            )
            advertisements = [received for _sent, received in answers]
            return Pref64Method(prefixes=pref64_prefixes(advertisements))
        except Exception as exc:
            return Pref64Method(failure=Failure(reason=evidence_reason(exc), message=describe(exc)))


def _solicitation() -> list[Any]:
    from scapy.layers.inet6 import ICMPv6ND_RS, IPv6

    return [IPv6(dst=ALL_ROUTERS, hlim=255) / ICMPv6ND_RS()]
