"""Lab cases: one declaration per site, holding everything that makes it and what it must give.

A :class:`Case` puts side by side what used to sit in four places of a scenario: the name's
addresses and other zone lines, the servers behind them (web, raw, mail, name servers), the
addresses that drop or refuse, and the verdicts the auditor must reach. :func:`assemble` turns a
scenario's shared infrastructure and its list of cases into the plain :class:`~lab.spec.Scenario`
the builder and the tests read, so adding a case is adding one call to a list.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from lab.spec import (
    Expect,
    MailServer,
    NameServer,
    RawServer,
    Scenario,
    Vantage,
    WebSite,
    Zone,
)
from lab.zones import fqdn


@dataclass(frozen=True)
class Case:
    """One site case: its name, DNS data, servers and expected verdicts, together.

    ``name`` is the target the verdicts are about: a host name, a prefix, or
    :data:`~lab.spec.VANTAGE`. ``addresses`` become the name's AAAA and A lines (in the order
    given), then ``records`` (zone-file lines relative to the zone) follow; both go into
    ``zone``, by default the declared zone that is the longest suffix of ``name``. ``zones``,
    ``nameservers`` and ``vantages`` are ones the case brings along (a zone of its own and who
    serves it, the network it judges from).
    """

    name: str
    addresses: tuple[str, ...] = ()
    """Published for the name: AAAA for IPv6 addresses, A for IPv4 ones (bogus ones too)."""
    records: tuple[str, ...] = ()
    zone: str | None = None
    websites: tuple[WebSite, ...] = ()
    raw_servers: tuple[RawServer, ...] = ()
    mail_servers: tuple[MailServer, ...] = ()
    nameservers: tuple[NameServer, ...] = ()
    zones: tuple[Zone, ...] = ()
    vantages: tuple[Vantage, ...] = ()
    """Vantages the case is about (a network whose view ``expect_from`` judges)."""
    blackholes: tuple[str, ...] = ()
    """Addresses of the case where every packet is silently dropped."""
    idle: tuple[str, ...] = ()
    """Addresses of the case that the server namespace owns with nothing listening (refused)."""
    filtered: tuple[str, ...] = ()
    """``ADDRESS PORT`` pairs the server namespace's firewall drops."""
    expect: Mapping[str, str] = field(default_factory=dict)
    """Verdicts for ``name`` scanned from the ``cli`` vantage (check ID to status[/reason])."""
    expect_from: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Verdicts for ``name`` scanned from other vantages: vantage to verdicts."""
    also: tuple[Expect, ...] = ()
    """Expectations about other targets this case serves: a URL on the site, a prefix."""

    def zone_lines(self, origin: str) -> tuple[str, ...]:
        """Address lines, then the other records, as lines of the zone ``origin``."""
        owner = _relative(self.name, origin)
        published = tuple(
            f"{owner} {'AAAA' if ipaddress.ip_address(a).version == 6 else 'A'} {a}"
            for a in self.addresses
        )
        return published + self.records

    def expectations(self) -> list[Expect]:
        found = [Expect(self.name, dict(self.expect))] if self.expect else []
        found += [
            Expect(self.name, dict(verdicts), vantage=vantage)
            for vantage, verdicts in self.expect_from.items()
        ]
        return found + list(self.also)


def site(name: str, *addresses: str, body: str, **options: Any) -> WebSite:
    """A web site for one name on the given addresses (see :class:`~lab.spec.WebSite`)."""
    return WebSite((name,), addresses, body, **options)


def assemble(name: str, cases: Iterable[Case], **infrastructure: Any) -> Scenario:
    """The scenario of shared ``infrastructure`` (:class:`Scenario` fields) and its cases.

    Each case's servers, addresses and expectations follow the infrastructure's, in case order;
    its zone lines are appended to its zone, which must be declared by the infrastructure or by
    one of the cases.
    """
    scenario = Scenario(name=name, **infrastructure)
    cases = list(cases)
    for case in cases:
        scenario.nameservers += case.nameservers
        scenario.zones += case.zones
        scenario.vantages += case.vantages
        scenario.websites += case.websites
        scenario.raw_servers += case.raw_servers
        scenario.mail_servers += case.mail_servers
        scenario.blackholes += case.blackholes
        scenario.idle += case.idle
        scenario.filtered += case.filtered
        scenario.expectations += case.expectations()
    for case in cases:
        if not case.addresses and not case.records:
            continue
        origin = case.zone or _zone_of(case.name, scenario.zones)
        position = next((i for i, zone in enumerate(scenario.zones) if zone.origin == origin), None)
        if position is None:
            raise ValueError(f"case {case.name}: zone {origin} is not declared")
        zone = scenario.zones[position]
        lines = case.zone_lines(origin)
        scenario.zones[position] = replace(zone, records=zone.records + lines)
    return scenario


def _zone_of(name: str, zones: list[Zone]) -> str:
    """The origin of the declared zone that holds ``name`` (the longest matching suffix)."""
    wanted = fqdn(name)
    matching = [
        z.origin for z in zones if wanted == fqdn(z.origin) or wanted.endswith("." + fqdn(z.origin))
    ]
    if not matching:
        raise ValueError(f"no declared zone holds {name}")
    return max(matching, key=len)


def _relative(name: str, origin: str) -> str:
    """``name`` as an owner in the zone ``origin``: ``@`` for the apex, else its labels."""
    if fqdn(name) == fqdn(origin):
        return "@"
    return fqdn(name)[: -len(fqdn(origin)) - 1]
