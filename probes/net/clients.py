"""What a probe may ask of the network, one Protocol per door of the probe context.

Each Protocol is the surface the probes actually use, no more: the real clients (DNS, HTTP,
TCP, UDP, raw packets, the kernel's routes) satisfy them structurally, and so does the in-memory
world the probe unit tests run on. Typing the context by these rather than by the clients keeps
every probe testable without root or a network, while the lab tests the real clients.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol

from v6audit.probes.net.dnsclient import Lookup, Reply
from v6audit.probes.net.icmpecho import EchoAnswer
from v6audit.probes.net.pageload import PageLoad
from v6audit.probes.net.pathmtu import EchoTest
from v6audit.probes.net.udpclient import Datagram
from v6audit.probes.net.webclient import Deadline, Response


class Dns(Protocol):
    """Lookups through the run's resolvers, and direct questions to one server address."""

    @property
    def servers(self) -> list[tuple[str, int]]:
        """The resolvers in use, as (address, port)."""
        ...

    async def lookup(self, name: str, rdtype: str) -> Lookup:
        """Records of ``name``/``rdtype`` (empty for no data); raises when the lookup fails."""
        ...

    async def timed_lookup(self, name: str, rdtype: str) -> float:
        """Seconds one fresh resolution takes; raises like ``lookup``."""
        ...

    async def ask(self, server: str, name: str, rdtype: str, port: int = 53) -> Reply:
        """Any reply of the server at address ``server``, asked without recursion."""
        ...


class WebFetcher(Protocol):
    """Requests sharing connections for the length of one probe run."""

    async def fetch(
        self,
        url: str,
        address: str,
        deadline: Deadline | None = None,
        method: str = "GET",
        *,
        configured: bool = False,
    ) -> Response:
        """``url`` from the literal ``address``, redirects not followed; raises when it fails."""
        ...


class Web(Protocol):
    """HTTP to one explicit address, the family never left to chance."""

    def session(self, fresh: bool = False) -> AbstractAsyncContextManager[WebFetcher]:
        """A fetcher; within a target's door, the one the target's probes share (one pool, one
        exchange per question), with ``fresh`` one of its own whose connections close when the
        block ends (a new visitor's view)."""
        ...

    def target(self, tcp: Tcp | None = None) -> AbstractAsyncContextManager[Web]:
        """The door of one target's probes, sharing connections and exchanges until the block
        ends; its connections are opened through ``tcp``, the target's TCP door, where that
        can (:mod:`probes.net.targettcp`)."""
        ...

    async def get(
        self,
        url: str,
        address: str,
        deadline: Deadline | None = None,
        method: str = "GET",
        *,
        configured: bool = False,
    ) -> Response:
        """One request on a connection of its own, never shared (see ``WebFetcher.fetch``)."""
        ...

    async def load(self, url: str, address: str) -> PageLoad:
        """``url`` loaded from ``address`` on a fresh connection, each stage timed by the
        kernel; raises when it fails."""
        ...


class Tcp(Protocol):
    """TCP to one literal address."""

    def target(self) -> AbstractAsyncContextManager[Tcp]:
        """One target's door: handshakes shared by its probes (:mod:`probes.net.targettcp`)."""
        ...

    async def connect(
        self, address: str, port: int, wait: float | None = None, *, keep: bool = False
    ) -> float:
        """Seconds the handshake took; raises when it fails. ``keep``: the connection may
        serve the target's HTTP exchange with that port next (:mod:`probes.net.targettcp`)."""
        ...

    async def greeting(self, address: str, port: int) -> str:
        """The first line the server sends after accepting."""
        ...

    async def certificate_sha256(self, address: str, port: int) -> str:
        """SHA-256 of the certificate a TLS server presents (unverified)."""
        ...


class Udp(Protocol):
    """One request, the first acceptable reply, to one literal address."""

    async def exchange(
        self,
        address: str,
        port: int,
        payload: bytes,
        accept: Callable[[bytes], bool] = ...,
        wait: float | None = None,
        *,
        configured: bool = False,
    ) -> Datagram:
        """The first reply ``accept`` takes; raises on silence."""
        ...


class Packets(Protocol):
    """Raw packets (root only): scapy exchanges and ICMPv6 echoes."""

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
        """The (sent, answer) pairs of the scapy packets ``build`` makes."""
        ...

    async def echo(self, address: str, size: int, wait: float) -> EchoAnswer | None:
        """One echo of ``size`` bytes; what answered it within ``wait`` seconds, None if nothing."""
        ...

    async def large_echoes(self, address: str, size: int, tries: int, wait: float) -> EchoTest:
        """Large echoes whose replies come back only if the far end learns the path MTU."""
        ...


class Routes(Protocol):
    """What this vantage's kernel knows about reaching an address; nothing is sent."""

    def source_address(self, address: str) -> str | None:
        """The local address the kernel would send from; None without a route."""
        ...

    def require_route(self, address: str) -> None:
        """Raise ``no_local_ipv6`` (``unreachable`` for IPv4) without a route to ``address``."""
        ...

    def default_route_interface(self, version: int) -> str | None:
        """The interface of the default route for IPv4 or IPv6; None without one."""
        ...

    def learned_mtu(self, address: str) -> int | None:
        """The path MTU the kernel learned for the IPv6 ``address``; None when it holds none."""
        ...
