"""What answers an echo: replies and quoted errors matched by content, others ignored.

The packets are built by scapy, an independent implementation of the wire format; any bytes at
all (a raw socket takes ICMPv6 from anyone) give an answer or None, never an exception."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from scapy.layers.inet6 import (
    ICMPv6DestUnreach,
    ICMPv6EchoReply,
    ICMPv6EchoRequest,
    ICMPv6PacketTooBig,
    IPv6,
    IPv6ExtHdrFragment,
)

from v6audit.probes.net.icmpecho import EchoAnswer, _filter, answer, new_identifier

ADDRESS = "2001:db8:5::10"
HERE = "2001:db8:1::2"
ROUTER = "2001:db8:9::1"
IDENT, SEQUENCE, DATA = 0x1234, 3, 56


def icmp(source: str, message: Any) -> bytes:
    """The ICMPv6 message as a raw socket hands it over: without the IPv6 header."""
    return bytes(IPv6(src=source, dst=HERE) / message)[40:]


def quoting(
    error: Any, *, ident: int = IDENT, to: str = ADDRESS, fragment: int | None = None
) -> bytes:
    echo: Any = IPv6(src=HERE, dst=to)
    if fragment is not None:
        echo = echo / IPv6ExtHdrFragment(offset=fragment, m=1, id=7)
    echo = echo / ICMPv6EchoRequest(id=ident, seq=SEQUENCE, data=b"v" * 64)
    return icmp(ROUTER, error / bytes(echo))


def test_a_reply_is_ours_by_source_identifier_and_sequence() -> None:
    reply = icmp(ADDRESS, ICMPv6EchoReply(id=IDENT, seq=SEQUENCE, data=b"v" * DATA))
    assert answer(reply, ADDRESS, ADDRESS, IDENT, SEQUENCE, DATA) == EchoAnswer("reply")
    assert answer(reply, "2001:db8:5:0::10%eth0", ADDRESS, IDENT, SEQUENCE, DATA) == EchoAnswer(
        "reply"
    )
    assert answer(reply, ROUTER, ADDRESS, IDENT, SEQUENCE, DATA) is None
    assert answer(reply, ADDRESS, ADDRESS, IDENT + 1, SEQUENCE, DATA) is None
    assert answer(reply, ADDRESS, ADDRESS, IDENT, SEQUENCE + 1, DATA) is None
    # a reply returns the data whole: a small echo's reply never answers a large one
    assert answer(reply, ADDRESS, ADDRESS, IDENT, SEQUENCE, 1352) is None


def test_echoes_of_one_process_never_share_an_identifier() -> None:
    waiting = [new_identifier() for _ in range(65536)]
    assert len(set(waiting)) == 65536
    assert all(0 <= ident < 65536 for ident in waiting)


def test_a_packet_too_big_from_a_router_names_the_mtu() -> None:
    too_big = quoting(ICMPv6PacketTooBig(mtu=1280))
    assert answer(too_big, ROUTER, ADDRESS, IDENT, SEQUENCE, DATA) == EchoAnswer(
        "packet_too_big", 1280
    )
    first_fragment = quoting(ICMPv6PacketTooBig(mtu=1400), fragment=0)
    assert answer(first_fragment, ROUTER, ADDRESS, IDENT, SEQUENCE, DATA) == EchoAnswer(
        "packet_too_big", 1400
    )


def test_other_errors_about_our_echo_are_other() -> None:
    unreachable = quoting(ICMPv6DestUnreach(code=1))
    assert answer(unreachable, ROUTER, ADDRESS, IDENT, SEQUENCE, DATA) == EchoAnswer("other")


def test_errors_about_something_else_are_ignored() -> None:
    for error in (
        quoting(ICMPv6PacketTooBig(mtu=1280), ident=IDENT + 1),
        quoting(ICMPv6PacketTooBig(mtu=1280), to="2001:db8:5::11"),
        quoting(ICMPv6PacketTooBig(mtu=1280), fragment=100),
    ):
        assert answer(error, ROUTER, ADDRESS, IDENT, SEQUENCE, DATA) is None
    request = icmp(ADDRESS, ICMPv6EchoRequest(id=IDENT, seq=SEQUENCE))
    assert answer(request, ADDRESS, ADDRESS, IDENT, SEQUENCE, DATA) is None
    assert answer(b"\x81\x00", ADDRESS, ADDRESS, IDENT, SEQUENCE, DATA) is None
    truncated = quoting(ICMPv6PacketTooBig(mtu=1280))[:40]
    assert answer(truncated, ROUTER, ADDRESS, IDENT, SEQUENCE, DATA) is None


def test_the_socket_filter_passes_replies_and_errors_only() -> None:
    words = _filter(129, 1, 2, 3, 4)
    blocked = {
        kind
        for kind in range(256)
        if int.from_bytes(words[(kind >> 5) * 4 : (kind >> 5) * 4 + 4], "little") >> (kind & 31) & 1
    }
    assert set(range(256)) - blocked == {1, 2, 3, 4, 129}


@given(
    kind=st.sampled_from([1, 2, 3, 4, 129, 128, 135]),
    rest=st.binary(max_size=120),
    quoted=st.booleans(),
)
def test_any_bytes_give_an_answer_or_none(kind: int, rest: bytes, quoted: bool) -> None:
    packet = bytes([kind]) + rest
    if quoted:  # a well-formed start, then anything: truncated headers, odd fragments
        packet = quoting(ICMPv6PacketTooBig(mtu=1280))[: 8 + len(rest) % 60] + rest
    found = answer(packet, ROUTER, ADDRESS, IDENT, SEQUENCE, DATA)
    assert found is None or found.kind in ("reply", "packet_too_big", "other")
