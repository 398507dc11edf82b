"""TCP for probes: a connect, or a server's greeting line, to one literal address.

The socket family comes from the address itself and the name is never resolved (numeric host
only), so the OS cannot pick another family for us. Each operation takes a gate slot first, then
runs under its own deadline: ``Timeouts.connect`` for a handshake, ``Timeouts.exchange`` for a
greeting (a server that accepts and never speaks, or trickles its banner, is cut off).
"""

from __future__ import annotations

import asyncio
import hashlib
import socket
import ssl
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from v6audit.probes.model import Reason
from v6audit.probes.net.errors import ExchangeError, exchange_errors
from v6audit.probes.net.gate import Lease, NetworkGate
from v6audit.probes.net.routes import require_route
from v6audit.probes.net.settings import Timeouts
from v6audit.probes.net.socketerrors import socket_reason
from v6audit.probes.net.targettcp import TargetTcp

GREETING_BYTES = 512
"""Longest greeting line kept; RFC 5321 limits a reply line to 512 octets."""


@dataclass(slots=True)
class Connection:
    """A TCP connection a handshake opened; its owner closes it, which gives its gate slot
    back too (a connection made on a slot the caller holds has none of its own)."""

    seconds: float
    """How long the handshake took."""
    sock: socket.socket
    lease: Lease | None

    def close(self) -> None:
        """Close the socket (nothing to say: no polite close to linger in), free the slot."""
        self.sock.close()
        if self.lease is not None:
            self.lease.release()


class TcpClient:
    """TCP for the whole run; ``target()`` opens one target's door, which shares handshakes."""

    def __init__(self, gate: NetworkGate, timeouts: Timeouts) -> None:
        self._gate = gate
        self._timeouts = timeouts
        self._unverified: ssl.SSLContext | None = None

    @asynccontextmanager
    async def target(self) -> AsyncIterator[TargetTcp]:
        """The TCP door of one target's probes, sharing handshakes until the block ends (see
        :class:`~probes.net.targettcp.TargetTcp`)."""
        door = TargetTcp(self, self._timeouts.connect)
        try:
            yield door
        finally:
            await door.aclose()

    async def connect(
        self, address: str, port: int, wait: float | None = None, *, keep: bool = False
    ) -> float:
        """Seconds the TCP handshake with ``address``:``port`` took; a failure raises
        ``ExchangeError`` (timeout, refused, unreachable, ...).

        ``wait`` shortens the handshake timeout, e.g. for host discovery, where most addresses
        are silent and a live host answers at once. A handshake that times out is remembered
        (:mod:`probes.net.silence`): one that would wait no longer is not tried for a while.
        ``keep`` means something only within a target's door (:meth:`target`), where an
        exchange can take the connection; here it is closed at once.
        """
        connection = await self.handshake(address, port, wait)
        connection.close()
        return connection.seconds

    async def handshake(
        self, address: str, port: int, wait: float | None = None, *, slot_held: bool = False
    ) -> Connection:
        """The connection a TCP handshake opened, with its gate slot, for the caller to close
        (see :meth:`connect`). ``slot_held``: the caller holds a slot for ``address`` already
        (an HTTP exchange opening its connection), so the handshake takes none of its own."""
        limit = wait or self._timeouts.connect
        with exchange_errors(socket_reason):
            lease = None
            if not slot_held:
                lease = await self._gate.lease(address, handshake=(port, limit))
            try:
                require_route(address)
                sock = _handshake_socket(address)
                try:
                    started = time.monotonic()
                    try:
                        async with asyncio.timeout(limit):
                            await asyncio.get_running_loop().sock_connect(sock, (address, port))
                    except TimeoutError:
                        self._gate.silent.record(address, port, limit)
                        raise
                except BaseException:
                    sock.close()
                    raise
            except BaseException:
                if lease is not None:
                    lease.release()
                raise
            return Connection(time.monotonic() - started, sock, lease)

    async def greeting(self, address: str, port: int) -> str:
        """The first line the server sends after accepting (an SMTP banner, say)."""
        with exchange_errors(socket_reason):
            async with self._gate.slot(address), asyncio.timeout(self._timeouts.exchange):
                require_route(address)
                reader, writer = await _open(address, port)
                try:
                    return await _first_line(reader)
                finally:
                    writer.transport.abort()

    async def certificate_sha256(self, address: str, port: int) -> str:
        """SHA-256 of the certificate a TLS server presents, unverified: it identifies the
        server (two addresses presenting it are likely one host), it is not trusted."""
        context = self._unverified_context()
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        with exchange_errors(socket_reason):
            async with self._gate.slot(address), asyncio.timeout(self._timeouts.exchange):
                require_route(address)
                _reader, writer = await asyncio.open_connection(
                    address, port, family=family, flags=socket.AI_NUMERICHOST, ssl=context
                )
                try:
                    der: bytes | None = writer.get_extra_info("ssl_object").getpeercert(True)
                finally:
                    writer.transport.abort()
        if not der:
            raise ExchangeError(Reason.RESET, "no certificate presented")
        return hashlib.sha256(der).hexdigest()

    def _unverified_context(self) -> ssl.SSLContext:
        """One context for every certificate read, made on first use: it trusts nothing, so
        it loads no CA store (``create_default_context`` would, on every call)."""
        if self._unverified is None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            self._unverified = context
        return self._unverified


def _handshake_socket(address: str) -> socket.socket:
    """A bare non-blocking socket of the address's family. A handshake needs no transport,
    protocol nor streams."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setblocking(False)
    return sock


async def _open(address: str, port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    return await asyncio.open_connection(
        address, port, family=family, flags=socket.AI_NUMERICHOST, limit=GREETING_BYTES
    )


async def _first_line(reader: asyncio.StreamReader) -> str:
    data = b""
    while b"\n" not in data and len(data) < GREETING_BYTES:
        chunk = await reader.read(GREETING_BYTES - len(data))
        if not chunk:
            break
        data += chunk
    if not data:
        raise ExchangeError(Reason.RESET, "closed the connection without a greeting")
    return data.split(b"\n", 1)[0].decode("utf-8", "replace").rstrip("\r")
