"""Derive complete zone files from a scenario: SOA, NS, delegations with glue, NS host addresses."""

from __future__ import annotations

import ipaddress

from lab.spec import NameServer, Scenario, Zone


def fqdn(name: str) -> str:
    return "." if name in (".", "") else name.rstrip(".") + "."


def _is_under(name: str, origin: str) -> bool:
    name, origin = fqdn(name), fqdn(origin)
    return origin == "." or name == origin or name.endswith("." + origin)


def parent_zone(origin: str, zones: list[Zone]) -> Zone | None:
    candidates = [z for z in zones if z.origin != origin and _is_under(origin, z.origin)]
    return max(candidates, key=lambda z: len(fqdn(z.origin)), default=None)


def _address_lines(host: str, addresses: tuple[str, ...]) -> list[str]:
    lines = []
    for address in addresses:
        rtype = "AAAA" if ipaddress.ip_address(address).version == 6 else "A"
        lines.append(f"{fqdn(host)} 300 IN {rtype} {address}")
    return lines


def _servers_of(origin: str, scenario: Scenario) -> list[NameServer]:
    """Every server named for ``origin``, whether it loads the zone or is lame for it."""
    return [ns for ns in scenario.nameservers if origin in ns.zones or origin in ns.lame]


def zone_text(zone: Zone, scenario: Scenario, serial: int) -> str:
    """The zone file of ``zone`` as a server with ``serial`` publishes it."""
    servers = _servers_of(zone.origin, scenario)
    if not servers:
        raise ValueError(f"zone {zone.origin} has no name server")
    origin = fqdn(zone.origin)
    ns_hosts = list(dict.fromkeys(ns.host for ns in servers))
    lines = [
        f"$ORIGIN {origin}",
        "$TTL 300",
        f"@ IN SOA {fqdn(ns_hosts[0])} hostmaster.{origin if origin != '.' else 'lab.'} "
        f"{serial} 3600 600 86400 300",
    ]
    lines += [f"@ IN NS {fqdn(host)}" for host in ns_hosts]
    lines += list(zone.records)
    # address records of name-server hosts that live in this zone (and not in a child zone)
    for ns in _unique_hosts(scenario.nameservers):
        owner = _owning_zone(ns.host, scenario.zones)
        if owner is not None and owner.origin == zone.origin:
            lines += _address_lines(ns.host, _published_for_host(ns.host, scenario))
    # delegations to child zones, with glue for hosts below the cut
    for child in scenario.zones:
        if child.origin == zone.origin or parent_zone(child.origin, scenario.zones) != zone:
            continue
        child_hosts = list(dict.fromkeys(ns.host for ns in _servers_of(child.origin, scenario)))
        lines += [f"{fqdn(child.origin)} IN NS {fqdn(host)}" for host in child_hosts]
        for host in child_hosts:
            if _is_under(host, child.origin):
                lines += _address_lines(host, _published_for_host(host, scenario))
    return "\n".join(lines) + "\n"


def _unique_hosts(servers: list[NameServer]) -> list[NameServer]:
    return list({ns.host: ns for ns in servers}.values())


def _published_for_host(host: str, scenario: Scenario) -> tuple[str, ...]:
    found: dict[str, None] = {}
    for ns in scenario.nameservers:
        if ns.host == host:
            found.update(dict.fromkeys(ns.published))
    return tuple(found)


def _owning_zone(name: str, zones: list[Zone]) -> Zone | None:
    candidates = [z for z in zones if _is_under(name, z.origin)]
    return max(candidates, key=lambda z: len(fqdn(z.origin)), default=None)


def root_hints(scenario: Scenario) -> str:
    lines = []
    for ns in _unique_hosts(_servers_of(".", scenario)):
        lines.append(f".  3600000  NS  {fqdn(ns.host)}")
        lines += [
            line.replace(" 300 IN ", " 3600000 ")
            for line in _address_lines(ns.host, _published_for_host(ns.host, scenario))
        ]
    return "\n".join(lines) + "\n"
