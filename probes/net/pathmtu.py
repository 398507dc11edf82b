"""What the kernel already learned about the path MTU to an IPv6 address, and large echoes that
ask the far end to learn it.

A TCP test of a PMTU black hole only works when the SYN advertises a full-size MSS: Linux takes
the MSS from the route to the destination, and once an ICMPv6 Packet Too Big (from any earlier
echo, scan or program) taught it a smaller path MTU, it keeps that exception for
``net.ipv6.route.mtu_expires`` (600 s) and advertises the smaller MSS. No socket option undoes
that: ``TCP_MAXSEG`` can only lower the MSS, and ``IPV6_MTU_DISCOVER`` (``IPV6_PMTUDISC_*``) only
governs what the socket sends. So the probe asks the kernel first (an ``RTM_GETROUTE`` netlink
request, unprivileged, no packet sent): a cached route (``RTM_F_CLONED``) carrying an MTU means
the large exchange can no longer reveal a black hole.

:func:`large_echoes` then tests the direction that matters in a way no cache on this side can
change: echo requests larger than the path are fragmented by this kernel and reach the server,
whose replies are as large; they come back only when the server learns the path MTU from the
Packet Too Big a router sends it (the first reply is lost, the next ones are fragmented). The
echoes go through :mod:`probes.net.icmpecho` (a raw socket: root only).
"""

from __future__ import annotations

import ipaddress
import socket
import struct
from dataclasses import dataclass

from v6audit.probes.net.errors import exchange_errors
from v6audit.probes.net.icmpecho import HEADERS, echo, new_identifier, open_socket
from v6audit.probes.net.socketerrors import socket_reason

_RTM_NEWROUTE, _RTM_GETROUTE = 24, 26
_NLM_F_REQUEST = 1
_NLMSG_ERROR = 2
_RTA_DST, _RTA_METRICS = 1, 8
_RTAX_MTU = 2
_RTM_F_CLONED = 0x200
_NLMSG = struct.Struct("=IHHII")
_RTMSG = struct.Struct("=BBBBBBBBI")
_RTATTR = struct.Struct("=HH")


def learned_mtu(address: str) -> int | None:
    """The path MTU the kernel learned for ``address`` and still holds; None when it holds none
    (or cannot say: no netlink on this system)."""
    try:
        return _parse_route(_ask_route(address))
    except OSError:
        return None


def _ask_route(address: str) -> bytes:
    attribute = _RTATTR.pack(_RTATTR.size + 16, _RTA_DST) + socket.inet_pton(
        socket.AF_INET6, address
    )
    body = _RTMSG.pack(socket.AF_INET6, 128, 0, 0, 0, 0, 0, 0, 0) + attribute
    request = _NLMSG.pack(_NLMSG.size + len(body), _RTM_GETROUTE, _NLM_F_REQUEST, 1, 0) + body
    with socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE) as sock:
        sock.settimeout(1.0)
        sock.send(request)
        return sock.recv(65536)


def _attributes(data: bytes) -> dict[int, bytes]:
    found: dict[int, bytes] = {}
    offset = 0
    while offset + _RTATTR.size <= len(data):
        length, kind = _RTATTR.unpack_from(data, offset)
        if length < _RTATTR.size:
            break
        found[kind & 0x3FFF] = data[offset + _RTATTR.size : offset + length]
        offset += (length + 3) & ~3
    return found


def _parse_route(reply: bytes) -> int | None:
    """The MTU of a cached (learned) route in an ``RTM_NEWROUTE`` reply, else None."""
    _length, kind, _flags, _seq, _pid = _NLMSG.unpack_from(reply)
    if kind != _RTM_NEWROUTE:
        return None
    flags = _RTMSG.unpack_from(reply, _NLMSG.size)[8]
    if not flags & _RTM_F_CLONED:
        return None
    attributes = _attributes(reply[_NLMSG.size + _RTMSG.size :])
    metrics = _attributes(attributes.get(_RTA_METRICS, b""))
    mtu = metrics.get(_RTAX_MTU)
    return struct.unpack("=I", mtu[:4])[0] if mtu and len(mtu) >= 4 else None


@dataclass(frozen=True, slots=True)
class EchoTest:
    size: int
    """Bytes of each large IPv6 packet (before this kernel fragments it)."""
    sent: int
    large_replies: int
    small_reply: bool
    """A small echo was answered: the address answers echoes at all."""


async def large_echoes(address: str, size: int, tries: int, wait: float) -> EchoTest:
    """``tries`` echoes of ``size`` bytes to ``address``, each waited for ``wait`` seconds,
    stopping at the first reply; then one small echo if none came. On the event loop (a
    non-blocking socket), so no worker thread is held for seconds. Raises ``needs_root``
    without the privilege for a raw socket; other socket failures raise ``ExchangeError``."""
    address = str(ipaddress.ip_address(address))
    ident = new_identifier()
    with exchange_errors(socket_reason), open_socket() as sock:
        replies = 0
        sent = 0
        for sequence in range(tries):
            sent += 1
            if await _answered(sock, address, ident, sequence, size - HEADERS, wait):
                replies += 1
                break
        small = replies > 0 or await _answered(sock, address, ident, tries, 16, wait)
    return EchoTest(size=size, sent=sent, large_replies=replies, small_reply=small)


async def _answered(
    sock: socket.socket, address: str, ident: int, sequence: int, data: int, wait: float
) -> bool:
    """An echo with ``data`` bytes of data was answered by a reply (not by an error)."""
    got = await echo(sock, address, ident, sequence, data, wait)
    return got is not None and got.kind == "reply"
