"""How the web client names a failed exchange: httpx's layered exceptions read down to the one
that says why, and a few real failures against in-process servers on 127.0.0.1."""

from __future__ import annotations

import asyncio
import errno
import gc
import socket
import ssl
import zlib
from collections.abc import Awaitable, Callable

import h11
import httpcore
import httpx
import pytest

from v6audit.probes.model import Reason
from v6audit.probes.net.errors import ExchangeError
from v6audit.probes.net.gate import NetworkGate
from v6audit.probes.net.policy import AddressPolicy
from v6audit.probes.net.settings import Limits, ScanSettings
from v6audit.probes.net.webclient import WebClient, http_reason


def _raised(outer: BaseException, inner: BaseException | None = None) -> BaseException:
    """``outer`` raised from ``inner`` while handling it, as httpx and httpcore do."""
    try:
        try:
            if inner is not None:
                raise inner
        except BaseException as exc:
            raise outer from exc
        raise outer
    except BaseException as exc:
        return exc


def _through_httpx(
    httpx_type: type[Exception], core_type: type[Exception], inner: object
) -> object:
    """An httpx exception as a request raises it: from httpcore's, raised from ``inner``."""
    core = _raised(core_type("failed"), inner if isinstance(inner, BaseException) else None)
    return _raised(httpx_type(str(core)), core)


@pytest.mark.parametrize(
    ("exc", "reason"),
    [
        (
            _through_httpx(
                httpx.ConnectError,
                httpcore.ConnectError,
                ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused"),
            ),
            Reason.REFUSED,
        ),
        (_through_httpx(httpx.ConnectError, httpcore.ConnectError, None), Reason.UNREACHABLE),
        (_through_httpx(httpx.ConnectTimeout, httpcore.ConnectTimeout, None), Reason.TIMEOUT),
        (TimeoutError(), Reason.TIMEOUT),  # the outer deadline, for a trickled body
        (
            _through_httpx(
                httpx.ConnectError,
                httpcore.ConnectError,
                ssl.SSLCertVerificationError(1, "certificate verify failed"),
            ),
            Reason.TLS,
        ),
        (
            _through_httpx(
                httpx.ReadError,
                httpcore.ReadError,
                ConnectionResetError(errno.ECONNRESET, ""),
            ),
            Reason.RESET,
        ),
        (_through_httpx(httpx.WriteError, httpcore.WriteError, None), Reason.RESET),
        (
            _through_httpx(
                httpx.RemoteProtocolError,
                httpcore.RemoteProtocolError,
                h11.RemoteProtocolError("illegal header line"),
            ),
            Reason.PROTOCOL,
        ),
        (zlib.error("invalid stored block lengths"), Reason.PROTOCOL),
        (httpx.LocalProtocolError("Illegal header value b'x\\r\\ny'"), Reason.PROTOCOL),
        (httpcore.LocalProtocolError("Illegal header value"), Reason.PROTOCOL),
        (httpx.InvalidURL("Invalid non-printable ASCII character in URL"), Reason.PROTOCOL),
        (
            httpx.UnsupportedProtocol("Request URL has an unsupported protocol 'ftp://'."),
            Reason.PROTOCOL,
        ),
        (httpcore.UnsupportedProtocol("Request URL is missing a scheme"), Reason.PROTOCOL),
        (ZeroDivisionError(), None),
    ],
)
def test_httpx_errors_map_to_the_reason_inside(exc: BaseException, reason: Reason | None) -> None:
    """What a hostile peer makes httpx raise is a fact about the target, never a bug."""
    assert http_reason(exc) is reason


def test_a_server_that_closes_before_answering_reset_the_exchange() -> None:
    """httpcore raises this one itself, with no h11 error under it (even when it happens while
    the caller handles another exception)."""
    message = "Server disconnected without sending a response."
    for handled in (None, ValueError("the caller's own")):
        closed = httpcore.RemoteProtocolError(message)
        closed.__context__ = handled
        assert http_reason(_raised(httpx.RemoteProtocolError(message), closed)) is Reason.RESET


def _client() -> WebClient:
    settings = ScanSettings(allow_private=True)  # the test servers are local
    return WebClient(settings, NetworkGate(Limits(), AddressPolicy(allow_private=True)))


async def _serving(
    handle: Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]],
) -> asyncio.Server:
    return await asyncio.start_server(handle, "127.0.0.1", 0, family=socket.AF_INET)


def _fetch_failure(
    handle: Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]] | None,
) -> ExchangeError:
    async def go() -> ExchangeError:
        if handle is None:  # a port nobody listens on: bind one, then close it
            with socket.socket() as sock:
                sock.bind(("127.0.0.1", 0))
                port = sock.getsockname()[1]
            server = None
        else:
            server = await _serving(handle)
            port = server.sockets[0].getsockname()[1]
        try:
            with pytest.raises(ExchangeError) as raised:
                await _client().get(f"http://site.test:{port}/", "127.0.0.1")
            return raised.value
        finally:
            if server is not None:
                server.close()

    return asyncio.run(go())


def test_a_closed_port_is_refused() -> None:
    failure = _fetch_failure(None)
    assert failure.reason is Reason.REFUSED
    assert isinstance(failure.__cause__, httpcore.ConnectError)


async def _close_at_once(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await reader.readuntil(b"\r\n\r\n")
    writer.close()


async def _garble(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await reader.readuntil(b"\r\n\r\n")
    writer.write(b"HTTP/1.1 200 OK\r\nno colon here\r\n\r\n")
    await writer.drain()
    writer.close()


def test_a_server_that_hangs_up_unanswered_is_reset_and_garbage_is_protocol() -> None:
    assert _fetch_failure(_close_at_once).reason is Reason.RESET
    garbled = _fetch_failure(_garble)
    assert garbled.reason is Reason.PROTOCOL
    assert isinstance(garbled.__cause__, httpcore.RemoteProtocolError)


def test_a_url_of_another_scheme_fails_as_protocol_before_any_connection() -> None:
    async def go() -> ExchangeError:
        with pytest.raises(ExchangeError) as raised:
            await _client().get("ftp://site.test/", "127.0.0.1")
        return raised.value

    assert asyncio.run(go()).reason is Reason.PROTOCOL


async def _answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await reader.readuntil(b"\r\n\r\n")
    writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
    await writer.drain()
    writer.close()


def test_a_finished_exchange_leaves_no_reference_cycle_of_the_http_stack() -> None:
    """Pools, connections and responses die with their session, by reference count: left to
    the cyclic collector, a run's thousands of them cost it CPU and memory."""

    async def go() -> None:
        server = await _serving(_answer)
        port = server.sockets[0].getsockname()[1]
        try:
            client = _client()
            for _ in range(3):
                answer = await client.get(f"http://site.test:{port}/", "127.0.0.1")
                assert answer.body == b"ok"
        finally:
            server.close()

    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        asyncio.run(go())
        gc.collect()
        left = {type(o).__module__.split(".")[0] for o in gc.garbage}
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert not left & {"httpx", "httpcore", "h11", "v6audit"}
