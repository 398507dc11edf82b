"""The UDP client names its failures: real silent and refused exchanges on 127.0.0.1."""

from __future__ import annotations

import asyncio
import socket
import threading

import pytest

from v6audit.probes.model import Reason
from v6audit.probes.net.errors import ExchangeError
from v6audit.probes.net.gate import NetworkGate
from v6audit.probes.net.policy import AddressPolicy
from v6audit.probes.net.settings import Limits, Timeouts
from v6audit.probes.net.udpclient import UdpClient


def _client() -> UdpClient:
    gate = NetworkGate(Limits(), AddressPolicy(allow_private=True))  # the test peers are local
    return UdpClient(gate, Timeouts(connect=0.3))


def _failure(port: int) -> ExchangeError:
    async def go() -> ExchangeError:
        with pytest.raises(ExchangeError) as raised:
            await _client().exchange("127.0.0.1", port, b"hello")
        return raised.value

    return asyncio.run(go())


def test_silence_is_a_timeout() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as silent:
        silent.bind(("127.0.0.1", 0))
        failure = _failure(silent.getsockname()[1])
    assert failure.reason is Reason.TIMEOUT
    assert str(failure).startswith("no UDP answer from 127.0.0.1")


def test_a_closed_port_is_refused() -> None:
    """The kernel's port unreachable comes back as the socket's error."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    failure = _failure(port)
    assert failure.reason is Reason.REFUSED
    assert isinstance(failure.__cause__, ConnectionRefusedError)


def test_the_reply_accept_takes_comes_back_with_its_time_on_the_wire() -> None:
    """A reply ``accept`` refuses is skipped; the one taken is timed from the last send."""

    async def go(port: int) -> tuple[bytes, float]:
        datagram = await _client().exchange(
            "127.0.0.1", port, b"ping", accept=lambda data: data == b"right"
        )
        return datagram.data, datagram.seconds

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        peer.bind(("127.0.0.1", 0))

        def answer() -> None:
            _data, source = peer.recvfrom(64)
            peer.sendto(b"wrong", source)
            peer.sendto(b"right", source)

        loop_thread = threading.Thread(target=answer)
        loop_thread.start()
        data, seconds = asyncio.run(go(peer.getsockname()[1]))
        loop_thread.join()
    assert data == b"right"
    assert 0 <= seconds < 0.3
