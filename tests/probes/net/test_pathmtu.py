"""Reading the kernel's route reply for a learned path MTU (netlink RTM_NEWROUTE)."""

from __future__ import annotations

import socket
import struct

from v6audit.probes.net.pathmtu import _NLMSG, _RTATTR, _RTMSG, _parse_route, learned_mtu


def _reply(flags: int, mtu: int | None) -> bytes:
    metrics = _RTATTR.pack(8, 2) + struct.pack("=I", mtu) if mtu is not None else b""
    attributes = _RTATTR.pack(4 + 16, 1) + socket.inet_pton(socket.AF_INET6, "2001:db8::1")
    attributes += _RTATTR.pack(4 + len(metrics), 8) + metrics
    body = _RTMSG.pack(socket.AF_INET6, 128, 0, 0, 254, 0, 0, 1, flags) + attributes
    return _NLMSG.pack(_NLMSG.size + len(body), 24, 0, 1, 0) + body


def test_a_cached_route_with_an_mtu_is_a_learned_mtu() -> None:
    assert _parse_route(_reply(0x200, 1280)) == 1280


def test_an_ordinary_route_learned_nothing() -> None:
    assert _parse_route(_reply(0, 1400)) is None  # a configured route MTU, not learned
    assert _parse_route(_reply(0x200, None)) is None  # a cached redirect without an MTU


def test_loopback_holds_no_learned_mtu() -> None:
    assert learned_mtu("::1") is None
