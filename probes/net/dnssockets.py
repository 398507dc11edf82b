"""dnspython's asyncio backend with bare UDP sockets: what a DNS query needs, nothing more.

dnspython's own asyncio backend opens a datagram endpoint per query (a transport and a protocol
around the socket), queues each datagram in an ``asyncio.Queue`` and waits for it through
``asyncio.wait_for``, which runs the wait as a task of its own. A query is one datagram out and
the first acceptable one back, so here it is a non-blocking socket, ``sendto`` and the event
loop's ``sock_recvfrom`` under one timeout. TCP (a truncated answer asked again) stays with
dnspython's backend.

The sockets are not connected, as dnspython's are not: dnspython checks each reply's source.
"""

from __future__ import annotations

import asyncio
import socket
from typing import Any

import dns._asyncbackend  # where dnspython's backends (its asyncio one too) take their bases
import dns.asyncbackend
import dns.exception


class DnsBackend(dns._asyncbackend.Backend):
    def __init__(self) -> None:
        self._streams = dns.asyncbackend.get_backend("asyncio")

    def name(self) -> str:
        return "asyncio"

    async def make_socket(
        self,
        af: int,
        socktype: int,
        proto: int = 0,
        source: Any = None,
        destination: Any = None,
        timeout: float | None = None,  # noqa: ASYNC109 (dnspython's interface)
        ssl_context: Any = None,
        server_hostname: str | None = None,
    ) -> Any:
        if socktype != socket.SOCK_DGRAM:
            return await self._streams.make_socket(  # type: ignore[no-untyped-call]
                af, socktype, proto, source, destination, timeout, ssl_context, server_hostname
            )
        sock = socket.socket(af, socket.SOCK_DGRAM, proto)
        try:
            sock.setblocking(False)
            if source is not None:
                sock.bind(source)
            if destination is not None:
                sock.connect(destination)
        except BaseException:
            sock.close()
            raise
        return _Datagrams(sock)

    async def sleep(self, interval: float) -> None:
        await asyncio.sleep(interval)

    def datagram_connection_required(self) -> bool:
        return False


class _Datagrams(dns._asyncbackend.DatagramSocket):
    def __init__(self, sock: socket.socket) -> None:
        super().__init__(sock.family, socket.SOCK_DGRAM)
        self._sock = sock

    async def sendto(self, what: bytes, destination: Any, timeout: float | None) -> int:  # noqa: ASYNC109
        # a datagram is queued or dropped by the kernel at once: sending never waits
        if destination is None:
            return self._sock.send(what)
        return self._sock.sendto(what, destination)

    async def recvfrom(self, size: int, timeout: float | None) -> tuple[bytes, Any]:  # noqa: ASYNC109
        try:
            async with asyncio.timeout(timeout):
                return await asyncio.get_running_loop().sock_recvfrom(self._sock, size)
        except TimeoutError:
            raise dns.exception.Timeout(timeout=timeout) from None  # type: ignore[no-untyped-call]

    async def close(self) -> None:
        self._sock.close()

    async def getpeername(self) -> Any:
        return self._sock.getpeername()

    async def getsockname(self) -> Any:
        return self._sock.getsockname()

    async def getpeercert(self, timeout: float | None) -> Any:  # noqa: ASYNC109
        raise NotImplementedError
