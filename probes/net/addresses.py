"""Special-purpose address blocks, with the RFC of each, and the one "is it global?" test.

Python's ``ipaddress`` misses several IANA entries (3fff::/20, 2002::/16, 64:ff9b:1::/48, 5f00::/16,
the global exceptions inside 2001::/23), so the project keeps its own table, built from the IANA
IPv4 and IPv6 Special-Purpose Address Registries. The most specific block wins, and global
exceptions are checked first. Every verdict that rejects an address cites its block and RFC.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class Category(StrEnum):
    UNSPECIFIED = "unspecified"
    LOOPBACK = "loopback"
    IPV4_MAPPED = "ipv4-mapped"
    IPV4_COMPATIBLE = "ipv4-compatible"
    NAT64 = "nat64"
    DISCARD = "discard"
    TEREDO = "teredo"
    BENCHMARKING = "benchmarking"
    ORCHID = "orchid"
    PROTOCOL = "protocol-assignment"
    DOCUMENTATION = "documentation"
    SIX_TO_FOUR = "6to4"
    ULA = "ula"
    LINK_LOCAL = "link-local"
    SITE_LOCAL = "site-local"
    MULTICAST = "multicast"
    SRV6_SID = "srv6-sid"
    RESERVED = "reserved"
    PRIVATE = "private"
    SHARED = "shared"
    THIS_NETWORK = "this-network"
    BROADCAST = "broadcast"


@dataclass(frozen=True, slots=True)
class SpecialBlock:
    network: ipaddress.IPv4Network | ipaddress.IPv6Network
    name: str
    category: Category
    rfc: str

    def describe(self) -> str:
        return f"{self.name} ({self.network}, {self.rfc})"


def _blocks(rows: list[tuple[str, str, Category, str]]) -> list[SpecialBlock]:
    blocks = [SpecialBlock(ipaddress.ip_network(n), name, c, rfc) for n, name, c, rfc in rows]
    return sorted(blocks, key=lambda b: b.network.prefixlen, reverse=True)  # most specific first


SPECIAL_BLOCKS_V6 = _blocks(
    [
        ("::/128", "unspecified address", Category.UNSPECIFIED, "RFC 4291"),
        ("::1/128", "loopback address", Category.LOOPBACK, "RFC 4291"),
        ("::ffff:0:0/96", "IPv4-mapped address", Category.IPV4_MAPPED, "RFC 4291"),
        ("::/96", "IPv4-compatible address (deprecated)", Category.IPV4_COMPATIBLE, "RFC 4291"),
        ("64:ff9b::/96", "NAT64 well-known prefix", Category.NAT64, "RFC 6052"),
        ("64:ff9b:1::/48", "NAT64 local-use prefix", Category.NAT64, "RFC 8215"),
        ("100::/64", "discard-only prefix", Category.DISCARD, "RFC 6666"),
        ("2001::/23", "IETF protocol assignments", Category.PROTOCOL, "RFC 2928"),
        ("2001::/32", "Teredo", Category.TEREDO, "RFC 4380"),
        ("2001:2::/48", "benchmarking", Category.BENCHMARKING, "RFC 5180"),
        ("2001:10::/28", "ORCHID (deprecated)", Category.ORCHID, "RFC 4843"),
        ("2001:db8::/32", "documentation", Category.DOCUMENTATION, "RFC 3849"),
        ("3fff::/20", "documentation", Category.DOCUMENTATION, "RFC 9637"),
        ("2002::/16", "6to4", Category.SIX_TO_FOUR, "RFC 3056"),
        ("5f00::/16", "SRv6 SIDs", Category.SRV6_SID, "RFC 9602"),
        ("fc00::/7", "unique local address (ULA)", Category.ULA, "RFC 4193"),
        ("fe80::/10", "link-local unicast", Category.LINK_LOCAL, "RFC 4291"),
        ("fec0::/10", "site-local unicast (deprecated)", Category.SITE_LOCAL, "RFC 3879"),
        ("ff00::/8", "multicast", Category.MULTICAST, "RFC 4291"),
    ]
)
GLOBAL_EXCEPTIONS_V6 = [
    ipaddress.ip_network(n)
    for n in (
        "2001:1::1/128",  # Port Control Protocol anycast, RFC 7723
        "2001:1::2/128",  # TURN anycast, RFC 8155
        "2001:1::3/128",  # DNS-SD SRP anycast, RFC 9665
        "2001:3::/32",  # AMT, RFC 7450
        "2001:4:112::/48",  # AS112-v6, RFC 7535
        "2001:20::/28",  # ORCHIDv2, RFC 7343
        "2001:30::/28",  # Drone Remote ID, RFC 9374
    )
]
GLOBAL_UNICAST_V6 = ipaddress.ip_network("2000::/3")
RESERVED_V6 = SpecialBlock(
    ipaddress.ip_network("::/0"), "outside global unicast 2000::/3", Category.RESERVED, "RFC 4291"
)

SPECIAL_BLOCKS_V4 = _blocks(
    [
        ("0.0.0.0/8", '"this network"', Category.THIS_NETWORK, "RFC 791"),
        ("10.0.0.0/8", "private network", Category.PRIVATE, "RFC 1918"),
        ("100.64.0.0/10", "shared address space (carrier-grade NAT)", Category.SHARED, "RFC 6598"),
        ("127.0.0.0/8", "loopback", Category.LOOPBACK, "RFC 1122"),
        ("169.254.0.0/16", "link-local", Category.LINK_LOCAL, "RFC 3927"),
        ("172.16.0.0/12", "private network", Category.PRIVATE, "RFC 1918"),
        ("192.0.0.0/24", "IETF protocol assignments", Category.PROTOCOL, "RFC 6890"),
        ("192.0.0.170/31", "NAT64/DNS64 discovery", Category.NAT64, "RFC 7050"),
        ("192.0.2.0/24", "documentation (TEST-NET-1)", Category.DOCUMENTATION, "RFC 5737"),
        ("192.88.99.0/24", "6to4 relay anycast (deprecated)", Category.SIX_TO_FOUR, "RFC 7526"),
        ("192.168.0.0/16", "private network", Category.PRIVATE, "RFC 1918"),
        ("198.18.0.0/15", "benchmarking", Category.BENCHMARKING, "RFC 2544"),
        ("198.51.100.0/24", "documentation (TEST-NET-2)", Category.DOCUMENTATION, "RFC 5737"),
        ("203.0.113.0/24", "documentation (TEST-NET-3)", Category.DOCUMENTATION, "RFC 5737"),
        ("224.0.0.0/4", "multicast", Category.MULTICAST, "RFC 5771"),
        ("240.0.0.0/4", "reserved", Category.RESERVED, "RFC 1112"),
        ("255.255.255.255/32", "limited broadcast", Category.BROADCAST, "RFC 919"),
    ]
)
GLOBAL_EXCEPTIONS_V4 = [
    ipaddress.ip_network(n)
    for n in (
        "192.0.0.9/32",  # Port Control Protocol anycast, RFC 7723
        "192.0.0.10/32",  # TURN anycast, RFC 8155
    )
]

#: Categories acceptable for services when auditing an intranet (``--scope internal``).
INTERNAL_CATEGORIES = frozenset({Category.ULA, Category.PRIVATE, Category.SHARED})


@lru_cache(maxsize=4096)
def special_block(address: str | IPAddress) -> SpecialBlock | None:
    """The special-purpose block ``address`` lies in, or None for a global unicast address."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address):
        if any(ip in net for net in GLOBAL_EXCEPTIONS_V6):
            return None
        block = next((b for b in SPECIAL_BLOCKS_V6 if ip in b.network), None)
        if block is None and ip not in GLOBAL_UNICAST_V6:
            return RESERVED_V6
        return block
    if any(ip in net for net in GLOBAL_EXCEPTIONS_V4):
        return None
    return next((b for b in SPECIAL_BLOCKS_V4 if ip in b.network), None)


def is_global(address: str | IPAddress) -> bool:
    return special_block(address) is None


def acceptable_in_scope(address: str | IPAddress, internal: bool) -> bool:
    """Global addresses always; private/ULA/shared ones too when auditing an intranet."""
    block = special_block(address)
    return block is None or (internal and block.category in INTERNAL_CATEGORIES)
