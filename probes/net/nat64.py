"""IPv4-embedded IPv6 addresses (RFC 6052) and NAT64 prefix discovery (RFC 7050).

A DNS64 resolver answers an AAAA query for ``ipv4only.arpa`` (whose only A records are
192.0.0.170 and 192.0.0.171, RFC 8880) with synthesized addresses: the NAT64 prefix with one of
those IPv4 addresses embedded at the position RFC 6052 fixes for the prefix length. Finding the
well-known address at one of those positions reveals both the prefix and its length, which is
what a client needs to synthesize addresses itself (RFC 7050 section 3).
"""

from __future__ import annotations

import ipaddress

RFC6052_LENGTHS = (32, 40, 48, 56, 64, 96)
WELL_KNOWN_IPV4 = (ipaddress.IPv4Address("192.0.0.170"), ipaddress.IPv4Address("192.0.0.171"))
DISCOVERY_NAME = "ipv4only.arpa"
_U_OCTET = slice(8, 9)  # bits 64..71 must be zero (RFC 6052 section 2.2)


def embed(prefix: ipaddress.IPv6Network, ipv4: ipaddress.IPv4Address) -> ipaddress.IPv6Address:
    """The address of ``ipv4`` under NAT64 ``prefix`` (one of the RFC 6052 lengths)."""
    length = prefix.prefixlen
    if length not in RFC6052_LENGTHS:
        raise ValueError(f"/{length} is not an RFC 6052 prefix length")
    octets = bytearray(prefix.network_address.packed)
    start = length // 8
    for byte in ipv4.packed:
        if start == 8:  # skip the u octet
            start += 1
        octets[start] = byte
        start += 1
    return ipaddress.IPv6Address(bytes(octets))


def extract(
    address: ipaddress.IPv6Address, length: int
) -> tuple[ipaddress.IPv6Network, ipaddress.IPv4Address] | None:
    """Split ``address`` into (prefix, embedded IPv4) for one RFC 6052 length; None if invalid."""
    octets = address.packed
    if length != 96 and octets[_U_OCTET] != b"\0":
        return None
    positions = [i for i in range(length // 8, 16) if i != 8 or length == 96][:4]
    ipv4 = ipaddress.IPv4Address(bytes(octets[i] for i in positions))
    prefix = ipaddress.IPv6Network((address, length), strict=False)
    if embed(prefix, ipv4) != address:  # suffix bits after the IPv4 address must be zero
        return None
    return prefix, ipv4


def discovered_prefixes(aaaa: list[str]) -> list[ipaddress.IPv6Network]:
    """NAT64 prefixes revealed by synthesized AAAA records for ``ipv4only.arpa`` (RFC 7050).

    Lengths are tried from /96 down; the first whose position holds one of the well-known IPv4
    addresses (with the bits after it zero) gives the record's prefix. Duplicates are dropped.
    """
    found: dict[ipaddress.IPv6Network, None] = {}
    for text in aaaa:
        address = ipaddress.IPv6Address(text)
        for length in sorted(RFC6052_LENGTHS, reverse=True):
            split = extract(address, length)
            if split is not None and split[1] in WELL_KNOWN_IPV4:
                found[split[0]] = None
                break
    return list(found)
