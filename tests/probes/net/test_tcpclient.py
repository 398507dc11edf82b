"""The TCP client names its failures: real refused and silent exchanges on 127.0.0.1."""

from __future__ import annotations

import asyncio
import socket

import pytest

from v6audit.probes.model import Reason
from v6audit.probes.net.errors import ExchangeError
from v6audit.probes.net.gate import NetworkGate
from v6audit.probes.net.policy import AddressPolicy
from v6audit.probes.net.settings import Limits, Timeouts
from v6audit.probes.net.tcpclient import TcpClient


def _client() -> TcpClient:
    gate = NetworkGate(Limits(), AddressPolicy(allow_private=True))  # the test servers are local
    return TcpClient(gate, Timeouts(connect=2.0, exchange=2.0))


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_a_closed_port_is_refused_with_the_socket_error_as_cause() -> None:
    async def go() -> ExchangeError:
        with pytest.raises(ExchangeError) as raised:
            await _client().connect("127.0.0.1", _closed_port())
        return raised.value

    failure = asyncio.run(go())
    assert failure.reason is Reason.REFUSED
    assert isinstance(failure.__cause__, ConnectionRefusedError)


def test_a_server_that_hangs_up_without_a_greeting_reset_the_exchange() -> None:
    async def hang_up(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.close()

    async def go() -> ExchangeError:
        server = await asyncio.start_server(hang_up, "127.0.0.1", 0, family=socket.AF_INET)
        try:
            with pytest.raises(ExchangeError) as raised:
                await _client().greeting("127.0.0.1", server.sockets[0].getsockname()[1])
            return raised.value
        finally:
            server.close()

    failure = asyncio.run(go())
    assert (failure.reason, str(failure)) == (
        Reason.RESET,
        "closed the connection without a greeting",
    )


def test_a_port_that_let_a_handshake_time_out_is_not_asked_again() -> None:
    """A listener whose accept queue is full drops further SYNs: a silent port on 127.0.0.1.
    A shortened wait (host discovery) answers for no handshake that would wait longer."""

    async def go(port: int) -> tuple[str, str, float]:
        gate = NetworkGate(Limits(), AddressPolicy(allow_private=True))
        client = TcpClient(gate, Timeouts(connect=0.5, exchange=0.5))
        with pytest.raises(ExchangeError):
            await client.connect("127.0.0.1", port, wait=0.2)
        with pytest.raises(ExchangeError) as first:
            await client.connect("127.0.0.1", port)
        started = asyncio.get_running_loop().time()
        with pytest.raises(ExchangeError) as again:
            await client.connect("127.0.0.1", port)
        return str(first.value), str(again.value), asyncio.get_running_loop().time() - started

    with socket.socket() as listener, socket.socket() as filler:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        port = listener.getsockname()[1]
        filler.connect(("127.0.0.1", port))  # fills the queue; nobody accepts
        first, again, seconds = asyncio.run(go(port))
    assert "not asked again" not in first
    assert "not asked again" in again
    assert seconds < 0.1
