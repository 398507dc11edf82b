"""Sockets for probes: TCP connect, UDP request/response, and a plain HTTP GET.

Every operation names its remote as an address literal, which fixes the address family: the OS
never chooses between IPv4 and IPv6, so each measurement is of exactly one family. Each holds a
gate slot for that address, so the run's rate and per-host limits cover it. Failures propagate
as the socket layer's exceptions; :func:`auditor.errors.classify` names them.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from auditor.gate import NetworkGate
from auditor.settings import Timeouts

UDP_TRIES = 3


def family_of(address: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ipaddress.ip_address(address).version == 6 else socket.AF_INET


@dataclass(frozen=True, slots=True)
class Connected:
    local: str
    """The local address the connection came from."""
    seconds: float


@dataclass(frozen=True, slots=True)
class Datagram:
    data: bytes
    local: str
    """The local address the request left from (what a NAT would rewrite)."""


@dataclass(frozen=True, slots=True)
class HttpReply:
    status: int
    body: bytes
    complete: bool
    """False when the body was cut at ``max_bytes``."""
    seconds: float


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


class NetTransport:
    def __init__(self, gate: NetworkGate, timeouts: Timeouts, ca_bundle: Path | None) -> None:
        self._gate = gate
        self._timeouts = timeouts
        self._ca_bundle = ca_bundle

    async def connect(self, address: str, port: int, wait: float | None = None) -> Connected:
        """Open (and close) a TCP connection; raises on refusal, timeout or no route."""
        loop = asyncio.get_running_loop()
        async with self._gate.slot(address):
            started = loop.time()
            async with asyncio.timeout(wait or self._timeouts.connect):
                _reader, writer = await asyncio.open_connection(
                    address, port, family=family_of(address)
                )
            elapsed = loop.time() - started
            local: str = writer.get_extra_info("sockname")[0]
            writer.close()
            with contextlib.suppress(OSError):  # a reset while closing says nothing here
                await writer.wait_closed()
        return Connected(local=local, seconds=elapsed)

    async def udp_exchange(
        self,
        address: str,
        port: int,
        payload: bytes,
        accept: Callable[[bytes], bool] = lambda _data: True,
        wait: float | None = None,
    ) -> Datagram:
        """Send ``payload`` and return the first reply ``accept`` takes, retrying on silence."""
        loop = asyncio.get_running_loop()
        total = wait or self._timeouts.connect
        async with self._gate.slot(address):
            transport, protocol = await loop.create_datagram_endpoint(
                lambda: _OneReply(accept), remote_addr=(address, port), family=family_of(address)
            )
            try:
                local: str = transport.get_extra_info("sockname")[0]
                for _ in range(UDP_TRIES):
                    transport.sendto(payload)
                    done, _pending = await asyncio.wait({protocol.reply}, timeout=total / UDP_TRIES)
                    if done:
                        return Datagram(data=protocol.reply.result(), local=local)
                raise TimeoutError(f"no UDP answer from {address} port {port}")
            finally:
                transport.close()

    async def http_get(
        self,
        address: str,
        port: int,
        *,
        host: str,
        path: str = "/",
        method: str = "GET",
        tls: bool = False,
        max_bytes: int = 1 << 20,
        wait: float | None = None,
    ) -> HttpReply:
        """GET (or ``method``) ``path`` from ``address`` (Host and SNI ``host``), bound to that
        address's family."""
        version = ipaddress.ip_address(address).version
        literal = f"[{address}]" if version == 6 else address
        scheme = "https" if tls else "http"
        transport = httpx.AsyncHTTPTransport(
            local_address="::" if version == 6 else "0.0.0.0", verify=self._verify(), retries=0
        )
        loop = asyncio.get_running_loop()
        async with (
            self._gate.slot(address),
            httpx.AsyncClient(
                transport=transport, timeout=wait or self._timeouts.probe, trust_env=False
            ) as client,
        ):
            started = loop.time()
            extensions = {"sni_hostname": host} if tls else {}
            async with client.stream(
                method,
                f"{scheme}://{literal}:{port}{path}",
                headers={"Host": host},
                extensions=extensions,
            ) as response:
                body = bytearray()
                async for chunk in response.aiter_bytes():
                    body += chunk
                    if len(body) > max_bytes:
                        break
                complete = len(body) <= max_bytes
                return HttpReply(
                    status=response.status_code,
                    body=bytes(body[:max_bytes]),
                    complete=complete,
                    seconds=loop.time() - started,
                )

    def _verify(self) -> ssl.SSLContext | bool:
        if self._ca_bundle is None:
            return True
        return ssl.create_default_context(cafile=str(self._ca_bundle))
