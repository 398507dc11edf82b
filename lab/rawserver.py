"""``python -m lab.rawserver [--tls PEM] BEHAVIOUR ADDR:PORT...``: hostile and broken HTTP servers.

Real servers are used wherever they can play the part; these behaviours are what no configured
nginx does, yet what the auditor meets on the internet and must survive in bounded time and
memory:

* ``silent``: accepts the connection, reads the request, never answers;
* ``trickle``: answers one byte every half second, forever;
* ``huge``: a 1 GB page, sent as fast as the client reads;
* ``gzip-bomb``: a small gzip body that inflates to 256 MB;
* ``redirect-loop``: every URL redirects to a new one, endlessly;
* ``reset``: reads the request, then resets the connection (RST);
* ``odd-status``: a page with status 999, which HTTP allows on the wire but defines no meaning for;
* ``many-links``: a page of 100,000 internal links (each link leads to the same page);
* ``rate-limit``: on each address, 429 (Retry-After: 1) for 1.5 s after a client's first request,
  a page after that; a client quiet for 15 s starts over (however many requests it makes);
* ``slow6``: a page, sent 0.4 s late when the connection came over IPv6 (no netem needed);
* ``penalty6``: a plain-HTTP site (no port 443) whose every answer over IPv6 is 0.15 s late: a
  page larger than 1280 bytes with an internal link and an embedded image on the same host (this
  kernel has no netem, so the penalty is the server's);
* ``record``: prints a line for every connection it accepts, then answers a page (a canary for
  what the auditor must never contact).

With ``--tls PEM`` (key and certificate chain), port 443 speaks TLS; the others stay plain.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import struct
import sys
import zlib
from collections.abc import Awaitable, Callable

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]
GIGABYTE = 1 << 30
BOMB_BYTES = 256 << 20
LINE = b"<p>the same line, again and again</p>\n"


async def _request_path(reader: asyncio.StreamReader) -> str:
    """The path of the request line; the rest of the head is read and ignored."""
    head = await reader.readuntil(b"\r\n\r\n")
    parts = head.split(b"\r\n", 1)[0].split()
    return parts[1].decode("ascii", "replace") if len(parts) > 1 else "/"


def _head(status: str, *fields: str) -> bytes:
    lines = [f"HTTP/1.1 {status}", "Content-Type: text/html; charset=utf-8", *fields]
    return ("\r\n".join([*lines, "Connection: close"]) + "\r\n\r\n").encode("ascii")


async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await _request_path(reader)
    await reader.read()  # until the client gives up


async def trickle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await _request_path(reader)
    for byte in _head("200 OK", "Content-Length: 1000000") + LINE * 30_000:
        writer.write(bytes([byte]))
        await writer.drain()
        await asyncio.sleep(0.5)


async def huge(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await _request_path(reader)
    writer.write(_head("200 OK", f"Content-Length: {GIGABYTE}"))
    block = LINE * (65536 // len(LINE))
    sent = 0
    while sent < GIGABYTE:
        chunk = block[: GIGABYTE - sent]
        writer.write(chunk)
        await writer.drain()
        sent += len(chunk)


def _bomb() -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = LINE * ((1 << 20) // len(LINE))
    parts = [compressor.compress(block) for _ in range(BOMB_BYTES // len(block))]
    return b"".join(parts) + compressor.flush()


async def gzip_bomb(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await _request_path(reader)
    body = _BOMB_BODY[0]
    writer.write(_head("200 OK", "Content-Encoding: gzip", f"Content-Length: {len(body)}"))
    writer.write(body)
    await writer.drain()


async def redirect_loop(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    path = await _request_path(reader)
    step = int(path.rsplit("/", 1)[-1]) + 1 if path.rsplit("/", 1)[-1].isdigit() else 1
    writer.write(_head("302 Found", f"Location: /loop/{step}", "Content-Length: 0"))
    await writer.drain()


async def reset(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await reader.read(1)
    sock = writer.get_extra_info("socket")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


async def odd_status(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await _request_path(reader)
    page = LINE * 20
    writer.write(_head("999 Odd", f"Content-Length: {len(page)}") + page)
    await writer.drain()


MANY_LINKS = 100_000


async def many_links(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await _request_path(reader)
    page = b"<html><body>" + b"".join(b'<a href="/%d">x</a>' % n for n in range(MANY_LINKS))
    writer.write(_head("200 OK", f"Content-Length: {len(page)}") + page)
    await writer.drain()


RATE_WINDOW = 1.5
"""Seconds after a client's first request during which it gets 429 (``rate-limit``)."""
RATE_QUIET = 15.0
"""A client quiet this long on an address is new again: its next request starts a window."""
_BURSTS: dict[str, tuple[float, float]] = {}
"""Per local address: when the client's current burst began, and its last request."""


async def rate_limit(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await _request_path(reader)
    local = writer.get_extra_info("sockname")[0]
    now = asyncio.get_running_loop().time()
    began, last = _BURSTS.get(local, (now, now - 2 * RATE_QUIET))
    if now - last > RATE_QUIET:
        began = now
    _BURSTS[local] = (began, now)
    if now - began < RATE_WINDOW:
        writer.write(_head("429 Too Many Requests", "Retry-After: 1", "Content-Length: 0"))
    else:
        page = LINE * 20
        writer.write(_head("200 OK", f"Content-Length: {len(page)}") + page)
    await writer.drain()


SLOW6_DELAY = 0.4


async def slow6(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await _request_path(reader)
    if ":" in writer.get_extra_info("sockname")[0]:
        await asyncio.sleep(SLOW6_DELAY)
    page = LINE * 20
    writer.write(_head("200 OK", f"Content-Length: {len(page)}") + page)
    await writer.drain()


PENALTY6_DELAY = 0.15
PLAIN_PAGE = (
    b'<!doctype html><html><head><title>plain</title></head><body><a href="/inner">inner</a>'
    b'<img src="/logo.png">' + LINE * 60 + b"</body></html>"
)


async def penalty6(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    head = await reader.readuntil(b"\r\n\r\n")
    if ":" in writer.get_extra_info("sockname")[0]:
        await asyncio.sleep(PENALTY6_DELAY)
    body = b"" if head.startswith(b"HEAD ") else PLAIN_PAGE  # a HEAD answer fits one packet
    writer.write(_head("200 OK", f"Content-Length: {len(PLAIN_PAGE)}") + body)
    await writer.drain()


async def record(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    print("connection from", writer.get_extra_info("peername")[0], flush=True)
    await slow6(reader, writer)


BEHAVIOURS: dict[str, Handler] = {
    "slow6": slow6,
    "penalty6": penalty6,
    "record": record,
    "silent": silent,
    "trickle": trickle,
    "huge": huge,
    "gzip-bomb": gzip_bomb,
    "redirect-loop": redirect_loop,
    "reset": reset,
    "rate-limit": rate_limit,
    "odd-status": odd_status,
    "many-links": many_links,
}
_BOMB_BODY: list[bytes] = []


def _guarded(handler: Handler) -> Handler:
    """Clients hang up on these servers all the time; that ends one connection, not the server."""

    async def run(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await handler(reader, writer)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.transport.abort()

    return run


async def serve(behaviour: str, listens: list[str], tls: ssl.SSLContext | None) -> None:
    if behaviour == "gzip-bomb":
        _BOMB_BODY.append(_bomb())
    handler = _guarded(BEHAVIOURS[behaviour])
    servers = []
    for listen in listens:
        host, _, port = listen.rpartition(":")
        secure = tls if port == "443" else None
        servers.append(await asyncio.start_server(handler, host.strip("[]"), int(port), ssl=secure))
    await asyncio.gather(*(server.serve_forever() for server in servers))


def _tls(pem: str) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(pem)
    return context


if __name__ == "__main__":
    arguments = sys.argv[1:]
    context = _tls(arguments[1]) if arguments[0] == "--tls" else None
    if context is not None:
        arguments = arguments[2:]
    asyncio.run(serve(arguments[0], arguments[1:], context))
