"""The host's address records: AAAA and A, each with the CNAME chain that led to them.

The probe also records which of them are no usable service address (an IPv4-mapped AAAA, one
under this network's NAT64 prefix, a loopback A, ...), as the run's address policy sees them, so
every probe measures only addresses whose packets really leave as their family, and every check
can name the others. The NAT64 prefixes come from RFC 7050 discovery through the same resolver,
one cached lookup per run.
"""

from __future__ import annotations

import asyncio

from pydantic import Field

from v6audit.probes.base import Inputs, Probe
from v6audit.probes.model import Failure, Observation, Reason, StoredFailure, Target
from v6audit.probes.net.context import ProbeContext
from v6audit.probes.net.dnsclient import Lookup
from v6audit.probes.net.errors import classify, describe
from v6audit.probes.net.nat64 import DISCOVERY_NAME, discovered_prefixes


class AddressLookup(Observation):
    cname_chain: list[tuple[str, str]]
    canonical: str
    addresses: list[str]


class UnusableAddress(Observation):
    address: str
    why: str
    """The special-purpose block with its RFC, or the NAT64 prefix this network uses."""

    def describe(self) -> str:
        return f"{self.address} is {self.why}"


class HostAddresses(Observation):
    host: str
    aaaa: AddressLookup
    a: AddressLookup | None
    """None when the A lookup failed; ``a_failure`` says why."""
    a_failure: Failure | None = None
    unusable: list[UnusableAddress] = Field(default_factory=list)
    """AAAA and A records that are no usable service address of their family, and why."""

    stored_failures = (StoredFailure("a_failure", "a_error"),)

    @property
    def usable6(self) -> list[str]:
        """The AAAA whose packets leave as IPv6 to a global (or in-scope) address."""
        return self._usable(self.aaaa.addresses)

    @property
    def usable4(self) -> list[str]:
        return self._usable(self.a.addresses if self.a is not None else [])

    @property
    def ipv6_only(self) -> bool:
        """The host has usable AAAA and, as the A lookup showed, no usable IPv4 address."""
        return bool(self.usable6) and self.a is not None and not self.usable4

    def unusable_in(self, addresses: list[str]) -> list[UnusableAddress]:
        return [u for u in self.unusable if u.address in addresses]

    def _usable(self, addresses: list[str]) -> list[str]:
        bad = {u.address for u in self.unusable}
        return [a for a in addresses if a not in bad]


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

    async def run(self, target: Target, ctx: ProbeContext, inputs: Inputs) -> HostAddresses:
        assert target.host is not None
        aaaa, a, nat64 = await asyncio.gather(
            ctx.dns.lookup(target.host, "AAAA"),
            ctx.dns.lookup(target.host, "A"),
            ctx.dns.lookup(DISCOVERY_NAME, "AAAA"),  # cached: one query per run
            return_exceptions=True,
        )
        policy = ctx.gate.policy
        if not isinstance(nat64, BaseException):
            policy.learn_nat64(discovered_prefixes(list(nat64.records)))
        if isinstance(aaaa, BaseException):
            raise aaaa
        a_failure: Failure | None = None
        if isinstance(a, BaseException):
            if not isinstance(a, Exception):
                raise a
            a_failure = Failure(reason=classify(a), message=describe(a))
            if a_failure.reason is Reason.INTERNAL:
                raise RuntimeError(describe(a)) from a
        records = list(aaaa.records) + ([] if isinstance(a, BaseException) else list(a.records))
        return HostAddresses(
            host=target.host,
            aaaa=_to_observation(aaaa),
            a=None if isinstance(a, BaseException) else _to_observation(a),
            a_failure=a_failure,
            unusable=[
                UnusableAddress(address=address, why=found.why)
                for address in records
                if (found := policy.unusable(address)) is not None
            ],
        )
