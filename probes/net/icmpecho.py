"""ICMPv6 echoes on a raw socket (root only), on the event loop, and what answers them.

The kernel filters what reaches the socket (``ICMP6_FILTER``: echo replies and the four error
types only), so neighbour discovery and other traffic never wake the loop. A listener that reads
every frame on the interface (scapy's ``sr()`` on an ``AF_PACKET`` socket, with no BPF filter on a
machine without tcpdump) dissects each one in Python; under a burst of web traffic in its window
it lost echo replies and reported answering addresses as silent. Here the kernel hands over only
ICMPv6 messages, and an answer is matched by content: a reply by its source, identifier and
sequence, an error by the echo it quotes (the router that sends a Packet Too Big is not the
address echoed). The kernel computes the ICMPv6 checksum, and fragments and reassembles.
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import itertools
import os
import socket
import struct
from dataclasses import dataclass

from v6audit.probes.model import Reason
from v6audit.probes.net.errors import ProbeError, exchange_errors
from v6audit.probes.net.socketerrors import socket_reason

_ECHO_REQUEST, _ECHO_REPLY = 128, 129
_PACKET_TOO_BIG = 2
_ERRORS = (1, 2, 3, 4)
"""Destination unreachable, packet too big, time exceeded, parameter problem."""
_ICMP6_FILTER = 1
"""``ICMP6_FILTER`` (``<netinet/icmp6.h>``), at level ``IPPROTO_ICMPV6``; Python names it not."""
_HEADER = struct.Struct("!BBHHH")
"""ICMPv6 type, code, checksum, then an echo's identifier and sequence (or an error's 4 bytes)."""
_IPV6_HEADER = 40
_FRAGMENT = 44
HEADERS = _IPV6_HEADER + _HEADER.size
"""Bytes of an echo request's IPv6 packet beyond its data."""


@dataclass(frozen=True, slots=True)
class EchoAnswer:
    kind: str
    """reply, packet_too_big, or other (another ICMPv6 error quoting the echo)."""
    mtu: int | None = None
    """The MTU a Packet Too Big announced."""


def open_socket() -> socket.socket:
    """A non-blocking raw ICMPv6 socket that receives echo replies and errors only; raises
    ``needs_root`` without the privilege."""
    try:
        sock = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
    except PermissionError as exc:
        raise ProbeError(Reason.NEEDS_ROOT, "a raw ICMPv6 socket needs root") from exc
    sock.setsockopt(socket.IPPROTO_ICMPV6, _ICMP6_FILTER, _filter(_ECHO_REPLY, *_ERRORS))
    sock.setblocking(False)
    return sock


def _filter(*passed: int) -> bytes:
    """A ``struct icmp6_filter`` passing these types: on Linux a set bit blocks its type."""
    words = [0xFFFFFFFF] * 8
    for kind in passed:
        words[kind >> 5] &= ~(1 << (kind & 31))
    return struct.pack("=8I", *words)


_identifiers = itertools.count(int.from_bytes(os.urandom(2), "big"))


def new_identifier() -> int:
    """An echo identifier no other echo of this process has while it waits (up to 65,536 at
    once), from a random start so other processes' rarely match: every raw ICMPv6 socket gets
    every reply, and a reply to another probe's echo must not be taken for ours."""
    return next(_identifiers) % 65536


async def echo(
    sock: socket.socket, address: str, ident: int, sequence: int, data: int, wait: float
) -> EchoAnswer | None:
    """One echo request with ``data`` bytes of data to ``address`` (normalised, as
    ``ipaddress`` prints it); the first answer matching it within ``wait`` seconds, None on
    silence. A send refused while the kernel learns the path MTU (``EMSGSIZE``) is silence too:
    the request never left."""
    loop = asyncio.get_running_loop()
    request = _HEADER.pack(_ECHO_REQUEST, 0, 0, ident, sequence) + b"v" * data
    try:
        await loop.sock_sendto(sock, request, (address, 0))
    except OSError as exc:
        if exc.errno != errno.EMSGSIZE:
            raise
        return None
    try:
        async with asyncio.timeout(wait):
            while True:
                packet, source = await loop.sock_recvfrom(sock, 65536)
                found = answer(packet, source[0], address, ident, sequence, data)
                if found is not None:
                    return found
    except TimeoutError:
        return None


def answer(
    packet: bytes, source: str, address: str, ident: int, sequence: int, data: int
) -> EchoAnswer | None:
    """What ``packet`` (an ICMPv6 message from ``source``) says about the echo (``ident``,
    ``sequence``, ``data`` bytes of data) sent to ``address``; None when it is about something
    else. A reply returns the data whole (RFC 4443 4.2), so one of another size is not ours."""
    if len(packet) < _HEADER.size:
        return None
    kind, _code, _sum, first, second = _HEADER.unpack_from(packet)
    if kind == _ECHO_REPLY:
        ours = (first, second, len(packet)) == (ident, sequence, _HEADER.size + data)
        return EchoAnswer("reply") if ours and _same(source, address) else None
    if kind not in _ERRORS or not _quotes(packet[_HEADER.size :], address, ident, sequence):
        return None
    if kind == _PACKET_TOO_BIG:
        return EchoAnswer("packet_too_big", mtu=(first << 16) | second)
    return EchoAnswer("other")


def _quotes(invoking: bytes, address: str, ident: int, sequence: int) -> bool:
    """The packet an ICMPv6 error quotes is our echo: to ``address``, with our identifier and
    sequence (behind a fragment header when it was the first fragment of a large echo)."""
    if len(invoking) < _IPV6_HEADER:
        return False
    following = invoking[6]
    destination = socket.inet_ntop(socket.AF_INET6, invoking[24:40])
    offset = _IPV6_HEADER
    if following == _FRAGMENT and len(invoking) >= offset + 8:
        fragment_offset = struct.unpack_from("!H", invoking, offset + 2)[0] >> 3
        if fragment_offset != 0:
            return False
        following, offset = invoking[offset], offset + 8
    if following != socket.IPPROTO_ICMPV6 or len(invoking) < offset + _HEADER.size:
        return False
    kind, _code, _sum, got_ident, got_sequence = _HEADER.unpack_from(invoking, offset)
    quoted = (kind, got_ident, got_sequence) == (_ECHO_REQUEST, ident, sequence)
    return quoted and _same(destination, address)


def _same(seen: str, address: str) -> bool:
    """``seen`` (a socket's or a header's text, perhaps with a zone) is ``address``."""
    return str(ipaddress.ip_address(seen.split("%")[0])) == address


async def ping(address: str, size: int, wait: float) -> EchoAnswer | None:
    """One echo of ``size`` bytes (the whole IPv6 packet) to ``address``, answered or None.
    Raises ``needs_root`` without the privilege; other socket failures raise ``ExchangeError``."""
    target = str(ipaddress.ip_address(address))
    with exchange_errors(socket_reason), open_socket() as sock:
        return await echo(sock, target, new_identifier(), 0, max(size - HEADERS, 0), wait)
