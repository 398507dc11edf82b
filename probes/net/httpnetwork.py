"""HTTP's network layer on plain asyncio: httpcore's pool over asyncio's sockets.

httpx reaches the network through httpcore, and httpcore through anyio, which wraps every read
and write in a cancel scope and runs TLS in a memory-BIO loop of its own. The auditor runs on
asyncio only, so the layer under httpcore is an asyncio protocol here: a read is a buffer and a
future, a write is ``transport.write``, TLS is an ``SSLObject`` fed from that buffer. In the
benchmark's profile anyio cost about as much CPU as h11 and httpcore together.

Failures are httpcore's exceptions chained to the socket's or the TLS layer's, as httpcore's own
backends raise them, so :func:`probes.net.webclient.http_reason` reads them the same way.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, TypeVar

import httpcore

T = TypeVar("T")
Opener = Callable[[str, int, float | None], Awaitable[socket.socket]]
"""Where a backend's connections come from: address, port, connect timeout to a socket."""
READ_BUFFER = 256 * 1024
"""Unread bytes a connection holds before it stops reading from the socket (the body cap is
counted above it, so a large answer waits in the kernel, not here)."""


class AsyncioBackend(httpcore.AsyncNetworkBackend):
    """Connections to literal addresses (the web client never lets a name be resolved).

    ``opener``: where the connected sockets come from instead of a handshake of the backend's
    own (a target's TCP door, :mod:`probes.net.targettcp`); given the address, the port and
    the connect timeout, it raises the failure of the handshake it made.
    """

    def __init__(self, opener: Opener | None = None) -> None:
        self._opener = opener

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's interface)
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        try:
            if self._opener is None:
                family = socket.AF_INET6 if ":" in host else socket.AF_INET
                async with asyncio.timeout(timeout):
                    transport, receiver = await loop.create_connection(
                        _Receiver, host, port, family=family, flags=socket.AI_NUMERICHOST
                    )
            else:
                sock = await self._opener(host, port, timeout)
                try:
                    transport, receiver = await loop.create_connection(_Receiver, sock=sock)
                except BaseException:
                    sock.close()
                    raise
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(str(exc)) from exc
        except OSError as exc:
            raise httpcore.ConnectError(str(exc)) from exc
        return AsyncioStream(transport, receiver)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class _Receiver(asyncio.Protocol):
    """The bytes that arrived on one connection and were not read yet, and how it ended."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.ended = False
        self.error: Exception | None = None
        self.reading_paused = False
        self.writing_paused = False
        self._arrived: asyncio.Future[None] | None = None
        self._drained: asyncio.Future[None] | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if len(self.buffer) > READ_BUFFER and self.transport is not None:
            self.transport.pause_reading()
            self.reading_paused = True
        _wake(self._arrived)

    def eof_received(self) -> bool:
        self.ended = True
        _wake(self._arrived)
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self.ended, self.error = True, exc
        _wake(self._arrived)
        self.resume_writing()

    def pause_writing(self) -> None:
        self.writing_paused = True

    def resume_writing(self) -> None:
        self.writing_paused = False
        _wake(self._drained)

    async def arrival(self, seconds: float | None) -> None:
        """Wait until bytes arrive or the connection ends (``TimeoutError`` after ``seconds``)."""
        if not (self.buffer or self.ended):
            self._arrived = asyncio.get_running_loop().create_future()
            await _within(self._arrived, seconds)  # done once awaited: no stale wake-up

    async def drain(self, seconds: float | None) -> None:
        """Wait until the kernel takes more to send (``TimeoutError`` after ``seconds``)."""
        if self.writing_paused:
            self._drained = asyncio.get_running_loop().create_future()
            await _within(self._drained, seconds)

    def take(self, most: int) -> bytes:
        chunk = bytes(self.buffer[:most])
        del self.buffer[:most]
        if self.reading_paused and self.transport is not None and len(self.buffer) <= READ_BUFFER:
            self.transport.resume_reading()
            self.reading_paused = False
        return chunk

    def broken(self) -> Exception:
        """Why nothing more can be sent or read: the socket's error, or the peer's hang-up."""
        return self.error or ConnectionResetError("the peer closed the connection")


class AsyncioStream(httpcore.AsyncNetworkStream):
    """A plain TCP connection; ``start_tls`` turns it into a :class:`TlsStream`."""

    def __init__(self, transport: asyncio.Transport, receiver: _Receiver) -> None:
        self._transport = transport
        self._receiver = receiver

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:  # noqa: ASYNC109
        receiver = self._receiver
        try:
            await receiver.arrival(timeout)
        except TimeoutError as exc:
            raise httpcore.ReadTimeout(str(exc)) from exc
        if receiver.buffer:
            return receiver.take(max_bytes)
        if receiver.error is not None:
            raise httpcore.ReadError(str(receiver.error)) from receiver.error
        return b""

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:  # noqa: ASYNC109
        try:
            await self._send(buffer, _deadline(timeout))
        except TimeoutError as exc:
            raise httpcore.WriteTimeout(str(exc)) from exc
        except OSError as exc:
            raise httpcore.WriteError(str(exc)) from exc

    async def _send(self, data: bytes, deadline: float | None) -> None:
        if not data:
            return
        if self._receiver.ended or self._transport.is_closing():
            raise self._receiver.broken()
        self._transport.write(data)
        await self._receiver.drain(_left(deadline))
        if self._receiver.error is not None:
            raise self._receiver.error

    async def aclose(self) -> None:
        # no TLS close_notify and no lingering: what the auditor wanted has been read
        self._transport.abort()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's interface)
    ) -> httpcore.AsyncNetworkStream:
        incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        try:
            tls = ssl_context.wrap_bio(incoming, outgoing, server_hostname=server_hostname)
            stream = TlsStream(self._transport, self._receiver, tls, incoming, outgoing)
            await stream.run(tls.do_handshake, _deadline(timeout))
        except BaseException as exc:
            self._transport.abort()  # httpcore does not close a stream whose start_tls raised
            if isinstance(exc, TimeoutError):
                raise httpcore.ConnectTimeout(str(exc)) from exc
            if isinstance(exc, ssl.SSLError | OSError):
                cause = self._receiver.broken() if _hung_up(exc) else exc
                raise httpcore.ConnectError(str(cause)) from cause
            if isinstance(exc, ValueError):  # a server name TLS cannot carry (a label too long)
                raise httpcore.LocalProtocolError(str(exc)) from exc
            raise
        return stream

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":  # idle in the pool, yet the peer spoke or hung up
            return self._receiver.ended or bool(self._receiver.buffer)
        if info == "client_addr":
            return self._transport.get_extra_info("sockname")
        if info == "server_addr":
            return self._transport.get_extra_info("peername")
        if info == "socket":
            return self._transport.get_extra_info("socket")
        return None


class TlsStream(AsyncioStream):
    """TLS over a memory BIO: bytes from the socket are fed to the ``SSLObject`` as it asks
    for them, and what it produces is written out after every operation."""

    def __init__(
        self,
        transport: asyncio.Transport,
        receiver: _Receiver,
        tls: ssl.SSLObject,
        incoming: ssl.MemoryBIO,
        outgoing: ssl.MemoryBIO,
    ) -> None:
        super().__init__(transport, receiver)
        self._tls, self._incoming, self._outgoing = tls, incoming, outgoing

    async def run(
        self, operation: Callable[[], T], deadline: float | None, *, reading: bool = False
    ) -> T:
        """``operation`` on the ``SSLObject``, fed with the socket's bytes until it completes.

        What TLS has to say after each step goes out. While ``reading``, that is only TLS's own
        answer (to a key update, say): when the connection can no longer carry it, the peer
        hung up after sending, and what it sent is still read, as the hang-up is, in order.
        """
        while True:
            try:
                result = operation()
            except ssl.SSLWantReadError:
                await self._answer(deadline, reading)
                await self._feed(deadline)
                continue
            await self._answer(deadline, reading)
            return result

    async def _answer(self, deadline: float | None, reading: bool) -> None:
        try:
            await self._send(self._outgoing.read(), deadline)
        except OSError:
            if not reading:
                raise

    async def _feed(self, deadline: float | None) -> None:
        receiver = self._receiver
        await receiver.arrival(_left(deadline))
        if receiver.buffer:
            self._incoming.write(receiver.take(len(receiver.buffer)))
        elif receiver.error is not None:
            raise receiver.error
        else:
            self._incoming.write_eof()

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:  # noqa: ASYNC109
        try:
            return await self.run(
                lambda: self._tls.read(max_bytes), _deadline(timeout), reading=True
            )
        except TimeoutError as exc:
            raise httpcore.ReadTimeout(str(exc)) from exc
        except (ssl.SSLError, OSError) as exc:
            if isinstance(exc, ssl.SSLZeroReturnError) or _hung_up(exc):
                return b""  # close_notify, or a hang-up without one, as browsers accept
            raise httpcore.ReadError(str(exc)) from exc

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:  # noqa: ASYNC109
        if not buffer:
            return
        try:
            await self.run(lambda: self._tls.write(buffer), _deadline(timeout))
        except TimeoutError as exc:
            raise httpcore.WriteTimeout(str(exc)) from exc
        except (ssl.SSLError, OSError) as exc:
            raise httpcore.WriteError(str(exc)) from exc

    def get_extra_info(self, info: str) -> Any:
        if info == "ssl_object":
            return self._tls
        if info == "is_readable" and self._incoming.pending:
            return True  # the peer spoke after the answer (a close_notify): not to be reused
        return super().get_extra_info(info)


def _hung_up(exc: BaseException) -> bool:
    """The peer closed the connection without a TLS close_notify (OpenSSL 3 says so in two
    ways)."""
    return isinstance(exc, ssl.SSLEOFError) or (
        isinstance(exc, ssl.SSLError) and "UNEXPECTED_EOF" in str(exc)
    )


def _deadline(seconds: float | None) -> float | None:
    return None if seconds is None else asyncio.get_running_loop().time() + seconds


def _left(deadline: float | None) -> float | None:
    return None if deadline is None else max(deadline - asyncio.get_running_loop().time(), 0.0)


def _wake(future: asyncio.Future[None] | None) -> None:
    if future is not None and not future.done():
        future.set_result(None)


async def _within(future: asyncio.Future[None], seconds: float | None) -> None:
    """Wait for ``future``, raising ``TimeoutError`` after ``seconds`` (None: for ever): one
    timer, where ``asyncio.timeout`` would add a context manager and a task cancellation."""
    if seconds is None:
        await future
        return
    expiry = asyncio.get_running_loop().call_later(seconds, _expire, future)
    try:
        await future
    finally:
        expiry.cancel()


def _expire(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_exception(TimeoutError())
