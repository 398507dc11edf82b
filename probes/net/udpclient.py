"""UDP for probes: one request, the first acceptable reply, to one literal address.

The remote is an address literal, which fixes the family; the exchange holds a gate slot for that
address, so the run's rate and per-host limits cover it. Silence is retried a few times within
the timeout, as UDP protocols (STUN, DNS) expect of their clients. The reply's arrival is
stamped by the kernel, so the exchange also tells how long it took on the wire.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable
from dataclasses import dataclass

from v6audit.probes.model import Reason
from v6audit.probes.net import stamps
from v6audit.probes.net.errors import ExchangeError, exchange_errors
from v6audit.probes.net.gate import NetworkGate
from v6audit.probes.net.settings import Timeouts
from v6audit.probes.net.socketerrors import socket_reason

TRIES = 3
MAX_DATAGRAM = 65535


@dataclass(frozen=True, slots=True)
class Datagram:
    data: bytes
    local: str
    """The local address the request left from (what a NAT would rewrite)."""
    seconds: float
    """From the last send to the kernel's stamp of the reply's arrival (:mod:`probes.net.stamps`):
    the auditor's own load is not in it."""


class UdpClient:
    def __init__(self, gate: NetworkGate, timeouts: Timeouts) -> None:
        self._gate = gate
        self._timeouts = timeouts

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
        """Send ``payload`` and return the first reply ``accept`` takes, retrying on silence
        (``TRIES`` sends within ``wait``, by default the connect timeout).

        A failure raises ``ExchangeError`` (timeout, refused, unreachable, ...).
        ``configured``: the address is the user's own endpoint (a resolver, STUN), not the
        policy's to refuse.
        """
        with exchange_errors(socket_reason):
            return await self._exchange(address, port, payload, accept, wait, configured)

    async def _exchange(
        self,
        address: str,
        port: int,
        payload: bytes,
        accept: Callable[[bytes], bool],
        wait: float | None,
        configured: bool,
    ) -> Datagram:
        per_try = (wait or self._timeouts.connect) / TRIES
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        async with self._gate.slot(address, configured=configured):
            with socket.socket(family, socket.SOCK_DGRAM) as sock:
                sock.setblocking(False)
                stamps.stamp_arrivals(sock)
                sock.connect((address, port))  # replies from elsewhere never reach it
                local: str = sock.getsockname()[0]
                for _ in range(TRIES):
                    sent = stamps.now()
                    sock.send(payload)
                    try:
                        async with asyncio.timeout(per_try):
                            data, stamp = await _reply(sock, accept)
                    except TimeoutError:
                        continue
                    return Datagram(data, local, stamp - sent)
        raise ExchangeError(Reason.TIMEOUT, f"no UDP answer from {address} port {port}")


async def _reply(sock: socket.socket, accept: Callable[[bytes], bool]) -> tuple[bytes, float]:
    """The first datagram ``accept`` takes, with the kernel's stamp of its arrival; an ICMP
    error the socket received raises here (refused, unreachable)."""
    while True:
        arrival = await stamps.receive(sock, MAX_DATAGRAM)
        if accept(arrival.data):
            return arrival.data, arrival.stamp if arrival.stamp is not None else stamps.now()
