"""UDP for probes: one request, the first acceptable reply, to one literal address.

The remote is an address literal, which fixes the family; the exchange holds a gate slot for that
address, so the run's rate and per-host limits cover it. Silence is retried a few times within
the timeout, as UDP protocols (STUN, DNS) expect of their clients.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable
from dataclasses import dataclass

from v6audit.probes.model import Reason
from v6audit.probes.net.errors import ExchangeError, exchange_errors
from v6audit.probes.net.gate import NetworkGate
from v6audit.probes.net.settings import Timeouts
from v6audit.probes.net.socketerrors import socket_reason

TRIES = 3


@dataclass(frozen=True, slots=True)
class Datagram:
    data: bytes
    local: str
    """The local address the request left from (what a NAT would rewrite)."""


class _OneReply(asyncio.DatagramProtocol):
    def __init__(self, accept: Callable[[bytes], bool]) -> None:
        self.reply: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()
        self._accept = accept

    def datagram_received(self, data: bytes, addr: tuple[str | object, ...]) -> None:
        if not self.reply.done() and self._accept(data):
            self.reply.set_result(data)

    def error_received(self, exc: Exception) -> None:
        if not self.reply.done():
            self.reply.set_exception(exc)


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
        """Send ``payload`` and return the first reply ``accept`` takes, retrying on silence.

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
        loop = asyncio.get_running_loop()
        total = wait or self._timeouts.connect
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        async with self._gate.slot(address, configured=configured):
            transport, protocol = await loop.create_datagram_endpoint(
                lambda: _OneReply(accept), remote_addr=(address, port), family=family
            )
            try:
                local: str = transport.get_extra_info("sockname")[0]
                for _ in range(TRIES):
                    transport.sendto(payload)
                    done, _pending = await asyncio.wait({protocol.reply}, timeout=total / TRIES)
                    if done:
                        return Datagram(data=protocol.reply.result(), local=local)
                raise ExchangeError(Reason.TIMEOUT, f"no UDP answer from {address} port {port}")
            finally:
                transport.close()
