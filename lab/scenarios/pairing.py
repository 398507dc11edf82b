"""Segments whose hosts have both families, numbered the ways operators number them.

Each segment is an IPv4 /24 (``11.62.S.0/24``) and an IPv6 /64 (``3ffe:501:63:S::/64``) of the
network part's address blocks. What differs is what tells the auditor which addresses belong to
one host: forward-confirmed PTR names, the same host number (decimal digits or hex value) in both
families, the IPv4 address embedded in the interface identifier, matching service fingerprints,
or nothing at all (the issue's segment, which only a declared numbering plan resolves). Zones:
``pair.net.lab`` and the reverse zones of 11.62/16 and 3ffe:501:63::/48.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

import dns.name
import dns.reversename

from lab.spec import RawServer, WebSite, Zone

DOMAIN = "pair.net.lab"
REVERSE4 = "62.11.in-addr.arpa"
REVERSE6 = "3.6.0.0.1.0.5.0.e.f.f.3.ip6.arpa"
PAGE = "<!doctype html><html><head><title>{0}</title></head><body><p>{0}</p></body></html>"


def v4(segment: int, host: int) -> str:
    return f"11.62.{segment}.{host}"


def v6(segment: int, iid: str) -> str:
    """The address with interface identifier ``iid`` (hex groups, e.g. ``"11:62:5:40"``)."""
    groups = [int(group, 16) for group in iid.split(":")]
    value = sum(group << (16 * (len(groups) - 1 - i)) for i, group in enumerate(groups))
    return str(ipaddress.IPv6Address(f"3ffe:501:63:{segment}::") + value)


def v4net(segment: int) -> str:
    """The segment's IPv4 target: the issue's segment whole, the others' low 32 addresses
    (where their hosts are: a survey sweeps what it is given, so smaller is quicker)."""
    return f"11.62.{segment}.0/{24 if segment == NO_DNS else 27}"


def v6net(segment: int) -> str:
    """The segment's IPv6 target: the issue's /64, the others' low 64 addresses."""
    return f"3ffe:501:63:{segment}::/{64 if segment == NO_DNS else 122}"


@dataclass(frozen=True)
class Machine:
    """One host: its addresses, the name it has in DNS (if any) and what it serves."""

    addresses: tuple[str, ...]
    name: str | None = None
    web: bool = False
    """nginx on 80 and 443 with a certificate of its own (a fingerprint of this host)."""
    ipv6_only_ports: tuple[int, ...] = ()
    """Ports open over its IPv6 address only: the exposure the survey must catch."""
    forward: tuple[str, ...] | None = None
    """The addresses its name's A/AAAA records give (default: ``addresses``)."""


NO_DNS = 1
"""The issue's segment: no PTR, nothing embedded; .20 and ::20 are one host. Web hosts have a
certificate of their own; .30 also has 3306 and 6379 open over IPv6 only; .40 offers nothing;
.22 and ::22 are two different web hosts (their certificates tell the numbering guess wrong)."""
PTR = 2
"""Pairs by forward-confirmed PTR names, with unrelated host numbers (.10 and ::a)."""
SAME_NUMBER = 3
"""The same decimal digits in both families; one named host (.25 and ::25) shows the plan."""
HEX = 4
"""The host number's hex value in the IPv6 address; one named host (.25 and ::19)."""
EMBEDDED = 5
"""The IPv4 address embedded in the interface identifier, as one 32-bit value or octet-wise."""
EVIDENCE = 6
"""What fails: a name with an A record and no AAAA, and a pair whose IPv6 side is dead."""

EXPECTED = {
    # segment: (IPv4 target's net.dualstack, net.services6; IPv6 target's net.services6)
    NO_DNS: ("info", "info", "info"),  # nothing pairs them: unknown, not missing
    PTR: ("pass", "pass", "pass"),
    SAME_NUMBER: ("pass", "pass", "pass"),
    HEX: ("pass", "pass", "pass"),
    EMBEDDED: ("pass", "pass", "pass"),
    EVIDENCE: ("fail", "info", "not_applicable"),
}
"""With no plan declared. These are not ``Expect`` lines of the scenario: fifteen surveys in the
one scan of every expectation would hold the run's connection slots long enough to time other
targets' probes out, so ``tests/lab/test_network_targets.py`` surveys them in a scan of their
own."""

MACHINES = (
    Machine((v4(NO_DNS, 20), v6(NO_DNS, "20")), web=True),
    Machine((v4(NO_DNS, 21), v6(NO_DNS, "21")), web=True),
    Machine((v4(NO_DNS, 30), v6(NO_DNS, "30")), web=True, ipv6_only_ports=(3306, 6379)),
    Machine((v4(NO_DNS, 40), v6(NO_DNS, "40"))),
    Machine((v4(NO_DNS, 22),), web=True),  # .22 and ::22 are two hosts: the number misleads
    Machine((v6(NO_DNS, "22"),), web=True),
    Machine((v4(PTR, 10), v6(PTR, "a")), name="ptr10", web=True),
    Machine((v4(PTR, 11), v6(PTR, "b")), name="ptr11"),
    Machine((v4(SAME_NUMBER, 25), v6(SAME_NUMBER, "25")), name="same25"),
    Machine((v4(SAME_NUMBER, 20), v6(SAME_NUMBER, "20")), web=True),
    Machine((v4(SAME_NUMBER, 28), v6(SAME_NUMBER, "28"))),
    Machine((v4(HEX, 25), v6(HEX, "19")), name="hex25"),
    Machine((v4(HEX, 20), v6(HEX, "14")), web=True),
    Machine((v4(HEX, 28), v6(HEX, "1c"))),
    Machine((v4(EMBEDDED, 25), v6(EMBEDDED, "25")), name="emb25"),
    Machine((v4(EMBEDDED, 28), v6(EMBEDDED, "11:62:5:28"))),
    Machine((v4(EMBEDDED, 29), v6(EMBEDDED, "b3e:51d"))),
    Machine((v4(EVIDENCE, 10),), name="noaaaa10", web=True),
    Machine((v4(EVIDENCE, 11),), name="dead11", forward=(v4(EVIDENCE, 11), v6(EVIDENCE, "b"))),
)
SEGMENTS = (NO_DNS, PTR, SAME_NUMBER, HEX, EMBEDDED, EVIDENCE)


def _relative(address: str, origin: str) -> str:
    name = dns.reversename.from_address(address).relativize(dns.name.from_text(origin))
    return name.to_text()


def zone_origins() -> tuple[str, ...]:
    return (DOMAIN, REVERSE4, REVERSE6)


def zones() -> list[Zone]:
    """The forward zone of the named hosts and the two reverse zones of the segments."""
    forward, reverse4, reverse6 = [], [], []
    for machine in MACHINES:
        if machine.name is None:
            continue
        for address in machine.forward or machine.addresses:
            forward.append(f"{machine.name} {'AAAA' if ':' in address else 'A'} {address}")
        for address in machine.addresses:
            reverse = reverse6 if ":" in address else reverse4
            origin = REVERSE6 if ":" in address else REVERSE4
            reverse.append(f"{_relative(address, origin)} PTR {machine.name}.{DOMAIN}.")
    return [
        Zone(DOMAIN, tuple(forward)),
        Zone(REVERSE4, tuple(reverse4)),
        Zone(REVERSE6, tuple(reverse6)),
    ]


def _label(address: str) -> str:
    """A host name label for an unnamed host's site (its certificate needs one)."""
    return "host-" + address.replace(".", "-").replace(":", "x")


def websites() -> list[WebSite]:
    """One site per web host, on both its addresses, with a certificate of its own."""
    sites = []
    for machine in MACHINES:
        if machine.web:
            name = f"{machine.name or _label(machine.addresses[0])}.{DOMAIN}"
            sites.append(
                WebSite((name,), machine.addresses, PAGE.format(name), certificate_names=(name,))
            )
    return sites


def raw_servers() -> list[RawServer]:
    return [
        RawServer((machine.addresses[-1],), machine.ipv6_only_ports, "silent")
        for machine in MACHINES
        if machine.ipv6_only_ports
    ]


def idle() -> tuple[str, ...]:
    """Addresses of hosts that serve nothing (they refuse connections, so they are live)."""
    return tuple(a for m in MACHINES if not m.web for a in m.addresses)
