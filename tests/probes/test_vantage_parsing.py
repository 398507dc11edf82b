"""The pure parts of the vantage probes: answers from the reflector, DNS, traceroute and RAs."""

from __future__ import annotations

import dns.message
import dns.rrset
import pytest
from scapy.layers.inet import ICMP, IP, UDP
from scapy.layers.inet6 import ICMPv6ND_RA, ICMPv6NDOptPREF64, IPv6

from v6audit.probes.net.errors import ProtocolError
from v6audit.probes.vantage_nat64 import pref64_prefixes
from v6audit.probes.vantage_reflect import parse_reflection
from v6audit.probes.vantage_resolver import read_answer
from v6audit.probes.vantage_trace import hops_from


def test_reflection() -> None:
    assert parse_reflection(b'{"address": "11.255.4.2", "port": 1, "family": 4}') == "11.255.4.2"
    for body in (b"<html>", b"[]", b'{"address": 4}'):
        with pytest.raises(ProtocolError):
            parse_reflection(body)


def test_dns_answer() -> None:
    query = dns.message.make_query("reflector.net.lab.", "AAAA")
    response = dns.message.make_response(query)
    response.answer.append(
        dns.rrset.from_text("reflector.net.lab.", 30, "IN", "AAAA", "3ffe:501:60::80")
    )
    assert read_answer(response.to_wire(), query) == ("NOERROR", ["3ffe:501:60::80"])
    other = dns.message.make_response(dns.message.make_query("x.lab.", "AAAA"))
    with pytest.raises(ProtocolError):
        read_answer(other.to_wire(), query)
    with pytest.raises(ProtocolError):
        read_answer(b"\x00\x01", query)


def test_hops_stop_at_the_destination() -> None:
    def pair(ttl: int, source: str, kind: int) -> tuple[object, object]:
        sent = IP(dst="11.60.0.80", ttl=ttl) / UDP(dport=33434 + ttl)
        return sent, IP(src=source) / ICMP(type=kind)

    answers = [pair(3, "11.60.0.80", 3), pair(1, "192.168.1.1", 11), pair(2, "100.64.0.1", 11)]
    answers.append(pair(4, "11.60.0.80", 3))
    hops = hops_from(answers, "11.60.0.80")
    assert [(h.ttl, h.address, h.destination) for h in hops] == [
        (1, "192.168.1.1", False),
        (2, "100.64.0.1", False),
        (3, "11.60.0.80", True),
    ]


def test_pref64_options() -> None:
    ra = (
        IPv6(dst="ff02::1")
        / ICMPv6ND_RA()
        / ICMPv6NDOptPREF64(plc=0, prefix="64:ff9b::")
        / ICMPv6NDOptPREF64(plc=3, prefix="3ffe:501:64::")
    )
    parsed = IPv6(bytes(ra))
    assert pref64_prefixes([parsed, parsed]) == ["64:ff9b::/96", "3ffe:501:64::/48"]
    assert pref64_prefixes([IPv6(bytes(IPv6() / ICMPv6ND_RA()))]) == []
