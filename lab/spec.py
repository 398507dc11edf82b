"""The declarative vocabulary of lab scenarios: name servers, zones, web sites, vantages.

A scenario is plain data. The builder derives everything else: NS records and delegations with
glue in parent zones, address records of name-server hosts, root hints, server configurations.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field


@dataclass(frozen=True)
class NameServer:
    """One authoritative server (one knot instance) and the zones it serves.

    ``silent`` addresses are published for it (glue, AAAA) but nothing answers there: packets
    are dropped, as for a server whose IPv6 address was never brought up behind a firewall.
    ``lame`` zones name it as a server (NS records, delegations) but it does not load them: it
    answers REFUSED for them, or a referral without authority when it serves a parent zone.
    Two entries with the same host may serve one zone on different addresses with different
    ``serial`` values, as a server whose IPv6 instance missed a zone transfer.
    """

    host: str
    addresses: tuple[str, ...]
    zones: tuple[str, ...]
    silent: tuple[str, ...] = ()
    serial: int = 1
    lame: tuple[str, ...] = ()

    @property
    def published(self) -> tuple[str, ...]:
        return self.addresses + self.silent


@dataclass(frozen=True)
class Zone:
    origin: str
    """Without trailing dot; '.' is the root."""
    records: tuple[str, ...] = ()
    """Zone-file lines relative to the origin, e.g. ``"www AAAA 3ffe:501:10::80"``."""


@dataclass(frozen=True)
class WebSite:
    """A virtual host served by nginx on ports 80 and 443 (TLS from the lab CA).

    A site without addresses is the default server on every address of the server namespace.
    """

    names: tuple[str, ...]
    addresses: tuple[str, ...]
    body: str


@dataclass(frozen=True)
class Vantage:
    """A client namespace the auditor runs in; it reaches the lab servers and nothing else."""

    name: str
    ipv6: bool = True
    ipv4: bool = True


@dataclass(frozen=True)
class Expect:
    """What the auditor must conclude about a target: check ID to status (or status/reason)."""

    target: str
    verdicts: dict[str, str]
    vantage: str = "cli"


@dataclass
class Scenario:
    name: str
    nameservers: list[NameServer] = field(default_factory=list)
    zones: list[Zone] = field(default_factory=list)
    websites: list[WebSite] = field(default_factory=list)
    resolvers: tuple[str, ...] = ()
    """Addresses where the lab's recursive resolver (unbound) answers."""
    blackholes: tuple[str, ...] = ()
    """Addresses (or prefixes) routed to the lab where every packet is silently dropped."""
    anyip: tuple[str, ...] = ()
    """Prefixes the server namespace answers on as a whole (local routes), for large labs
    such as the benchmark's, where one address per name would mean thousands of addresses."""
    vantages: list[Vantage] = field(default_factory=lambda: [Vantage("cli")])
    expectations: list[Expect] = field(default_factory=list)

    def server_addresses(self) -> list[str]:
        """Every address the server namespace must own, deduplicated, in a stable order."""
        found: dict[str, None] = {}
        for ns in self.nameservers:
            found.update(dict.fromkeys(ns.published))
        for site in self.websites:
            found.update(dict.fromkeys(site.addresses))
        found.update(dict.fromkeys(self.resolvers))
        found.update(dict.fromkeys(a for a in self.blackholes if "/" not in a))
        return list(found)

    def dropped_addresses(self) -> list[str]:
        return list(
            dict.fromkeys([a for ns in self.nameservers for a in ns.silent] + list(self.blackholes))
        )

    def resolver(self, family: int = 6) -> str:
        return next(a for a in self.resolvers if ipaddress.ip_address(a).version == family)

    def vantage(self, name: str) -> Vantage:
        return next(v for v in self.vantages if v.name == name)


def combine(name: str, parts: list[Scenario]) -> Scenario:
    """One lab from several scenario parts (their names, zones and addresses must not clash)."""
    combined = Scenario(name=name, vantages=[])
    for part in parts:
        combined.nameservers += part.nameservers
        combined.zones += part.zones
        combined.websites += part.websites
        combined.resolvers += tuple(a for a in part.resolvers if a not in combined.resolvers)
        combined.blackholes += part.blackholes
        combined.anyip += part.anyip
        combined.vantages += [v for v in part.vantages if v not in combined.vantages]
        combined.expectations += part.expectations
    origins = [zone.origin for zone in combined.zones]
    duplicates = {origin for origin in origins if origins.count(origin) > 1}
    if duplicates:
        raise ValueError(f"zones declared by two scenario parts: {sorted(duplicates)}")
    return combined
