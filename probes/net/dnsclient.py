"""DNS for probes: one resolver configuration, direct server queries, one cache, the gate's manners.

Lookups go to the configured recursive resolvers (or the system's) through dnspython's asyncio
resolver. Direct queries (:meth:`DnsClient.ask`) go to one explicit server address, so the
address family is the caller's choice, never the operating system's: that is how name servers
are tested over IPv6 alone. Identical lookups and identical direct queries in one run share one
exchange: concurrent callers await the same task, later callers get the cached outcome (failures
included, so a dead name or a silent server is not asked again for every target that mentions
it). The caches are bounded, so memory stays flat on huge runs.
"""

from __future__ import annotations

import asyncio
import functools
import ipaddress
from collections import OrderedDict
from collections.abc import Callable, Coroutine, Hashable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import dns.asyncquery
import dns.asyncresolver
import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.nameserver
import dns.query
import dns.rcode
import dns.rdatatype
import dns.resolver

from v6audit.probes.model import Reason
from v6audit.probes.net.dnssockets import DnsBackend
from v6audit.probes.net.endpoints import parse_address_port
from v6audit.probes.net.errors import ExchangeError, drop_tracebacks, exchange_errors
from v6audit.probes.net.gate import NetworkGate
from v6audit.probes.net.settings import Timeouts
from v6audit.probes.net.socketerrors import socket_reason
from v6audit.probes.net.udpclient import UdpClient

LOOKUP_CACHE = 4096
"""Lookups kept: enough for every name of the targets in flight (a few per target at the default
concurrency) and for the name servers and mail hosts many targets share."""
REPLY_CACHE = 1024
"""Direct replies kept: each holds a whole DNS message, and most are per target (the last steps
of a delegation walk), so only those in use and the shared upper zone cuts are worth keeping."""
EDNS_PAYLOAD = 1232
"""The EDNS buffer size of DNS Flag Day 2020: large enough for most answers, small enough to
avoid IP fragmentation; bigger answers come back truncated and are fetched again over TCP."""

KeyT = TypeVar("KeyT", bound=Hashable)
ValueT = TypeVar("ValueT")


@dataclass(frozen=True, slots=True)
class Lookup:
    """The outcome of one lookup that did not fail: records may be empty (no data)."""

    name: str
    rdtype: str
    cname_chain: tuple[tuple[str, str], ...]
    """(alias, target) pairs in the order the chain was followed."""
    canonical: str
    records: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Reply:
    """One server's answer to one direct query, and whether it took TCP to get it."""

    server: str
    message: dns.message.Message
    tcp: bool

    @property
    def rcode(self) -> str:
        return dns.rcode.to_text(self.message.rcode())

    @property
    def authoritative(self) -> bool:
        return bool(self.message.flags & dns.flags.AA)


@functools.lru_cache(maxsize=4096)
def dns_name(text: str) -> dns.name.Name:
    """``text`` as an absolute DNS name. Names are immutable and recur across a target's probes
    and the targets of a zone (the zone, its servers, the name asked at every step of the
    delegation walk): parsed once, not at every comparison."""
    return dns.name.from_text(text)


@dataclass(frozen=True, slots=True)
class _Settled(Generic[ValueT]):
    """A finished lookup as the cache keeps it: its value, or the failure it raised."""

    value: ValueT | None
    failure: BaseException | None

    def outcome(self) -> ValueT:
        if self.failure is not None:
            raise self.failure.with_traceback(None)  # this caller's frames, not the last one's
        return self.value  # type: ignore[return-value]


class TaskCache(Generic[KeyT, ValueT]):
    """At most ``size`` outcomes, least recently used first out; one task per key.

    Caching the task rather than its result makes concurrent callers share one exchange, and
    caching failures too means a dead name or a silent server costs one timeout per run. Once
    the task ends, only its outcome is kept: a finished task still holds its coroutine, the
    context it ran in (the probe's hold-up among it) and, for a failure, every frame it went
    through, several kilobytes per entry of a cache of thousands.
    """

    def __init__(self, size: int) -> None:
        self._entries: OrderedDict[KeyT, asyncio.Task[ValueT] | _Settled[ValueT]] = OrderedDict()
        self._size = size

    async def get(self, key: KeyT, start: Callable[[], Coroutine[Any, Any, ValueT]]) -> ValueT:
        entry = self._entries.get(key)
        if entry is None:
            entry = asyncio.get_running_loop().create_task(start())
            entry.add_done_callback(functools.partial(self._settle, key))
            self._entries[key] = entry
            if len(self._entries) > self._size:
                self._entries.popitem(last=False)
        else:
            self._entries.move_to_end(key)
            if isinstance(entry, _Settled):  # most callers come after the exchange
                return entry.outcome()
        return await asyncio.shield(entry)

    def _settle(self, key: KeyT, task: asyncio.Task[ValueT]) -> None:
        if self._entries.get(key) is not task or task.cancelled():
            return  # evicted meanwhile, or cut by the run's end: nothing to keep
        failure = task.exception()
        if failure is None:
            self._entries[key] = _Settled(task.result(), None)
        else:
            drop_tracebacks(failure)  # raised again for each later caller, from its own frame
            self._entries[key] = _Settled(None, failure)


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
    resolver.use_edns(0, 0, EDNS_PAYLOAD)
    return resolver


class DnsClient:
    def __init__(
        self,
        resolver: dns.asyncresolver.Resolver,
        gate: NetworkGate,
        udp: UdpClient,
        query_timeout: float,
    ) -> None:
        self._resolver = resolver
        self._gate = gate
        self._udp = udp
        self._query_timeout = query_timeout
        self._backend = DnsBackend()
        self._lookups: TaskCache[tuple[str, str], Lookup] = TaskCache(LOOKUP_CACHE)
        self._replies: TaskCache[tuple[str, int, str, str], Reply] = TaskCache(REPLY_CACHE)

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
        """Resolve ``name``/``rdtype``; a failure raises ``ExchangeError`` (nxdomain, no_data,
        servfail, refused, timeout)."""
        key = (name.lower().rstrip("."), rdtype)
        return await self._lookups.get(key, lambda: self._query(*key))

    async def timed_lookup(self, name: str, rdtype: str) -> float:
        """Seconds the first resolver takes to answer ``name``/``rdtype`` (never from this
        client's cache, so repeated samples each measure the resolver): from the query's send
        to the kernel's stamp of the answer's arrival (:mod:`probes.net.stamps`), so the
        auditor's own load is not in it. Silence is asked again within the lookup's time; a
        failure raises like ``lookup``."""
        server, port = self.servers[0]
        query = dns.message.make_query(name + ".", rdtype, use_edns=0, payload=EDNS_PAYLOAD)
        wire = query.to_wire()
        with exchange_errors(dns_reason):
            datagram = await self._udp.exchange(
                server,
                port,
                wire,
                lambda data: data[:2] == wire[:2],
                wait=self._resolver.lifetime,
                configured=True,
            )
            reply = dns.message.from_wire(datagram.data)
            if not query.is_response(reply):
                raise ExchangeError(Reason.SERVFAIL, f"{server} answered another query")
            if reply.rcode() == dns.rcode.NXDOMAIN:
                raise ExchangeError(Reason.NXDOMAIN, f"{server}: {name} does not exist")
            if reply.rcode() != dns.rcode.NOERROR:
                raise ExchangeError(
                    Reason.SERVFAIL, f"{server} answered {dns.rcode.to_text(reply.rcode())}"
                )
        return datagram.seconds

    async def ask(self, server: str, name: str, rdtype: str, port: int = 53) -> Reply:
        """Ask the server at address ``server`` directly, without recursion, over UDP and then
        TCP if the answer was truncated.

        Any reply is returned, whatever its rcode or flags: judging it is the caller's business.
        No reply raises ``ExchangeError``: timeout, refused, unreachable, or servfail for a
        malformed one.
        """
        key = (str(ipaddress.ip_address(server)), port, name.lower().rstrip("."), rdtype)
        return await self._replies.get(key, lambda: self._ask(*key))

    async def _ask(self, server: str, port: int, name: str, rdtype: str) -> Reply:
        query = dns.message.make_query(name + ".", rdtype, use_edns=0, payload=EDNS_PAYLOAD)
        query.flags &= ~dns.flags.RD
        with exchange_errors(dns_reason):
            async with self._gate.slot(server):
                # a datagram from another source (stray, or spoofed) is not the server's reply:
                # it is ignored, as the resolver's queries ignore it, and the wait goes on
                message, tcp = await dns.asyncquery.udp_with_fallback(
                    query, server, timeout=self._query_timeout, port=port,
                    ignore_unexpected=True, backend=self._backend,
                )  # fmt: skip
        return Reply(server=server, message=message, tcp=tcp)

    async def _query(self, name: str, rdtype: str) -> Lookup:
        with exchange_errors(dns_reason):
            async with self._gate.slot():
                answer = await self._resolver.resolve(
                    name + ".",
                    rdtype,
                    raise_on_no_answer=False,
                    search=False,
                    backend=self._backend,
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


def dns_reason(exc: BaseException) -> Reason | None:
    """dnspython's exceptions (and the socket's under them) as catalog reasons."""
    if isinstance(exc, dns.resolver.NXDOMAIN):
        return Reason.NXDOMAIN
    if isinstance(exc, dns.resolver.NoAnswer):
        return Reason.NO_DATA
    if isinstance(exc, dns.resolver.NoNameservers):
        return _no_nameservers_reason(exc)
    if isinstance(exc, dns.exception.Timeout):
        return Reason.TIMEOUT
    if isinstance(exc, _UNUSABLE_ANSWERS):
        return Reason.SERVFAIL
    return socket_reason(exc)


_UNUSABLE_ANSWERS = (
    dns.exception.FormError,  # malformed reply, or one that does not answer the query sent
    dns.query.UnexpectedSource,
    dns.message.ChainTooLong,  # a CNAME loop, or a chain no resolver would follow
    dns.message.AnswerForNXDOMAIN,
    dns.message.NotQueryResponse,
)
"""A server replied, but with nothing usable: for the catalog that is a server failure."""


def _no_nameservers_reason(exc: dns.resolver.NoNameservers) -> Reason:
    """The resolver gave up on every server: say whether they answered badly or not at all."""
    errors = exc.kwargs.get("errors") or []
    if errors and all(_is_timeout_error(e) for e in errors):
        return Reason.TIMEOUT
    if errors and all(_is_refused(e) for e in errors):
        return Reason.REFUSED
    return Reason.SERVFAIL


def _is_timeout_error(entry: tuple[object, ...]) -> bool:
    return any(isinstance(part, dns.exception.Timeout | TimeoutError) for part in entry)


def _is_refused(entry: tuple[object, ...]) -> bool:
    return any(isinstance(part, ConnectionRefusedError) or part == "REFUSED" for part in entry)
