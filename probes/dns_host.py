"""The host's address records: AAAA and A, each with the CNAME chain that led to them."""

from __future__ import annotations

import asyncio

from auditor.context import ProbeContext
from auditor.dnsclient import Lookup
from auditor.errors import classify, describe
from auditor.model import Observation, Reason, Target
from probes.base import Probe


class AddressLookup(Observation):
    cname_chain: list[tuple[str, str]]
    canonical: str
    addresses: list[str]


class HostAddresses(Observation):
    host: str
    aaaa: AddressLookup
    a: AddressLookup | None
    """None when the A lookup failed; ``a_error`` says why."""
    a_error: Reason | None = None


def _to_observation(lookup: Lookup) -> AddressLookup:
    return AddressLookup(
        cname_chain=list(lookup.cname_chain),
        canonical=lookup.canonical,
        addresses=list(lookup.records),
    )


class HostAddressesProbe(Probe[HostAddresses]):
    """AAAA is what every IPv6 verdict hangs on, so its failure fails the probe; A is evidence."""

    name = "dns.host"
    observation_type = HostAddresses

    async def run(self, target: Target, ctx: ProbeContext) -> HostAddresses:
        assert target.host is not None
        aaaa, a = await asyncio.gather(
            ctx.dns.lookup(target.host, "AAAA"),
            ctx.dns.lookup(target.host, "A"),
            return_exceptions=True,
        )
        if isinstance(aaaa, BaseException):
            raise aaaa
        a_reason: Reason | None = None
        if isinstance(a, BaseException):
            if not isinstance(a, Exception):
                raise a
            a_reason = classify(a)
            if a_reason is Reason.INTERNAL:
                raise RuntimeError(describe(a)) from a
        return HostAddresses(
            host=target.host,
            aaaa=_to_observation(aaaa),
            a=None if isinstance(a, BaseException) else _to_observation(a),
            a_error=a_reason,
        )
