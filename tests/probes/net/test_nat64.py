from __future__ import annotations

import ipaddress

import pytest

from v6audit.probes.net.nat64 import RFC6052_LENGTHS, discovered_prefixes, embed, extract

# RFC 6052 section 2.4 examples: 192.0.2.33 under each prefix length
RFC6052_EXAMPLES = {
    "2001:db8::/32": "2001:db8:c000:221::",
    "2001:db8:100::/40": "2001:db8:1c0:2:21::",
    "2001:db8:122::/48": "2001:db8:122:c000:2:2100::",
    "2001:db8:122:300::/56": "2001:db8:122:3c0:0:221::",
    "2001:db8:122:344::/64": "2001:db8:122:344:c0:2:2100:0",
    "2001:db8:122:344::/96": "2001:db8:122:344::192.0.2.33",
    "64:ff9b::/96": "64:ff9b::192.0.2.33",
}


@pytest.mark.parametrize(("prefix", "expected"), RFC6052_EXAMPLES.items())
def test_embed_and_extract_follow_rfc_6052(prefix: str, expected: str) -> None:
    network = ipaddress.IPv6Network(prefix)
    ipv4 = ipaddress.IPv4Address("192.0.2.33")
    assert embed(network, ipv4) == ipaddress.IPv6Address(expected)
    assert extract(ipaddress.IPv6Address(expected), network.prefixlen) == (network, ipv4)


@pytest.mark.parametrize("length", RFC6052_LENGTHS)
def test_discovery_finds_prefix_and_length(length: int) -> None:
    prefix = ipaddress.IPv6Network((0x3FFE05016400 << 80, length), strict=False)
    records = [str(embed(prefix, ipaddress.IPv4Address(a))) for a in ("192.0.0.170", "192.0.0.171")]
    assert discovered_prefixes(records) == [prefix]


def test_records_without_the_well_known_address_reveal_nothing() -> None:
    assert discovered_prefixes(["3ffe:501:60::80", "64:ff9b::b3d:14"]) == []


def test_nonzero_u_octet_is_not_rfc_6052() -> None:
    assert extract(ipaddress.IPv6Address("2001:db8:c000:221:ff00::"), 32) is None


def test_other_lengths_are_refused() -> None:
    with pytest.raises(ValueError, match="/80"):
        embed(ipaddress.IPv6Network("2001:db8::/80"), ipaddress.IPv4Address("192.0.2.1"))
