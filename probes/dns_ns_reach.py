"""Every name-server address of the host's zones, asked for the zone's SOA directly.

IPv6 addresses are what is tested; IPv4 addresses are asked too so the judge can compare serials
(a server whose IPv6 side serves an older copy of the zone is a real and silent failure). All
addresses are asked at once, under the gate's per-server limits, so many or slow name servers
cost one query timeout (two with a TCP retry), not their sum.
"""

from __future__ import annotations

import asyncio
import ipaddress

from v6audit.probes.base import Inputs, Probe
from v6audit.probes.dns_answers import ServerAnswer, server_answer
from v6audit.probes.dns_zone import ZoneServers, name_servers
from v6audit.probes.model import Observation, Target
from v6audit.probes.net.context import ProbeContext


class ZoneReach(Observation):
    zone: str
    via: str | None
    """The CNAME target that leads into this zone; None for the host's own zone."""
    ipv6: list[ServerAnswer]
    ipv4: list[ServerAnswer]


class NameServerReach(Observation):
    host: str
    zones: list[ZoneReach]


async def _zone_reach(ctx: ProbeContext, zone: ZoneServers) -> ZoneReach:
    questions = [(ns.name, address) for ns in zone.nameservers for address in [*ns.aaaa, *ns.a]]
    outcomes = await asyncio.gather(
        *(server_answer(ctx, ns, address, zone.zone, "SOA") for ns, address in questions)
    )
    answers = [answer for answer, _ in outcomes]
    return ZoneReach(
        zone=zone.zone,
        via=zone.via,
        ipv6=[a for a in answers if ipaddress.ip_address(a.address).version == 6],
        ipv4=[a for a in answers if ipaddress.ip_address(a.address).version == 4],
    )


class NameServerReachProbe(Probe[NameServerReach]):
    """Does each name-server address answer for its zone, with authority and the same serial?"""

    name = "dns.ns.reach"
    observation_type = NameServerReach

    async def run(self, target: Target, ctx: ProbeContext, inputs: Inputs) -> NameServerReach:
        assert target.host is not None
        found = await name_servers(ctx, target.host)  # cached lookups, shared with dns.ns
        zones = await asyncio.gather(*(_zone_reach(ctx, zone) for zone in found.zones))
        return NameServerReach(host=target.host, zones=list(zones))
