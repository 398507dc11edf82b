"""HTTP for probes: one URL fetched from one explicit address, the family never left to chance.

The request goes to the literal address while the Host header and the TLS server name (SNI) carry
the URL's host, so the server sees what a browser would send, yet nothing resolves the name and
nothing races the families (no happy eyeballs): a broken IPv6 path cannot hide behind IPv4.

Every exchange is bounded: it waits for a gate slot (per-address limit and global rate), then
connect, request, TLS and body together must finish within ``Timeouts.exchange`` (a server that
trickles bytes is cut off), and at most ``Limits.body_bytes`` of body are kept, counted after
decompression, so a 1 GB answer or a gzip bomb costs a megabyte. Content encoding is undone
here rather than by httpx because httpx inflates a whole network chunk at once, which a bomb
turns into tens of megabytes.

Requests go straight to httpcore's connection pool (over :mod:`probes.net.httpnetwork`); httpx
is used for what it is best at, parsing URLs and reading headers. Its client would add, per
request, URL merging, cookies, auth and event hooks the auditor has no use for, and a response
whose stream refers back to it: a reference cycle that kept every target's pools, connections
and sockets alive until the cyclic garbage collector came by (the benchmark's processes spent 6
to 8% of their CPU in it, collecting some 200 such objects per domain).

Certificates are verified against the system store, or only ``--ca-bundle`` when given.
"""

from __future__ import annotations

import asyncio
import hashlib
import socket
import ssl
import time
import zlib
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import h11
import httpcore
import httpx

from v6audit.probes.model import Reason
from v6audit.probes.net.errors import exchange_errors
from v6audit.probes.net.gate import NetworkGate
from v6audit.probes.net.holdup import current
from v6audit.probes.net.httpnetwork import AsyncioBackend
from v6audit.probes.net.pageload import PageLoad, load_page
from v6audit.probes.net.routes import require_route
from v6audit.probes.net.settings import ScanSettings
from v6audit.probes.net.socketerrors import socket_reason
from v6audit.probes.net.targettcp import TargetTcp
from v6audit.probes.net.targetweb import TargetWeb
from v6audit.probes.urlparts import parsed

if TYPE_CHECKING:
    from v6audit.probes.net.clients import Tcp

CANCEL_GRACE = 0.25
"""Seconds the outer deadline waits beyond httpx's own timeouts: cancelling httpcore in the
middle of a TLS handshake would leave the socket open."""
Inflate = Callable[[bytes, int], bytes]
"""Decode one chunk of a body, producing at most the given number of bytes."""
KEEPALIVE_EXPIRY = 5.0
"""Seconds an idle connection stays in its pool (httpx's default)."""
_NETWORK = AsyncioBackend()
"""Connections for every pool (it keeps no state)."""
Headers = tuple[tuple[bytes, bytes], ...]
"""What every request says besides its Host, in the order httpx would send it."""
Deadline = Callable[[], float]
"""The caller's limit on an exchange, in event-loop time: read when the exchange has its slot."""


@dataclass(frozen=True, slots=True)
class Response:
    """One HTTP response, with its body already decoded and capped."""

    url: str
    address: str
    status: int
    headers: httpx.Headers
    body: bytes
    truncated: bool
    """The body was longer than the cap; ``body`` holds its first ``Limits.body_bytes``."""
    certificate_sha256: str | None
    """Fingerprint of the certificate the server presented (https only)."""
    seconds: float
    first_byte: float = 0.0
    """Seconds until the response head arrived (time to first byte), connect included."""


def tls_context(settings: ScanSettings) -> ssl.SSLContext:
    """The trust the auditor verifies servers against: ``--ca-bundle``, else the system store."""
    cafile = str(settings.ca_bundle) if settings.ca_bundle is not None else None
    return ssl.create_default_context(cafile=cafile)


class WebClient:
    def __init__(
        self, settings: ScanSettings, gate: NetworkGate, user_agent: str = "v6audit"
    ) -> None:
        """``user_agent``: how requests name the auditor (the product and its version, which
        this layer does not know)."""
        self._user_agent = user_agent
        self._settings = settings
        self._gate = gate
        self._tls = tls_context(settings)
        self._headers: Headers = (
            (b"Accept", b"text/html,application/xhtml+xml,*/*;q=0.8"),
            (b"Accept-Encoding", b"gzip, deflate"),
            (b"Connection", b"keep-alive"),
            (b"User-Agent", user_agent.encode("ascii")),
        )

    def new_session(self, door: TargetTcp | None = None) -> WebSession:
        """A session of its own; the caller closes it (``aclose``). ``door``: the target's TCP
        door, whose connections the session's exchanges take (see :class:`WebSession`)."""
        return WebSession(self._settings, self._gate, self._tls, self._headers, door)

    @asynccontextmanager
    async def session(self, fresh: bool = False) -> AsyncIterator[WebSession]:
        """Connections kept for the length of one probe run, closed when it ends (outside a
        target's scope every session is a fresh one, whatever ``fresh`` says)."""
        session = self.new_session()
        try:
            yield session
        finally:
            await session.aclose()

    @asynccontextmanager
    async def target(self, tcp: Tcp | None = None) -> AsyncIterator[TargetWeb]:
        """The web door of one target's probes, sharing connections and exchanges until the
        block ends (see :class:`~probes.net.targetweb.TargetWeb`); ``tcp``, the target's TCP
        door, opens its connections (:mod:`probes.net.targettcp`)."""
        web = TargetWeb(self, tcp if isinstance(tcp, TargetTcp) else None)
        try:
            yield web
        finally:
            await web.aclose()

    async def get(
        self,
        url: str,
        address: str,
        deadline: Deadline | None = None,
        method: str = "GET",
        *,
        configured: bool = False,
    ) -> Response:
        """One request for ``url`` to ``address`` on a connection of its own (see ``fetch``)."""
        async with self.session() as session:
            return await session.fetch(url, address, deadline, method, configured=configured)

    async def load(self, url: str, address: str) -> PageLoad:
        """``url`` loaded from ``address`` on a fresh connection, timed by the kernel (see
        :mod:`probes.net.pageload`)."""
        return await load_page(
            self._settings, self._gate, self._tls, self._user_agent, url, address
        )


class WebSession:
    """Keeps one connection pool per (address, host name).

    Per address so connections are reused across the hops and pages of one address but never
    across addresses, hence never across families; per host name too, because a pooled TLS
    connection carries the SNI it was opened with and another name must get its own handshake.

    A target's session opens its connections through the target's TCP door (``door``): an
    exchange first claims the connection ``web.ports`` kept to its address and port, and runs
    on that connection's gate slot; without one it takes a slot of its own and the door makes
    the handshake, which answers the target's connects to that port too.
    """

    def __init__(
        self,
        settings: ScanSettings,
        gate: NetworkGate,
        tls: ssl.SSLContext,
        headers: Headers,
        door: TargetTcp | None = None,
    ) -> None:
        self._settings = settings
        self._gate = gate
        self._tls = tls
        self._headers = headers
        self._door = door
        self._network = _NETWORK if door is None else AsyncioBackend(self._connection)
        self._claimed: dict[tuple[str, int], list[socket.socket]] = {}
        """Sockets of claimed connections, for the next connection the pools open there."""
        self._pools: dict[tuple[str, str], httpcore.AsyncConnectionPool] = {}

    async def fetch(
        self,
        url: str,
        address: str,
        deadline: Deadline | None = None,
        method: str = "GET",
        *,
        configured: bool = False,
    ) -> Response:
        """GET (or ``method``) ``url`` from ``address`` without following redirects; a failure
        raises ``ExchangeError`` (timeout, refused, reset, tls, protocol, ...).

        ``deadline`` gives the caller's own limit (event-loop time), e.g. a per-target deadline:
        the exchange ends by then even if ``Timeouts.exchange`` would allow longer. It is read
        once the exchange has its slot, so that a deadline the wait for it moved is met.
        ``configured``: the address is the user's own endpoint (the reflector), not the policy's.
        A port that let a TCP handshake time out lately (:mod:`probes.net.silence`) fails at once.
        """
        with exchange_errors(http_reason):
            return await self._fetch(url, address, deadline, method, configured)

    async def _fetch(
        self, url: str, address: str, deadline: Deadline | None, method: str, configured: bool
    ) -> Response:
        wanted = parsed(url)
        if wanted.scheme not in ("http", "https"):
            raise httpx.UnsupportedProtocol(f"the URL {url!r} is not http:// or https://")
        host = wanted.raw_host.decode("ascii")  # the A-label of an IDN
        timeouts = self._settings.timeouts
        port = wanted.port or (443 if wanted.scheme == "https" else 80)
        handshake = (port, timeouts.connect)
        async with self._slot(address, port, configured, handshake):
            require_route(address)
            loop = asyncio.get_running_loop()
            end = loop.time() + timeouts.exchange
            if deadline is not None:
                end = min(end, deadline())
            allowed = max(end - loop.time(), 0.0)
            # httpcore's own timeouts fire first where they can (they close what they opened);
            # the outer one catches what they cannot: a body trickled byte by byte.
            connect = min(timeouts.connect, allowed)
            request = httpcore.Request(
                method,
                httpcore.URL(
                    scheme=wanted.raw_scheme,
                    host=address.encode("ascii"),
                    port=wanted.port,
                    target=wanted.raw_path,
                ),
                headers=[(b"Host", wanted.netloc), *self._headers],
                extensions={
                    "sni_hostname": host,
                    "timeout": {
                        "connect": connect,
                        "read": allowed,
                        "write": allowed,
                        "pool": allowed,
                    },
                },
            )
            started = time.monotonic()
            async with asyncio.timeout_at(end + CANCEL_GRACE):
                answer = await self._pool(address, host).handle_async_request(request)
                try:
                    first_byte = time.monotonic() - started
                    headers = httpx.Headers(answer.headers)
                    certificate = _certificate_sha256(answer)
                    body, truncated = await _read_body(
                        answer, headers, self._settings.limits.body_bytes
                    )
                finally:
                    await answer.aclose()
            return Response(
                url=url,
                address=address,
                status=answer.status,
                headers=headers,
                body=body,
                truncated=truncated,
                certificate_sha256=certificate,
                seconds=time.monotonic() - started,
                first_byte=first_byte,
            )

    @asynccontextmanager
    async def _slot(
        self, address: str, port: int, configured: bool, handshake: tuple[int, float]
    ) -> AsyncIterator[None]:
        """The gate slot the exchange runs on: that of a connection the target's TCP door
        kept to ``address``:``port`` when it has one (its socket goes to the next connection
        a pool opens there, or is closed at the end), else one of its own."""
        claimed = None
        if self._door is not None and not configured:
            claimed = await self._door.claim(address, port)
        if claimed is None:
            async with self._gate.slot(address, configured=configured, handshake=handshake):
                yield
            return
        lease = claimed.lease
        assert lease is not None  # a kept connection holds a slot of its own
        lease.hand_to(current())
        key = (address, port)
        self._claimed.setdefault(key, []).append(claimed.sock)
        try:
            yield
        finally:
            lease.release()
            waiting = self._claimed.get(key, [])
            if claimed.sock in waiting:  # no pool needed a new connection: unused
                waiting.remove(claimed.sock)
                claimed.sock.close()
            if not waiting:
                self._claimed.pop(key, None)

    async def _connection(self, address: str, port: int, wait: float | None) -> socket.socket:
        """A socket for a pool's new connection: a claimed connection's, else one the door
        opens (the exchange holds its slot)."""
        waiting = self._claimed.get((address, port))
        if waiting:
            return waiting.pop()
        assert self._door is not None  # only a target's session takes connections from it
        return await self._door.open(address, port, wait or self._settings.timeouts.connect)

    def _pool(self, address: str, host: str) -> httpcore.AsyncConnectionPool:
        key = (address, host)
        pool = self._pools.get(key)
        if pool is None:
            per_host = self._settings.limits.per_host
            pool = httpcore.AsyncConnectionPool(
                ssl_context=self._tls,
                max_connections=per_host,
                max_keepalive_connections=per_host,
                keepalive_expiry=KEEPALIVE_EXPIRY,
                network_backend=self._network,
            )
            self._pools[key] = pool
        return pool

    async def aclose(self) -> None:
        pools, self._pools = list(self._pools.values()), {}
        for pool in pools:
            await pool.aclose()


def _certificate_sha256(response: httpcore.Response) -> str | None:
    stream = response.extensions.get("network_stream")
    ssl_object = stream.get_extra_info("ssl_object") if stream is not None else None
    if ssl_object is None:
        return None
    der: bytes | None = ssl_object.getpeercert(binary_form=True)
    return hashlib.sha256(der).hexdigest() if der else None


async def _read_body(
    response: httpcore.Response, headers: httpx.Headers, cap: int
) -> tuple[bytes, bool]:
    """At most ``cap`` decoded bytes, and whether more were on offer (the rest is never read)."""
    inflate = _inflater(headers.get("content-encoding", ""))
    body = bytearray()
    async for chunk in response.aiter_stream():
        body += inflate(chunk, cap + 1 - len(body))
        if len(body) > cap:
            return bytes(body[:cap]), True
    return bytes(body), False


def _inflater(content_encoding: str) -> Inflate:
    """Decoder for the encodings the client asks for; anything else is kept as sent."""
    if content_encoding.strip().lower() in ("gzip", "x-gzip", "deflate"):
        decompressor = zlib.decompressobj(wbits=zlib.MAX_WBITS | 32)  # gzip or zlib header

        def inflate(chunk: bytes, room: int) -> bytes:
            return decompressor.decompress(chunk, room)

        return inflate
    return lambda chunk, room: chunk[:room]


def http_reason(exc: BaseException) -> Reason | None:
    """The HTTP stack's exceptions as catalog reasons, read through the layers they wrap.

    The web client meets httpcore's exceptions, which the streams under it
    (:mod:`probes.net.httpnetwork`) raise from the socket's or TLS's, and httpx's where httpx
    parses a URL or wraps httpcore; h11's parse errors come through httpcore's too. The
    innermost exception that says something wins; the wrapper's own type is the fallback.
    """
    if isinstance(exc, TimeoutError | httpx.TimeoutException | httpcore.TimeoutException):
        return Reason.TIMEOUT
    inner = _wrapped(exc)
    if inner is not None and (reason := http_reason(inner)) is not None:
        return reason
    if isinstance(exc, httpx.ConnectError | httpcore.ConnectError):
        return Reason.UNREACHABLE
    if (reason := socket_reason(exc)) is not None:
        return reason
    if isinstance(exc, httpcore.RemoteProtocolError) and not isinstance(
        inner, h11.RemoteProtocolError
    ):
        # httpcore raises one of its own (not from h11's parse error) only when the server
        # closed the connection before answering: the exchange was cut short, not garbled
        return Reason.RESET
    if isinstance(exc, _PROTOCOL_ERRORS):
        return Reason.PROTOCOL
    if isinstance(exc, _BROKEN_STREAMS):
        return Reason.RESET
    return None


_PROTOCOL_ERRORS = (
    httpx.RemoteProtocolError,  # a response h11 cannot parse (an illegal header line)
    httpcore.RemoteProtocolError,
    httpx.LocalProtocolError,  # a request the peer's content made unsendable (a bad Location)
    httpcore.LocalProtocolError,
    httpx.InvalidURL,  # a URL from a page or a Location header that is not one
    httpx.UnsupportedProtocol,
    httpcore.UnsupportedProtocol,
    zlib.error,  # a body that does not decode as its Content-Encoding says (see _inflater)
)
"""The peer spoke, but what it said (or made us say next) is not HTTP: a fact about the target."""
_WRAPPERS = httpx.TransportError | httpcore.NetworkError | httpcore.ProtocolError
"""Transport errors whose own type says little: the exception they wrap tells why."""
_BROKEN_STREAMS = httpx.NetworkError | httpcore.NetworkError
"""A connection that broke mid-exchange, when nothing more specific is known."""


def _wrapped(exc: BaseException) -> BaseException | None:
    """The exception a wrapper stands for, which holds the real reason."""
    if isinstance(exc, _WRAPPERS):
        return exc.__cause__ or exc.__context__
    return None
