"""The web client's network layer against in-process servers on 127.0.0.1: TLS on a memory BIO
(certificates, hang-ups with and without close_notify, silence), flow control of a body larger
than the read buffer, and the reasons its failures are read as."""

from __future__ import annotations

import asyncio
import hashlib
import socket
import ssl
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
import trustme

from v6audit.probes.model import Reason
from v6audit.probes.net.errors import ExchangeError
from v6audit.probes.net.gate import NetworkGate
from v6audit.probes.net.httpnetwork import READ_BUFFER, TlsStream, _Receiver
from v6audit.probes.net.policy import AddressPolicy
from v6audit.probes.net.settings import Limits, ScanSettings, Timeouts
from v6audit.probes.net.webclient import Response, WebClient

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]
NAME = "site.test"
LARGE = READ_BUFFER * 5 + 17
"""A body the client must pause reading for, several times over."""


@pytest.fixture(scope="module")
def authority() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def ca_bundle(authority: trustme.CA, tmp_path: Path) -> Path:
    path = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(path))
    return path


def _server_tls(authority: trustme.CA, name: str = NAME) -> tuple[ssl.SSLContext, bytes]:
    """A server's TLS context for ``name``, and its certificate (DER)."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    leaf = authority.issue_cert(name)
    leaf.configure_cert(context)
    return context, ssl.PEM_cert_to_DER_cert(leaf.cert_chain_pems[0].bytes().decode())


def _client(ca_bundle: Path, timeouts: Timeouts | None = None) -> WebClient:
    settings = ScanSettings(
        allow_private=True,  # the test servers are local
        ca_bundle=ca_bundle,
        timeouts=timeouts or Timeouts(),
        limits=Limits(body_bytes=LARGE + 1000),
    )
    return WebClient(settings, NetworkGate(Limits(), AddressPolicy(allow_private=True)))


async def _answer(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, body: bytes, length: bool
) -> None:
    await reader.readuntil(b"\r\n\r\n")
    head = b"HTTP/1.1 200 OK\r\nConnection: close\r\n"
    if length:
        head += b"Content-Length: %d\r\n" % len(body)
    writer.write(head + b"\r\n" + body)
    await writer.drain()


def _exchange(
    handle: Handler, tls: ssl.SSLContext | None, client: WebClient, scheme: str = ""
) -> Response | ExchangeError:
    """``client`` fetches ``/`` from a server that answers with ``handle`` (over ``tls`` if
    given); ``scheme`` overrides the one ``tls`` implies."""

    async def go() -> Response | ExchangeError:
        server = await asyncio.start_server(handle, "127.0.0.1", 0, family=socket.AF_INET, ssl=tls)
        port = server.sockets[0].getsockname()[1]
        url = f"{scheme or ('https' if tls is not None else 'http')}://{NAME}:{port}/"
        try:
            return await client.get(url, "127.0.0.1")
        except ExchangeError as failure:
            return failure
        finally:
            server.close()

    return asyncio.run(go())


def test_a_large_body_over_tls_arrives_whole_with_the_certificate(
    authority: trustme.CA, ca_bundle: Path
) -> None:
    body = bytes(range(256)) * (LARGE // 256) + b"end"

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _answer(reader, writer, body, length=True)
        writer.close()

    tls, certificate = _server_tls(authority)
    response = _exchange(handle, tls, _client(ca_bundle))
    assert isinstance(response, Response)
    assert response.body == body
    assert not response.truncated
    assert response.certificate_sha256 == hashlib.sha256(certificate).hexdigest()


def test_a_large_plain_body_arrives_whole(ca_bundle: Path) -> None:
    body = b"x" * LARGE

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _answer(reader, writer, body, length=False)  # read until the server closes
        writer.close()

    response = _exchange(handle, None, _client(ca_bundle))
    assert isinstance(response, Response)
    assert response.body == body
    assert response.certificate_sha256 is None


def test_a_hang_up_without_close_notify_ends_a_body_read_to_the_close(
    authority: trustme.CA, ca_bundle: Path
) -> None:
    """Servers often close the TCP connection without TLS's close_notify; browsers accept the
    body, and so does the auditor."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _answer(reader, writer, b"all of it", length=False)
        writer.transport.abort()  # no close_notify

    response = _exchange(handle, _server_tls(authority)[0], _client(ca_bundle))
    assert isinstance(response, Response)
    assert response.body == b"all of it"


def test_a_certificate_for_another_name_is_tls(authority: trustme.CA, ca_bundle: Path) -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _answer(reader, writer, b"wrong site", length=True)
        writer.close()

    failure = _exchange(handle, _server_tls(authority, "other.test")[0], _client(ca_bundle))
    assert isinstance(failure, ExchangeError)
    assert failure.reason is Reason.TLS


async def _silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        await asyncio.sleep(30)
    finally:
        writer.close()


async def _hang_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    writer.close()


def test_a_server_silent_in_the_handshake_times_out_and_one_that_hangs_up_resets(
    ca_bundle: Path,
) -> None:
    """A plain TCP server where TLS is expected: it says nothing, or it closes at once."""
    quick = _client(ca_bundle, Timeouts(connect=0.5, exchange=1.0))
    silent = _exchange(_silent, None, quick, scheme="https")
    assert isinstance(silent, ExchangeError)
    assert silent.reason is Reason.TIMEOUT
    closed = _exchange(_hang_up, None, quick, scheme="https")
    assert isinstance(closed, ExchangeError)
    assert closed.reason is Reason.RESET


def test_a_server_that_sends_no_tls_is_tls(ca_bundle: Path) -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"HTTP/1.1 400 Bad Request\r\n\r\n" * 10)
        await writer.drain()
        writer.close()

    failure = _exchange(handle, None, _client(ca_bundle), scheme="https")
    assert isinstance(failure, ExchangeError)
    assert failure.reason is Reason.TLS


def test_a_server_name_tls_cannot_carry_is_protocol_and_the_connection_closes(
    ca_bundle: Path,
) -> None:
    """A redirect's host with a label too long for TLS's server name: the request cannot be
    made, a fact about the site's links, and the TCP connection opened for it is closed."""
    client = _client(ca_bundle)

    async def go() -> tuple[ExchangeError | None, bool]:
        closed = asyncio.get_running_loop().create_future()

        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await reader.read()
            closed.set_result(None)
            writer.close()

        server = await asyncio.start_server(handle, "127.0.0.1", 0, family=socket.AF_INET)
        port = server.sockets[0].getsockname()[1]
        failure = None
        try:
            await client.get(f"https://{'a' * 64}.test:{port}/", "127.0.0.1")
        except ExchangeError as exc:
            failure = exc
        try:
            await asyncio.wait_for(closed, 2)
        except TimeoutError:
            return failure, False
        finally:
            server.close()
        return failure, True

    failure, closed = asyncio.run(go())
    assert failure is not None
    assert failure.reason is Reason.PROTOCOL
    assert closed


class _Closed(asyncio.Transport):
    """A connection the peer has closed: nothing can be sent on it any more."""

    def is_closing(self) -> bool:
        return True

    def abort(self) -> None:
        pass


class _AnsweringTls:
    """An ``SSLObject`` whose read yields the peer's last record and queues an answer of TLS's
    own (as a TLS 1.3 key update requested by the peer does)."""

    def __init__(self, outgoing: ssl.MemoryBIO) -> None:
        self._outgoing, self._records = outgoing, [b"last words"]

    def read(self, _most: int) -> bytes:
        if not self._records:
            raise ssl.SSLZeroReturnError("close_notify")
        self._outgoing.write(b"key update")
        return self._records.pop()


def test_what_a_peer_sent_before_hanging_up_is_read_though_tls_cannot_answer() -> None:
    receiver = _Receiver()
    receiver.ended = True
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    tls = _AnsweringTls(outgoing)
    stream = TlsStream(_Closed(), receiver, tls, incoming, outgoing)  # type: ignore[arg-type]

    async def go() -> list[bytes]:
        return [await stream.read(100, timeout=1), await stream.read(100, timeout=1)]

    assert asyncio.run(go()) == [b"last words", b""]


def test_an_idle_connection_whose_peer_spoke_over_tls_is_readable() -> None:
    """httpcore reuses a pooled connection only while it is not readable: bytes the TLS layer
    took from the socket and has not read (a close_notify that came with the last answer)
    count, as bytes still in the socket's buffer do."""
    receiver = _Receiver()
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    tls = _AnsweringTls(outgoing)
    stream = TlsStream(_Closed(), receiver, tls, incoming, outgoing)  # type: ignore[arg-type]
    assert not stream.get_extra_info("is_readable")
    incoming.write(b"\x15\x03\x03\x00\x02\x01\x00")  # an alert record
    assert stream.get_extra_info("is_readable")
