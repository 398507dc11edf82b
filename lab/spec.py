"""The declarative vocabulary of lab scenarios: name servers, zones, web sites, vantages.

A scenario is plain data. The builder derives everything else: NS records and delegations with
glue in parent zones, address records of name-server hosts, root hints, server configurations.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


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
    Two sites may share names on different addresses: that is how a scenario serves something
    else over IPv6 than over IPv4.
    """

    names: tuple[str, ...]
    addresses: tuple[str, ...]
    body: str
    status: int = 200
    """Answer every request with this status (nginx's own page for errors) instead of the body."""
    redirect: str | None = None
    """Answer every request with a redirect (``status`` if it is a 3xx, else 302) to this URL."""
    charset: str | None = None
    """Encode the body in this charset and declare it in Content-Type (UTF-8 otherwise)."""
    certificate_names: tuple[str, ...] = ()
    """Names for a certificate of its own from the lab CA (a wrong name makes it invalid);
    empty: the lab's shared certificate, which covers every site's names."""
    headers: tuple[tuple[str, str], ...] = ()
    """Response headers added to every answer (name, value), e.g. Strict-Transport-Security."""


@dataclass(frozen=True)
class RawServer:
    """A small Python server for behaviour real servers will not produce: hostile or broken
    peers (see :mod:`lab.rawserver` for the behaviours), on every address and port given."""

    addresses: tuple[str, ...]
    ports: tuple[int, ...]
    behaviour: str
    tls_names: tuple[str, ...] = ()
    """Names of a certificate from the lab CA: port 443 then speaks TLS (the others stay plain)."""


@dataclass(frozen=True)
class MailServer:
    """An SMTP server (aiosmtpd) on port 25 of every address given; it accepts and drops mail."""

    addresses: tuple[str, ...]
    hostname: str


VANTAGE = "vantage"
"""The target of an :class:`Expect` about the vantage itself (audited by ``v6audit vantage``)."""


@dataclass(frozen=True)
class Router:
    """A router namespace between a vantage and the lab servers: a home CPE, a carrier NAT, a NAT64.

    ``inside4``/``inside6`` are the subnets of its downstream link (toward the vantage): it takes
    the first address, the next hop inward the second. Without one, that family does not pass.
    """

    name: str
    inside4: str | None = None
    inside6: str | None = None
    nat44: bool = False
    """Masquerade IPv4 leaving upstream (nftables), as a CPE or a CGN does."""
    nat64: str | None = None
    """NAT64 prefix translated here by tayga (its IPv4 pool is masqueraded upstream)."""
    pref64: bool = False
    """Announce the NAT64 prefix downstream in router advertisements (PREF64, RFC 8781)."""
    mtu: int | None = None
    """MTU of its downstream link (both ends); None keeps the default (1500)."""
    filter_ptb: bool = False
    """Drop the ICMPv6 Packet Too Big messages it sends or forwards (a PMTU black hole)."""


@dataclass(frozen=True)
class Vantage:
    """A client namespace the auditor runs in; it reaches the lab servers and nothing else.

    ``ipv6``/``ipv4`` say which families the lab-facing link carries. ``routers`` sit between
    the vantage and that link, listed from the vantage outward; without routers the vantage is
    linked to the servers directly.
    """

    name: str
    ipv6: bool = True
    ipv4: bool = True
    routers: tuple[Router, ...] = ()
    resolver: str | None = None
    """The resolver audits from here use (default: the lab's, over IPv6 where possible)."""
    reflector: str | None = None
    """The ``--reflector`` URL vantage audits from here use."""
    canaries: tuple[str, ...] = ()
    """Addresses on the vantage's own loopback where ``record`` servers listen (web and SMTP
    ports): what the auditor must never contact (its own network), and proof that it did not.
    A vantage with canaries also counts, in nftables, every packet it sends to a non-global
    destination (:meth:`lab.topology.Topology.local_packets`)."""


@dataclass(frozen=True)
class Reflector:
    """A ``v6audit reflector`` process in the server namespace."""

    addresses: tuple[str, ...]
    port: int = 8478


@dataclass(frozen=True)
class Dns64:
    """A recursive resolver (a second unbound) that synthesizes AAAA under ``prefix``."""

    addresses: tuple[str, ...]
    prefix: str


@dataclass(frozen=True)
class Expect:
    """What the auditor must conclude about a target: check ID to status (or status/reason)."""

    target: str
    verdicts: dict[str, str]
    vantage: str = "cli"


def verdict(check: Mapping[str, Any]) -> str:
    """A check of a JSON report in the notation of :class:`Expect`: ``status`` or
    ``status/reason``."""
    return f"{check['status']}/{check['reason']}" if check.get("reason") else str(check["status"])


@dataclass
class Scenario:
    name: str
    nameservers: list[NameServer] = field(default_factory=list)
    zones: list[Zone] = field(default_factory=list)
    websites: list[WebSite] = field(default_factory=list)
    raw_servers: list[RawServer] = field(default_factory=list)
    mail_servers: list[MailServer] = field(default_factory=list)
    resolvers: tuple[str, ...] = ()
    """Addresses where the lab's recursive resolver (unbound) answers."""
    blackholes: tuple[str, ...] = ()
    """Addresses (or prefixes) routed to the lab where every packet is silently dropped."""
    idle: tuple[str, ...] = ()
    """Addresses the server namespace owns with nothing listening: connections are refused
    (live hosts that offer nothing on a port)."""
    vantages: list[Vantage] = field(default_factory=lambda: [Vantage("cli")])
    expectations: list[Expect] = field(default_factory=list)
    reflectors: list[Reflector] = field(default_factory=list)
    dns64: list[Dns64] = field(default_factory=list)
    filtered: tuple[str, ...] = ()
    """``ADDRESS PORT`` pairs the server namespace's firewall drops (a port filtered over one
    family while the service listens on both)."""
    aliased: tuple[str, ...] = ()
    """Prefixes the server namespace answers on at every address (local routes): aliased
    prefixes for discovery, and large labs such as the benchmark's, where one address per name
    would mean thousands of addresses."""

    def server_addresses(self) -> list[str]:
        """Every address the server namespace must own, deduplicated, in a stable order."""
        found: dict[str, None] = {}
        for ns in self.nameservers:
            found.update(dict.fromkeys(ns.published))
        for server in [*self.websites, *self.raw_servers, *self.mail_servers]:
            found.update(dict.fromkeys(server.addresses))
        found.update(dict.fromkeys(self.resolvers))
        found.update(dict.fromkeys(a for a in self.blackholes if "/" not in a))
        found.update(dict.fromkeys(self.idle))
        for reflector in self.reflectors:
            found.update(dict.fromkeys(reflector.addresses))
        for resolver in self.dns64:
            found.update(dict.fromkeys(resolver.addresses))
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
        combined.raw_servers += part.raw_servers
        combined.mail_servers += part.mail_servers
        combined.resolvers += tuple(a for a in part.resolvers if a not in combined.resolvers)
        combined.blackholes += part.blackholes
        combined.idle += part.idle
        combined.vantages += [v for v in part.vantages if v not in combined.vantages]
        combined.expectations += part.expectations
        combined.reflectors += part.reflectors
        combined.dns64 += part.dns64
        combined.aliased += part.aliased
        combined.filtered += part.filtered
    origins = [zone.origin for zone in combined.zones]
    duplicates = {origin for origin in origins if origins.count(origin) > 1}
    if duplicates:
        raise ValueError(f"zones declared by two scenario parts: {sorted(duplicates)}")
    return combined
