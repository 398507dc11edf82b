"""Which addresses of a network target to probe: a bounded IPv4 sweep, IPv6 candidate patterns.

An IPv4 prefix can be swept, within a limit; an oversize one is refused before a packet is sent,
never silently truncated. An IPv6 /64 holds 2^64 addresses, so, as address-scanning research
found, the auditor tries the patterns operators actually use: low-byte addresses (::1, ::2, ...),
service ports written into the address (::80, ::443 and their hex values), IPv4 addresses
embedded in the interface identifier, and "wordy" hex (::cafe). Aliased prefixes (every address
answers) are recognised by probing random addresses first. Pure functions, no I/O.
"""

from __future__ import annotations

import ipaddress
import secrets
from collections.abc import Iterable, Iterator

from v6audit.probes.net.errors import InputError

IPv4Network = ipaddress.IPv4Network
IPv6Network = ipaddress.IPv6Network
LOW_BYTES = range(1, 256)
SERVICE_PORTS_IN_ADDRESS = (21, 22, 25, 53, 80, 110, 143, 443, 587, 993, 995, 3306, 8080, 8443)
WORDY = ("cafe", "beef", "dead:beef", "face", "c0de", "f00d", "feed", "babe", "ace", "bad:cafe")
ALIAS_PROBES = 3


def sweep(network: IPv4Network, limit: int) -> list[ipaddress.IPv4Address]:
    """Every usable address of an IPv4 prefix; InputError when it exceeds ``limit``."""
    if network.num_addresses > limit:
        raise InputError(
            f"{network} has {network.num_addresses} addresses, more than the sweep limit of "
            f"{limit}: audit smaller prefixes or raise --sweep-limit"
        )
    return list(network.hosts()) if network.prefixlen < 31 else list(network)


def subnets64(network: IPv6Network) -> Iterator[IPv6Network]:
    """The /64s to search, lowest subnet IDs first (where operators number their LANs)."""
    if network.prefixlen >= 64:
        yield network
        return
    yield from network.subnets(new_prefix=64)


def embedded(subnet: IPv6Network, ipv4: ipaddress.IPv4Address) -> list[ipaddress.IPv6Address]:
    """``ipv4`` embedded in an interface identifier, both ways operators write it.

    ``::11.61.0.10`` (the 32 low bits) and ``::11:61:0:10`` (each decimal octet as a hex group).
    """
    base = int(subnet.network_address)
    octets = ipv4.packed
    grouped = sum(int(str(octet), 16) << (16 * (3 - i)) for i, octet in enumerate(octets))
    return [ipaddress.IPv6Address(base | int(ipv4)), ipaddress.IPv6Address(base | grouped)]


def patterns(subnet: IPv6Network) -> Iterator[tuple[ipaddress.IPv6Address, str]]:
    """Candidate addresses of one /64 with the pattern that produced each."""
    base = int(subnet.network_address)
    for low in LOW_BYTES:
        yield ipaddress.IPv6Address(base | low), "low-byte"
    for port in SERVICE_PORTS_IN_ADDRESS:
        yield ipaddress.IPv6Address(base | int(str(port), 16)), "service-port"
        yield ipaddress.IPv6Address(base | port), "service-port"
    for word in WORDY:
        groups = [int(group, 16) for group in word.split(":")]
        value = sum(g << (16 * (len(groups) - 1 - i)) for i, g in enumerate(groups))
        yield ipaddress.IPv6Address(base | value), "wordy"


def candidates(
    network: IPv6Network, limit: int, extra: Iterable[tuple[ipaddress.IPv6Address, str]] = ()
) -> list[tuple[ipaddress.IPv6Address, str]]:
    """At most ``limit`` distinct candidates inside ``network``, ``extra`` ones first.

    A prefix small enough is swept whole; otherwise the patterns of its lowest /64s are taken in
    order until the limit.
    """
    if network.num_addresses <= limit:
        return [(address, "sweep") for address in network]
    found: dict[ipaddress.IPv6Address, str] = {}

    def take(items: Iterable[tuple[ipaddress.IPv6Address, str]]) -> bool:
        for address, pattern in items:
            if len(found) >= limit:
                return False
            if address in network and address != network.network_address:
                found.setdefault(address, pattern)
        return True

    if take(extra):
        for subnet in subnets64(network):
            if not take(patterns(subnet)):
                break
    return list(found.items())


def alias_probes(network: IPv6Network) -> list[ipaddress.IPv6Address]:
    """Random addresses in the first /64: no real host sits there, so answers mean aliasing."""
    subnet = next(subnets64(network))
    host_bits = 128 - subnet.prefixlen
    base = int(subnet.network_address)
    return [
        ipaddress.IPv6Address(base | (secrets.randbits(host_bits) | 1 << (host_bits - 2)))
        for _ in range(ALIAS_PROBES)
    ]


def is_aliased(answers: list[bool]) -> bool:
    """All random probes answered: the prefix answers on every address."""
    return bool(answers) and all(answers)
