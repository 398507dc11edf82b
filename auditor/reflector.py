"""``v6audit reflector``: a tiny reference endpoint that tells callers the address it saw.

An organisation runs it on a public host it controls, so vantage checks have an endpoint to
exchange with: HTTP on TCP answers ``GET /`` with the caller's address as JSON (``GET
/?pad=N`` adds N bytes of padding, for the large-exchange test), and STUN Binding requests on
UDP get XOR-MAPPED-ADDRESS (RFC 8489), on the same port. It keeps no state and logs nothing
beyond start-up, and refuses anything larger than it needs.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import socket
from collections.abc import Sequence
from typing import cast
from urllib.parse import parse_qs, urlsplit

from v6audit.probes.net import stun
from v6audit.probes.net.errors import ProtocolError

MAX_REQUEST = 8192
MAX_PADDING = 1 << 20
IDLE_TIMEOUT = 10.0


def caller_address(host: str) -> tuple[str, int]:
    """The caller's address with IPv4-mapped IPv6 unwrapped, and its family."""
    ip = ipaddress.ip_address(host.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return str(ip), ip.version


def answer(request_line: str, peer: tuple[str, int]) -> tuple[int, bytes]:
    """Status and JSON body for one HTTP request line, given the caller's address and port."""
    parts = request_line.split()
    if len(parts) != 3 or parts[0] != "GET" or not parts[2].startswith("HTTP/1."):
        return 400, b'{"error": "only GET is served"}\n'
    target = urlsplit(parts[1])
    if target.path != "/":
        return 404, b'{"error": "not found"}\n'
    pad_values = parse_qs(target.query).get("pad", ["0"])
    if not pad_values[0].isdigit() or int(pad_values[0]) > MAX_PADDING:
        return 400, f'{{"error": "pad must be 0..{MAX_PADDING}"}}\n'.encode()
    address, family = caller_address(peer[0])
    document = {"address": address, "port": peer[1], "family": family}
    if int(pad_values[0]):
        document["padding"] = "x" * int(pad_values[0])
    return 200, json.dumps(document).encode() + b"\n"


async def _serve_http(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    peer = writer.get_extra_info("peername")
    try:
        async with asyncio.timeout(IDLE_TIMEOUT):
            head = await reader.readuntil(b"\r\n\r\n")
        status, body = answer(head.split(b"\r\n", 1)[0].decode("latin-1"), peer)
        reason = {200: "OK", 400: "Bad Request", 404: "Not Found"}[status]
        writer.write(
            f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
            + body
        )
        await writer.drain()
    except (TimeoutError, OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
        pass  # a caller that goes away, stalls or sends an oversized head gets nothing more
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()


class _StunServer(asyncio.DatagramProtocol):
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = cast(asyncio.DatagramTransport, transport)

    def datagram_received(self, data: bytes, addr: tuple[str | object, ...]) -> None:
        try:
            message = stun.decode(data)
        except ProtocolError:
            return
        if message.kind != stun.BINDING_REQUEST:
            return
        host, port = str(addr[0]), int(str(addr[1]))
        address, _family = caller_address(host)
        reply = stun.binding_response(message.transaction_id, address, port)
        self._transport.sendto(reply, addr)


async def serve(listen: Sequence[tuple[str, int]]) -> list[asyncio.Server]:
    """Start HTTP (TCP) and STUN (UDP) on every (address, port); return the HTTP servers."""
    loop = asyncio.get_running_loop()
    servers = []
    for address, port in listen:
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        servers.append(
            await asyncio.start_server(_serve_http, address, port, family=family, limit=MAX_REQUEST)
        )
        await loop.create_datagram_endpoint(_StunServer, sock=_udp_socket(family, address, port))
    return servers


def _udp_socket(family: socket.AddressFamily, address: str, port: int) -> socket.socket:
    """A bound UDP socket; IPv6 ones are IPv6-only so ``[::]`` and ``0.0.0.0`` can share a port."""
    sock = socket.socket(family, socket.SOCK_DGRAM)
    try:
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        sock.bind((address, port))
    except OSError:
        sock.close()
        raise
    return sock
