"""The zones behind a host name and their name servers, as the resolver sees them.

The zones are the host's own and the zone of every CNAME target on its chain: users of the host
depend on all of them (a CDN's zone whose servers lack IPv6 breaks an IPv6-only resolver as
surely as the host's own). Each zone is found by asking for NS records from the name upwards;
every lookup goes through the run's cache, so a parent zone or a name server shared by many
targets is looked up once per run.
"""

from __future__ import annotations

import asyncio

from v6audit.probes.base import Inputs, Probe
from v6audit.probes.dns_names import ServerName, server_name
from v6audit.probes.model import Observation, Reason, Target
from v6audit.probes.net.context import ProbeContext
from v6audit.probes.net.errors import ExchangeError, ProbeError


class ZoneServers(Observation):
    zone: str
    via: str | None
    """The CNAME target that leads into this zone; None for the host's own zone."""
    nameservers: list[ServerName]


class NameServers(Observation):
    host: str
    zones: list[ZoneServers]


async def zone_of(ctx: ProbeContext, name: str) -> tuple[str, list[str]]:
    """The closest enclosing zone of ``name`` (the nearest name with NS records of its own, not
    through a CNAME) and its name-server host names."""
    labels = name.split(".")
    for candidate in [".".join(labels[i:]) for i in range(len(labels))] + ["."]:
        try:
            found = await ctx.dns.lookup(candidate, "NS")
        except ExchangeError as exc:
            if exc.reason is not Reason.NXDOMAIN:
                raise
            continue  # a missing name still lives in its parent's zone
        if found.records and not found.cname_chain:
            hosts = sorted({record.rstrip(".").lower() for record in found.records})
            return candidate, hosts
    raise ProbeError(Reason.NO_DATA, f"no zone with name servers above {name}")


async def zones_of_host(ctx: ProbeContext, host: str) -> list[tuple[str, str | None, list[str]]]:
    """(zone, via, name-server hosts) for the host and each CNAME target, each zone once."""
    chain = (await ctx.dns.lookup(host, "AAAA")).cname_chain  # shared with the address probe
    names: list[tuple[str, str | None]] = [(host, None)]
    names += [(target.lower(), target.lower()) for _, target in chain]
    found = await asyncio.gather(*(zone_of(ctx, name) for name, _ in names))
    zones: dict[str, tuple[str, str | None, list[str]]] = {}
    for (_, via), (zone, hosts) in zip(names, found, strict=True):
        zones.setdefault(zone, (zone, via, hosts))
    return list(zones.values())


async def name_servers(ctx: ProbeContext, host: str) -> NameServers:
    zones = await zones_of_host(ctx, host)
    servers = await asyncio.gather(
        *(asyncio.gather(*(server_name(ctx, ns) for ns in hosts)) for _, _, hosts in zones)
    )
    return NameServers(
        host=host,
        zones=[
            ZoneServers(zone=zone, via=via, nameservers=list(found))
            for (zone, via, _), found in zip(zones, servers, strict=True)
        ],
    )


class NameServersProbe(Probe[NameServers]):
    """Which name servers the host's zones have, and their addresses."""

    name = "dns.ns"
    observation_type = NameServers

    async def run(self, target: Target, ctx: ProbeContext, inputs: Inputs) -> NameServers:
        assert target.host is not None
        return await name_servers(ctx, target.host)
