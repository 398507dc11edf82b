"""A tiny in-process DNS server for what real servers will not do on demand: malformed bytes,
silence, truncation. It listens on 127.0.0.1 only, on an ephemeral port, UDP and TCP.

A handler gets the parsed query and the transport ("udp" or "tcp") and returns the reply as a
message, raw bytes, or None for silence.
"""

from __future__ import annotations

import asyncio
import struct
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import cast

import dns.flags
import dns.message
import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype

Handler = Callable[[dns.message.Message, str], "dns.message.Message | bytes | None"]


@dataclass
class Server:
    address: str
    port: int
    queries: list[tuple[str, str]] = field(default_factory=list)
    """(transport, question) for every query received."""


def _wire(reply: dns.message.Message | bytes) -> bytes:
    return reply if isinstance(reply, bytes) else reply.to_wire()


class _Udp(asyncio.DatagramProtocol):
    def __init__(self, handler: Handler, server: Server) -> None:
        self._handler = handler
        self._server = server
        self._transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = cast(asyncio.DatagramTransport, transport)

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        query = dns.message.from_wire(data)
        self._server.queries.append(("udp", query.question[0].to_text()))
        reply = self._handler(query, "udp")
        if reply is not None and self._transport is not None:
            self._transport.sendto(_wire(reply), addr)


@asynccontextmanager
async def serving(handler: Handler) -> AsyncIterator[Server]:
    loop = asyncio.get_running_loop()
    server = Server("127.0.0.1", 0)

    async def tcp_client(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            (length,) = struct.unpack("!H", await reader.readexactly(2))
            query = dns.message.from_wire(await reader.readexactly(length))
            server.queries.append(("tcp", query.question[0].to_text()))
            reply = handler(query, "tcp")
            if reply is not None:
                wire = _wire(reply)
                writer.write(struct.pack("!H", len(wire)) + wire)
                await writer.drain()
        finally:
            writer.close()

    tcp = await asyncio.start_server(tcp_client, server.address, 0)
    server.port = tcp.sockets[0].getsockname()[1]
    udp, _ = await loop.create_datagram_endpoint(
        lambda: _Udp(handler, server), local_addr=(server.address, server.port)
    )
    try:
        yield server
    finally:
        udp.close()
        tcp.close()
        await tcp.wait_closed()


def authoritative(query: dns.message.Message, *records: str) -> dns.message.Message:
    """An authoritative reply to ``query`` with answer records given as zone-file lines."""
    reply = dns.message.make_response(query)
    reply.flags |= dns.flags.AA
    for line in records:
        name, ttl, rdclass, rdtype, *data = line.split()
        reply.find_rrset(
            reply.answer,
            dns.name.from_text(name),
            dns.rdataclass.from_text(rdclass),
            dns.rdatatype.from_text(rdtype),
            create=True,
        ).add(dns.rdata.from_text(rdclass, rdtype, " ".join(data)), int(ttl))
    return reply
