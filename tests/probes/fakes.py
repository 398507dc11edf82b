"""An in-memory world for probe unit tests, behind a real probe context's doors.

A :class:`World` is scripted per test: DNS records as the resolver sees them, authoritative
servers for direct questions, pages per (URL, address), TCP listeners, UDP services, raw-packet
replies and the vantage's routes. The fake clients take the real gate's slots, so the real
address policy refuses what it would refuse in a run, and they fail the way the real clients
do, with :class:`probes.net.errors.ExchangeError` and its reason. Nothing leaves the process.

Every probe of the tests runs through :func:`run_probe`: as the engine runs it, with its budget,
its retry and the observations of the probes it requires, but raising what it raises.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

import dns.flags
import dns.message
import dns.rcode
import dns.rrset
import httpx

from v6audit.auditor import probegraph
from v6audit.auditor.targets import parse_target
from v6audit.probes.base import Budget, Inputs, Observations, Probe
from v6audit.probes.model import Observation, Reason, Target, TargetKind
from v6audit.probes.net.clients import Tcp
from v6audit.probes.net.context import ProbeContext
from v6audit.probes.net.dnsclient import Lookup, Reply
from v6audit.probes.net.errors import ExchangeError, ProbeError
from v6audit.probes.net.gate import NetworkGate
from v6audit.probes.net.icmpecho import EchoAnswer
from v6audit.probes.net.pageload import PageLoad
from v6audit.probes.net.pathmtu import EchoTest
from v6audit.probes.net.policy import AddressPolicy
from v6audit.probes.net.roothints import RootServer, load_root_hints
from v6audit.probes.net.routes import no_route
from v6audit.probes.net.settings import Limits, ScanSettings
from v6audit.probes.net.udpclient import Datagram
from v6audit.probes.net.webclient import Deadline, Response

ObservationT = TypeVar("ObservationT", bound=Observation)

HOST = "www.example.cn"
V6 = "3ffe:501:10::80"
V4 = "11.10.0.80"
VANTAGE = Target("v6audit.auditor.example.cn", TargetKind.VANTAGE)
"""The target of vantage probes: the auditing host itself."""
PAGE = "<html><head><title>Home</title></head><body><h1>Welcome</h1></body></html>"
LOCAL6 = "3ffe:501:ff00::2"
LOCAL4 = "11.255.0.2"
RESOLVER = ("11.255.0.53", 53)
MAX_CHAIN = 16
"""CNAMEs the fake resolver follows before it gives up, as dnspython does on a loop."""
FAST = Limits(rate=1_000_000)
"""The real gate, without a rate that would make a sweep of a /24 take seconds."""


def run_probe(probe: Probe[ObservationT], target: Target | str, ctx: ProbeContext) -> ObservationT:
    """Run ``probe`` on ``target`` (a Target, or text as a user would type it) in ``ctx``, after
    the probes it requires (with their default parameters)."""
    parsed = parse_target(target) if isinstance(target, str) else target

    async def observed(probe: Probe[Any], start: float) -> Observation:
        needs = {r.name: await observed(r(), start) for r in probe.requires}
        budget = Budget(start, ctx.settings.timeouts.probe, probe.deadline_share)
        return await probegraph.run_probe(probe, parsed, ctx, Inputs(budget, Observations(needs)))

    async def go() -> Observation:
        return await observed(probe, asyncio.get_running_loop().time())

    observation = asyncio.run(go())
    assert isinstance(observation, probe.observation_type)
    return observation  # type: ignore[return-value]


def site(
    world: World,
    host: str = HOST,
    aaaa: Sequence[str] = (V6,),
    a: Sequence[str] = (V4,),
    body: str = PAGE,
) -> None:
    """A working site: ``https://host/`` serves ``body`` on every address, and
    ``http://host/`` redirects there."""
    world.host(host, aaaa, a)
    for address in [*aaaa, *a]:
        world.page(f"https://{host}/", address, body=body, certificate="c0ffee")
        world.redirect(f"http://{host}/", address, f"https://{host}/")


def failure(reason: Reason, what: str) -> ExchangeError:
    return ExchangeError(reason, f"{what}: {reason.value} (fake world)")


def _name(text: str) -> str:
    return text.lower().rstrip(".")


@dataclass
class NameServer:
    """An authoritative server for ``zone``: its records, and the zones it delegates."""

    zone: str
    records: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    delegations: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    """Child zone to {name-server name: glue addresses}."""
    authoritative: bool = True
    """False for a lame server: it answers, without authority."""

    def answer(self, name: str, rdtype: str) -> dns.message.Message:
        """The reply, through the wire as a real one comes (parsed, its sections indexed)."""
        return dns.message.from_wire(self._reply(_name(name), rdtype).to_wire())

    def _reply(self, name: str, rdtype: str) -> dns.message.Message:
        reply = dns.message.make_response(dns.message.make_query(name + ".", rdtype))
        if not _under(name, self.zone):
            reply.set_rcode(dns.rcode.REFUSED)
            return reply
        for child, servers in self.delegations.items():
            if _under(name, child):
                return add_referral(reply, child, servers)
        if self.authoritative:
            reply.flags |= dns.flags.AA
        if (name, rdtype) in self.records:
            reply.answer.append(
                dns.rrset.from_text_list(name + ".", 300, "IN", rdtype, self.records[name, rdtype])
            )
        elif name != self.zone and not any(_under(owner, name) for owner, _ in self.records):
            reply.set_rcode(dns.rcode.NXDOMAIN)
        return reply


def _under(name: str, zone: str) -> bool:
    return zone == "." or name == zone or name.endswith("." + zone)


def add_referral(
    reply: dns.message.Message, child: str, servers: dict[str, list[str]]
) -> dns.message.Message:
    """``reply`` made a referral to ``child``: its servers, and their addresses as glue."""
    reply.authority.append(
        dns.rrset.from_text_list(child + ".", 300, "IN", "NS", [f"{n}." for n in servers])
    )
    for server, addresses in servers.items():
        for address in addresses:
            rdtype = "AAAA" if ":" in address else "A"
            reply.additional.append(dns.rrset.from_text(server + ".", 300, "IN", rdtype, address))
    return reply


@dataclass
class Listener:
    """A TCP port that accepts; what it says first, and the certificate it presents."""

    greeting: str | None = None
    certificate: str | None = None


Responder = Callable[[bytes], bytes | None]
"""A UDP service: the reply to a request (None: it stays silent)."""
PacketResponder = Callable[[list[Any]], list[tuple[Any, Any]]]
"""Raw-packet answers: the (sent, answer) pairs for the packets a probe built."""


@dataclass
class World:
    """Everything the fake clients know; tests fill in what their probe reads."""

    records: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    cnames: dict[str, str] = field(default_factory=dict)
    lookup_failures: dict[tuple[str, str], Reason] = field(default_factory=dict)
    resolvers: list[tuple[str, int]] = field(default_factory=lambda: [RESOLVER])
    name_servers: dict[str, NameServer | Reason] = field(default_factory=dict)
    """Server address to the server (or how asking it fails; silence when absent)."""
    pages: dict[tuple[str, str], Response | Reason] = field(default_factory=dict)
    listeners: dict[str, dict[int, Listener]] = field(default_factory=dict)
    """Address to its open ports; other ports of a known address refuse, unknown ones are silent."""
    tcp_failures: dict[tuple[str, int], Reason] = field(default_factory=dict)
    udp: dict[tuple[str, int], Responder] = field(default_factory=dict)
    packets: dict[str, PacketResponder] = field(default_factory=dict)
    pings: dict[str, EchoAnswer] = field(default_factory=dict)
    """Address to what answers a single echo to it (silence when absent)."""
    echoes: dict[str, EchoTest] = field(default_factory=dict)
    root: bool = True
    ipv6: bool = True
    """The vantage has an IPv6 route (and IPv4, below)."""
    ipv4: bool = True
    learned_mtus: dict[str, int] = field(default_factory=dict)
    stalled: set[tuple[str, str]] = field(default_factory=set)
    """(URL, address) pairs whose exchange holds until the caller's deadline (``stall_page``)."""
    page_timings: dict[str, Iterator[float]] = field(default_factory=dict)
    """Address to the seconds its successive page fetches take (default: each page's own)."""
    roots: tuple[RootServer, ...] | None = None
    """Root hints of the context (default: the shipped IANA file)."""

    def host(self, name: str, aaaa: Sequence[str] = (), a: Sequence[str] = ()) -> None:
        """``name`` with these addresses (either list may be empty: no data)."""
        name = _name(name)
        self.records[name, "AAAA"] = list(aaaa)
        self.records[name, "A"] = list(a)

    def record(self, name: str, rdtype: str, *values: str) -> None:
        self.records[_name(name), rdtype] = list(values)

    def cname(self, alias: str, target: str) -> None:
        self.cnames[_name(alias)] = _name(target)

    def fail_lookup(self, name: str, rdtype: str, reason: Reason) -> None:
        self.lookup_failures[_name(name), rdtype] = reason

    def page(
        self,
        url: str,
        address: str,
        status: int = 200,
        body: bytes | str = b"",
        headers: dict[str, str] | None = None,
        certificate: str | None = None,
    ) -> None:
        """A response for ``url`` from ``address``; its port is then open there."""
        data = body.encode() if isinstance(body, str) else body
        default = {"content-type": "text/html; charset=utf-8"} if status < 300 else {}
        self.pages[url, address] = Response(
            url=url,
            address=address,
            status=status,
            headers=httpx.Headers(headers if headers is not None else default),
            body=data,
            truncated=False,
            certificate_sha256=certificate if url.startswith("https:") else None,
            seconds=0.01,
            first_byte=0.005,
        )
        self.listen(address, _port(url))

    def redirect(self, url: str, address: str, location: str, status: int = 301) -> None:
        self.page(url, address, status, headers={"location": location})

    def stall_page(self, url: str, address: str) -> None:
        """``url`` from ``address`` never answers: the exchange lasts until the caller's
        deadline, then times out (a silent server, in the time the caller gives it)."""
        self.stalled.add((url, address))
        self.listen(address, _port(url))

    def fail_page(self, url: str, address: str, reason: Reason) -> None:
        self.pages[url, address] = reason
        self.listen(address, _port(url))

    def listen(
        self, address: str, *ports: int, greeting: str | None = None, certificate: str | None = None
    ) -> None:
        """Open ``ports`` on ``address`` (known from now on: its other ports refuse)."""
        open_ports = self.listeners.setdefault(address, {})
        for port in ports:
            open_ports.setdefault(port, Listener(greeting, certificate))

    def context(self, settings: ScanSettings | None = None) -> ProbeContext:
        return fake_context(self, settings)


def _port(url: str) -> int:
    parsed = httpx.URL(url)
    return parsed.port or (443 if parsed.scheme == "https" else 80)


def run_settings(**changes: Any) -> ScanSettings:
    """Run settings for a fake world: the defaults, ``changes`` and no throttling."""
    return ScanSettings(**{"limits": FAST, **changes})


def fake_context(world: World, settings: ScanSettings | None = None) -> ProbeContext:
    """A probe context on ``world``, with the real gate and address policy of ``settings``."""
    settings = settings or run_settings()
    policy = AddressPolicy(scope=settings.scope, allow_private=settings.allow_private)
    gate = NetworkGate(settings.limits, policy)
    routes = FakeRoutes(world)
    return ProbeContext(
        settings=settings,
        gate=gate,
        dns=FakeDns(world, gate),
        root_hints=world.roots if world.roots is not None else load_root_hints(),
        udp=FakeUdp(world, gate, routes),
        packets=FakePackets(world, gate),
        web=FakeWeb(world, gate, routes),
        tcp=FakeTcp(world, gate, routes),
        routes=routes,
    )


class FakeRoutes:
    def __init__(self, world: World) -> None:
        self._world = world

    def source_address(self, address: str) -> str | None:
        if ":" in address:
            return LOCAL6 if self._world.ipv6 else None
        return LOCAL4 if self._world.ipv4 else None

    def require_route(self, address: str) -> None:
        if self.source_address(address) is None:
            raise no_route(address)

    def default_route_interface(self, version: int) -> str | None:
        routed = self._world.ipv6 if version == 6 else self._world.ipv4
        return "eth0" if routed else None

    def learned_mtu(self, address: str) -> int | None:
        return self._world.learned_mtus.get(address)


class FakeDns:
    def __init__(self, world: World, gate: NetworkGate) -> None:
        self._world = world
        self._gate = gate
        self.asked: list[tuple[str, str, str]] = []
        """(server, name, type) of every direct question, in order."""

    @property
    def servers(self) -> list[tuple[str, int]]:
        return list(self._world.resolvers)

    async def lookup(self, name: str, rdtype: str) -> Lookup:
        async with self._gate.slot():
            return self._resolve(name, rdtype)

    async def timed_lookup(self, name: str, rdtype: str) -> float:
        await self.lookup(name, rdtype)
        return 0.002

    async def ask(self, server: str, name: str, rdtype: str, port: int = 53) -> Reply:
        async with self._gate.slot(server):
            self.asked.append((server, _name(name), rdtype))
            found = self._world.name_servers.get(server, Reason.TIMEOUT)
            if isinstance(found, Reason):
                raise failure(found, f"{server} for {name}/{rdtype}")
            return Reply(server=server, message=found.answer(name, rdtype), tcp=False)

    def _resolve(self, name: str, rdtype: str) -> Lookup:
        world = self._world
        current = _name(name)
        chain: list[tuple[str, str]] = []
        while True:
            reason = world.lookup_failures.get((current, rdtype))
            if reason is not None:
                raise failure(reason, f"{current}/{rdtype}")
            target = world.cnames.get(current)
            if target is None or rdtype == "CNAME":
                break
            chain.append((current, target))
            if len(chain) > MAX_CHAIN:
                raise failure(Reason.SERVFAIL, f"a CNAME loop at {current}")
            current = target
        if rdtype == "CNAME" and current in world.cnames:
            records = [world.cnames[current] + "."]
        elif (current, rdtype) in world.records:
            records = world.records[current, rdtype]
        elif not self._exists(current):
            raise failure(Reason.NXDOMAIN, f"{current}/{rdtype}")
        else:
            records = []
        return Lookup(
            name=_name(name),
            rdtype=rdtype,
            cname_chain=tuple(chain),
            canonical=current,
            records=tuple(sorted(records)),
        )

    def _exists(self, name: str) -> bool:
        """A name with records of its own, or below it (an empty non-terminal)."""
        return name in self._world.cnames or any(
            _under(owner, name) for owner, _ in self._world.records
        )


class FakeWebSession:
    def __init__(self, world: World, gate: NetworkGate, routes: FakeRoutes) -> None:
        self._world = world
        self._gate = gate
        self._routes = routes

    async def fetch(
        self,
        url: str,
        address: str,
        deadline: Deadline | None = None,
        method: str = "GET",
        *,
        configured: bool = False,
    ) -> Response:
        async with self._gate.slot(address, configured=configured):
            self._routes.require_route(address)
            if (url, address) in self._world.stalled:
                loop = asyncio.get_running_loop()
                until = loop.time() if deadline is None else deadline()
                await asyncio.sleep(max(until - loop.time(), 0.0))
                raise failure(Reason.TIMEOUT, f"{method} {url} from {address} never answered")
            found = self._world.pages.get((url, address))
            if isinstance(found, Reason):
                raise failure(found, f"{method} {url} from {address}")
            if found is None:
                open_ports = self._world.listeners.get(address)
                if open_ports is None:
                    raise failure(Reason.TIMEOUT, f"{address} is silent")
                if _port(url) not in open_ports:
                    raise failure(Reason.REFUSED, f"{url} from {address}")
                return Response(url, address, 404, httpx.Headers(), b"", False, None, 0.01)
            if method == "HEAD":
                return Response(
                    url, address, found.status, found.headers, b"", False, None, found.seconds
                )
            timings = self._world.page_timings.get(address)
            if timings is not None:
                seconds = next(timings)
                return dataclasses.replace(found, seconds=seconds, first_byte=seconds)
            return found


class FakeWeb:
    def __init__(self, world: World, gate: NetworkGate, routes: FakeRoutes) -> None:
        self._world = world
        self._session = FakeWebSession(world, gate, routes)

    def session(self, fresh: bool = False) -> AbstractAsyncContextManager[FakeWebSession]:
        return self._open()

    @asynccontextmanager
    async def target(self, tcp: Tcp | None = None) -> AsyncIterator[FakeWeb]:
        yield self

    @asynccontextmanager
    async def _open(self) -> AsyncIterator[FakeWebSession]:
        yield self._session

    async def get(
        self,
        url: str,
        address: str,
        deadline: Deadline | None = None,
        method: str = "GET",
        *,
        configured: bool = False,
    ) -> Response:
        return await self._session.fetch(url, address, deadline, method, configured=configured)

    async def load(self, url: str, address: str) -> PageLoad:
        """The page as ``fetch`` serves it, on a connection that ``tcp_failures`` may fail."""
        if (reason := self._world.tcp_failures.get((address, _port(url)))) is not None:
            raise failure(reason, f"connect to {address} port {_port(url)}")
        page = await self._session.fetch(url, address)
        return PageLoad(
            connect=0.001,
            first_byte=page.first_byte,
            page=page.seconds,
            status=page.status,
            received=len(page.body),
            stamped=True,
        )


class FakeTcp:
    def __init__(self, world: World, gate: NetworkGate, routes: FakeRoutes) -> None:
        self._world = world
        self._gate = gate
        self._routes = routes

    @asynccontextmanager
    async def target(self) -> AsyncIterator[FakeTcp]:
        yield self

    async def connect(
        self, address: str, port: int, wait: float | None = None, *, keep: bool = False
    ) -> float:
        await self._accepted(address, port)
        return 0.001

    async def greeting(self, address: str, port: int) -> str:
        listener = await self._accepted(address, port)
        if listener.greeting is None:
            raise failure(Reason.TIMEOUT, f"{address} port {port} never speaks")
        return listener.greeting

    async def certificate_sha256(self, address: str, port: int) -> str:
        listener = await self._accepted(address, port)
        if listener.certificate is None:
            raise failure(Reason.TLS, f"{address} port {port} speaks no TLS")
        return listener.certificate

    async def _accepted(self, address: str, port: int) -> Listener:
        async with self._gate.slot(address):
            self._routes.require_route(address)
            reason = self._world.tcp_failures.get((address, port))
            if reason is not None:
                raise failure(reason, f"{address} port {port}")
            open_ports = self._world.listeners.get(address)
            if open_ports is None:
                raise failure(Reason.TIMEOUT, f"{address} is silent")
            if port not in open_ports:
                raise failure(Reason.REFUSED, f"{address} port {port}")
            return open_ports[port]


class FakeUdp:
    def __init__(self, world: World, gate: NetworkGate, routes: FakeRoutes) -> None:
        self._world = world
        self._gate = gate
        self._routes = routes

    async def exchange(
        self,
        address: str,
        port: int,
        payload: bytes,
        accept: Callable[[bytes], bool] = lambda _data: True,
        wait: float | None = None,
        *,
        configured: bool = False,
    ) -> Datagram:
        async with self._gate.slot(address, configured=configured):
            local = self._routes.source_address(address)
            if local is None:
                raise failure(Reason.UNREACHABLE, f"no route to {address}")
            service = self._world.udp.get((address, port))
            reply = service(payload) if service is not None else None
            if reply is None or not accept(reply):
                raise failure(Reason.TIMEOUT, f"no UDP answer from {address} port {port}")
            return Datagram(data=reply, local=local, seconds=0.001)


class FakePackets:
    def __init__(self, world: World, gate: NetworkGate) -> None:
        self._world = world
        self._gate = gate

    async def exchange(
        self,
        build: Callable[[], Sequence[Any]],
        *,
        remote: str,
        listen: float,
        iface: str | None = None,
        multi: bool = False,
        configured: bool = False,
    ) -> list[tuple[Any, Any]]:
        self._privileged()
        async with self._gate.slot(remote, configured=configured):
            responder = self._world.packets.get(remote)
            return responder(list(build())) if responder is not None else []

    async def echo(self, address: str, size: int, wait: float) -> EchoAnswer | None:
        self._privileged()
        async with self._gate.slot(address):
            return self._world.pings.get(address)

    async def large_echoes(self, address: str, size: int, tries: int, wait: float) -> EchoTest:
        self._privileged()
        async with self._gate.slot(address):
            silent = EchoTest(size=size, sent=tries, large_replies=0, small_reply=False)
            return self._world.echoes.get(address, silent)

    def _privileged(self) -> None:
        if not self._world.root:
            raise ProbeError(Reason.NEEDS_ROOT, "raw packets need root (fake world)")
