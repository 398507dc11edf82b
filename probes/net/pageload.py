"""One page load timed by the kernel: connect, first byte and whole page, as a new visitor waits.

``web.latency6`` compares these timings between the families, so they must be the network's and
the server's, never the auditor's: a user-space clock read after an answer also counts how long
the auditor took to get to it (its other targets, other processes on its CPUs), and that falls on
either family at random. Here every interval runs from the moment a flight was sent to the
kernel's arrival stamp of the answer (:mod:`probes.net.stamps`); the auditor's work between an
answer and its next flight (verifying a certificate, say) is left out, as a browser on an idle
machine would not spend it. The handshake's time is the kernel's own round-trip measure.

A fresh connection each time, HTTP/1.1 with ``Connection: close``, TLS verified with the run's
trust store and the URL's host as SNI, to one literal address (the family never left to chance);
the exchange holds a gate slot, passes the address policy and ends within ``Timeouts.exchange``.
At most ``Limits.body_bytes`` of body are read: the page's time is that of its first megabyte.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from dataclasses import dataclass

import h11
import httpx

from v6audit.probes.model import Reason
from v6audit.probes.net import stamps
from v6audit.probes.net.errors import exchange_errors
from v6audit.probes.net.gate import NetworkGate
from v6audit.probes.net.routes import require_route
from v6audit.probes.net.settings import ScanSettings
from v6audit.probes.net.socketerrors import socket_reason
from v6audit.probes.urlparts import parsed

READ_BYTES = 65536


@dataclass(frozen=True, slots=True)
class PageLoad:
    """Seconds each stage took on the wire, and what came back."""

    connect: float
    """The TCP handshake's round trip."""
    first_byte: float
    """Connect, the TLS handshake and the request until the first byte of the response."""
    page: float
    """... until the last byte of the body (or of its first ``Limits.body_bytes``)."""
    status: int
    received: int
    """Body bytes received, as sent (still encoded)."""
    stamped: bool
    """The kernel stamped every arrival; False where the auditor's clock stood in for it."""


def load_reason(exc: BaseException) -> Reason | None:
    """The socket table, and HTTP that h11 cannot parse."""
    if isinstance(exc, h11.ProtocolError):
        return Reason.PROTOCOL
    return socket_reason(exc)


async def load_page(
    settings: ScanSettings,
    gate: NetworkGate,
    tls: ssl.SSLContext,
    user_agent: str,
    url: str,
    address: str,
) -> PageLoad:
    """Load ``url`` from ``address`` on a connection of its own; a failure raises
    ``ExchangeError`` (timeout, refused, reset, tls, protocol, ...)."""
    wanted = parsed(url)
    secure = wanted.scheme == "https"
    port = wanted.port or (443 if secure else 80)
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with exchange_errors(load_reason):
        async with gate.slot(address), asyncio.timeout(settings.timeouts.exchange):
            require_route(address)
            with socket.socket(family, socket.SOCK_STREAM) as sock:
                sock.setblocking(False)
                stamps.stamp_arrivals(sock)
                wire = _Wire(sock)
                started = stamps.now()
                await asyncio.get_running_loop().sock_connect(sock, (address, port))
                rtt = stamps.handshake_rtt(sock)
                wire.stamped &= rtt is not None
                connect = rtt if rtt is not None else stamps.now() - started
                if secure:
                    await wire.start_tls(tls, wanted.raw_host.decode("ascii"))
                return await _get(wire, wanted, user_agent, settings.limits.body_bytes, connect)


async def _get(wire: _Wire, url: httpx.URL, user_agent: str, cap: int, connect: float) -> PageLoad:
    http = h11.Connection(h11.CLIENT)
    request = h11.Request(
        method="GET",
        target=url.raw_path,
        headers=[
            (b"Host", url.netloc),
            (b"User-Agent", user_agent.encode()),
            (b"Accept", b"text/html,application/xhtml+xml,*/*;q=0.8"),
            (b"Accept-Encoding", b"gzip, deflate"),
            (b"Connection", b"close"),
        ],
    )
    await wire.send(b"".join(filter(None, (http.send(request), http.send(h11.EndOfMessage())))))
    first_byte: float | None = None
    status, received = 0, 0
    while True:
        event = http.next_event()
        if event is h11.NEED_DATA:
            data = await wire.receive()
            if first_byte is None and data:
                first_byte = connect + wire.elapsed
            http.receive_data(data)
        elif isinstance(event, h11.Response):
            status = event.status_code
        elif isinstance(event, h11.Data):
            received += len(event.data)
            if received > cap:
                break
        elif isinstance(event, h11.EndOfMessage | h11.ConnectionClosed):
            break
    return PageLoad(
        connect=connect,
        first_byte=first_byte if first_byte is not None else connect + wire.elapsed,
        page=connect + wire.elapsed,
        status=status,
        received=received,
        stamped=wire.stamped,
    )


class _Wire:
    """A non-blocking socket, with TLS when started, that adds up the time on the wire.

    Each flight sent opens a round, which the arrivals it draws close: the round lasts from the
    send to the stamp of the last arrival read before the next flight. ``elapsed`` is the sum of
    the rounds, so the auditor's own time between an arrival and its next flight is not in it.
    """

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._tls: ssl.SSLObject | None = None
        self._incoming = ssl.MemoryBIO()
        self._outgoing = ssl.MemoryBIO()
        self._closed = 0.0
        self._round: tuple[float, float | None] | None = None
        self.stamped = stamps.STAMPED

    @property
    def elapsed(self) -> float:
        if self._round is None or self._round[1] is None:
            return self._closed
        return self._closed + self._round[1] - self._round[0]

    async def start_tls(self, context: ssl.SSLContext, host: str) -> None:
        """The TLS handshake, verified by ``context``, with ``host`` as SNI."""
        tls = self._tls = context.wrap_bio(self._incoming, self._outgoing, server_hostname=host)
        while True:
            try:
                tls.do_handshake()
                break
            except ssl.SSLWantReadError:
                await self._flush()
                await self._arrive()

    async def send(self, data: bytes) -> None:
        if self._tls is None:
            await self._transmit(data)
        else:
            self._tls.write(data)
            await self._flush()

    async def receive(self) -> bytes:
        """The next bytes of the stream (decrypted), b"" once the peer closed it."""
        if self._tls is None:
            return await self._arrive()
        while True:
            try:
                return self._tls.read(READ_BYTES)
            except ssl.SSLWantReadError:
                if not await self._arrive():
                    return b""
            except ssl.SSLZeroReturnError:
                return b""

    async def _flush(self) -> None:
        if pending := self._outgoing.read():
            await self._transmit(pending)

    async def _transmit(self, data: bytes) -> None:
        if self._round is not None and self._round[1] is not None:
            self._closed += self._round[1] - self._round[0]
        self._round = (stamps.now(), None)
        await asyncio.get_running_loop().sock_sendall(self._sock, data)

    async def _arrive(self) -> bytes:
        arrival = await stamps.receive(self._sock, READ_BYTES)
        if arrival.stamp is None:
            self.stamped = False
        if self._round is not None and arrival.data:
            stamp = arrival.stamp if arrival.stamp is not None else stamps.now()
            self._round = (self._round[0], stamp)
        if self._tls is not None:
            if arrival.data:
                self._incoming.write(arrival.data)
            else:
                self._incoming.write_eof()
        return arrival.data
