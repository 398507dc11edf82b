"""DNS lookups for probes: one resolver configuration, one cache, the gate's manners.

Lookups go to the configured recursive resolvers (or the system's) through dnspython's asyncio
resolver. Identical lookups in one run share one query: concurrent callers await the same task,
later callers get the cached outcome (failures included, so a dead name is not asked again for
every target that mentions it). The cache is bounded, so memory stays flat on huge runs.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from dataclasses import dataclass

import dns.asyncresolver
import dns.nameserver
import dns.rdatatype
import dns.resolver

from auditor.endpoints import parse_address_port
from auditor.gate import NetworkGate
from auditor.settings import Timeouts

CACHE_SIZE = 20_000


@dataclass(frozen=True, slots=True)
class Lookup:
    """The outcome of one lookup that did not fail: records may be empty (no data)."""

    name: str
    rdtype: str
    cname_chain: tuple[tuple[str, str], ...]
    """(alias, target) pairs in the order the chain was followed."""
    canonical: str
    records: tuple[str, ...]


def parse_server(text: str) -> tuple[str, int]:
    """``ADDR``, ``ADDR:PORT`` or ``[V6ADDR]:PORT`` to (address, port)."""
    return parse_address_port(text, 53, "resolver")


def build_resolver(servers: tuple[str, ...], timeouts: Timeouts) -> dns.asyncresolver.Resolver:
    """A resolver for the given servers (the system configuration when none are given)."""
    if servers:
        resolver = dns.asyncresolver.Resolver(configure=False)
        resolver.nameservers = [
            dns.nameserver.Do53Nameserver(address, port)
            for address, port in map(parse_server, servers)
        ]
    else:
        resolver = dns.asyncresolver.Resolver()
    resolver.timeout = timeouts.dns_try
    resolver.lifetime = timeouts.dns_total
    resolver.use_edns(0, 0, 1232)
    return resolver


class DnsClient:
    def __init__(
        self, resolver: dns.asyncresolver.Resolver, gate: NetworkGate, cache_size: int = CACHE_SIZE
    ) -> None:
        self._resolver = resolver
        self._gate = gate
        self._cache: OrderedDict[tuple[str, str], asyncio.Task[Lookup]] = OrderedDict()
        self._cache_size = cache_size

    @property
    def servers(self) -> list[tuple[str, int]]:
        """The resolvers in use (configured, or the system's), as (address, port)."""
        found = []
        for server in self._resolver.nameservers:
            if isinstance(server, dns.nameserver.Do53Nameserver):
                found.append((server.address, server.port))
            elif isinstance(server, str):
                found.append((server, self._resolver.port))
        return found

    async def lookup(self, name: str, rdtype: str) -> Lookup:
        """Resolve ``name``/``rdtype``; raises dnspython's NXDOMAIN, NoNameservers, timeouts."""
        key = (name.lower().rstrip("."), rdtype)
        task = self._cache.get(key)
        if task is None:
            task = asyncio.get_running_loop().create_task(self._query(*key))
            self._cache[key] = task
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        return await asyncio.shield(task)

    async def _query(self, name: str, rdtype: str) -> Lookup:
        async with self._gate.slot():
            answer = await self._resolver.resolve(
                name + ".", rdtype, raise_on_no_answer=False, search=False
            )
        chain = answer.chaining_result
        wanted = dns.rdatatype.from_text(rdtype)
        records = (
            tuple(sorted(rdata.to_text() for rdata in chain.answer))
            if chain.answer is not None and chain.answer.rdtype == wanted
            else ()
        )
        return Lookup(
            name=name,
            rdtype=rdtype,
            cname_chain=tuple(
                (rrset.name.to_text(omit_final_dot=True), rrset[0].target.to_text(True))
                for rrset in chain.cnames
            ),
            canonical=chain.canonical_name.to_text(omit_final_dot=True),
            records=records,
        )
