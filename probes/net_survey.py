"""Survey a network target: live hosts, their counterparts in the other family, their services.

The steps depend on each other (counterparts of the hosts found, services of both), so one probe
does them in order and the three ``net.*`` checks judge its one observation. Everything is TCP
connect, so it works without root: a connection or a refusal (RST) shows a live host; silence or
an ICMP error shows nothing. Every connection goes through the context's gate, so the run's
packet rate and per-host limits hold however large the sweep.
"""

from __future__ import annotations

import asyncio
import ipaddress
from collections.abc import Iterable

import dns.reversename
from pydantic import Field

from auditor import candidates
from auditor.context import ProbeContext
from auditor.errors import target_reason
from auditor.model import Observation, Reason, Target
from probes.base import Probe

DISCOVERY_PORTS = (22, 25, 53, 80, 443)
SERVICE_PORTS = (21, 22, 23, 25, 53, 80, 110, 143, 443, 465, 587, 993, 995, 3306, 3389, 8080, 8443)
DISCOVERY_WAIT = 1.0
ALIVE = (None, Reason.REFUSED)
"""Connect outcomes that prove a host is there: connected, or actively refused."""


class Host(Observation):
    address: str
    found_by: str
    """sweep, low-byte, service-port, wordy or ipv4-embedded."""
    names: list[str] = Field(default_factory=list)
    """Names from its PTR records."""
    counterparts: list[str] = Field(default_factory=list)
    """Its addresses in the other family."""
    counterpart_by: str | None = None
    """ptr (same name has AAAA/A) or ipv4-embedded."""


class Survey(Observation):
    network: str
    version: int
    method: str
    """sweep (every address) or candidates (IPv6 patterns)."""
    examined: int
    aliased: bool
    hosts: list[Host]
    open_ports: dict[str, list[int]]
    """Open service ports per address, for every host and counterpart."""
    service_ports: list[int]


class NetworkSurveyProbe(Probe[Survey]):
    name = "net.survey"
    observation_type = Survey

    async def run(self, target: Target, ctx: ProbeContext) -> Survey:
        network = target.network
        assert network is not None
        limit = ctx.settings.limits.sweep
        if isinstance(network, ipaddress.IPv4Network):
            addresses = [(str(a), "sweep") for a in candidates.sweep(network, limit)]
            method = "sweep"
        else:
            if network.num_addresses > limit and await self._aliased(ctx, network):
                return Survey(
                    network=str(network),
                    version=6,
                    method="candidates",
                    examined=candidates.ALIAS_PROBES,
                    aliased=True,
                    hosts=[],
                    open_ports={},
                    service_ports=list(SERVICE_PORTS),
                )
            addresses = [(str(a), p) for a, p in candidates.candidates(network, limit)]
            method = "sweep" if network.num_addresses <= limit else "candidates"
        hosts = await self._live(ctx, addresses)
        examined = len(addresses)
        if isinstance(network, ipaddress.IPv6Network) and method == "candidates":
            extra = await self._embedded_round(ctx, network, hosts, {a for a, _ in addresses})
            examined += len(extra)
            hosts += await self._live(ctx, extra)
        hosts = [await self._with_names(ctx, host) for host in hosts]
        if isinstance(network, ipaddress.IPv4Network):
            hosts = await self._embedded_counterparts(ctx, hosts)
        everyone = [h.address for h in hosts] + [c for h in hosts for c in h.counterparts]
        open_ports = await self._services(ctx, list(dict.fromkeys(everyone)))
        return Survey(
            network=str(network),
            version=network.version,
            method=method,
            examined=examined,
            aliased=False,
            hosts=hosts,
            open_ports=open_ports,
            service_ports=list(SERVICE_PORTS),
        )

    async def _alive(self, ctx: ProbeContext, address: str) -> bool:
        outcomes = await asyncio.gather(*(connect(ctx, address, p) for p in DISCOVERY_PORTS))
        return any(outcome in ALIVE for outcome in outcomes)

    async def _live(self, ctx: ProbeContext, addresses: list[tuple[str, str]]) -> list[Host]:
        """The live hosts among ``addresses``; those the policy refuses (a prefix that covers
        loopback or other reserved space) are not probed: the survey keeps to global space."""
        policy = ctx.gate.policy
        addresses = [(a, p) for a, p in addresses if policy.refusal(a) is None]
        alive = await asyncio.gather(*(self._alive(ctx, a) for a, _ in addresses))
        return [
            Host(address=a, found_by=p) for (a, p), up in zip(addresses, alive, strict=True) if up
        ]

    async def _aliased(self, ctx: ProbeContext, network: ipaddress.IPv6Network) -> bool:
        probes = candidates.alias_probes(network)
        return candidates.is_aliased(
            list(await asyncio.gather(*(self._alive(ctx, str(a)) for a in probes)))
        )

    async def _names(self, ctx: ProbeContext, address: str) -> list[str]:
        try:
            lookup = await ctx.dns.lookup(dns.reversename.from_address(address).to_text(), "PTR")
        except Exception as exc:
            target_reason(exc)  # no PTR (or a failing reverse zone) just means no name
            return []
        return [name.rstrip(".") for name in lookup.records]

    async def _addresses(self, ctx: ProbeContext, name: str, version: int) -> list[str]:
        try:
            lookup = await ctx.dns.lookup(name, "AAAA" if version == 6 else "A")
        except Exception as exc:
            target_reason(exc)
            return []
        return list(lookup.records)

    async def _with_names(self, ctx: ProbeContext, host: Host) -> Host:
        names = await self._names(ctx, host.address)
        other = 4 if ":" in host.address else 6
        found = [a for name in names for a in await self._addresses(ctx, name, other)]
        counterparts = list(dict.fromkeys(found))
        return host.model_copy(
            update={
                "names": names,
                "counterparts": counterparts,
                "counterpart_by": "ptr" if counterparts else None,
            }
        )

    async def _embedded_round(
        self,
        ctx: ProbeContext,
        network: ipaddress.IPv6Network,
        hosts: list[Host],
        tried: set[str],
    ) -> list[tuple[str, str]]:
        """IPv4-embedded candidates: A records of the names of hosts found, in their /64s."""
        extra: dict[str, str] = {}
        for host in hosts:
            subnet = ipaddress.IPv6Network((host.address, 64), strict=False)
            for name in await self._names(ctx, host.address):
                for ipv4 in await self._addresses(ctx, name, 4):
                    for candidate in candidates.embedded(subnet, ipaddress.IPv4Address(ipv4)):
                        if candidate in network and str(candidate) not in tried:
                            extra[str(candidate)] = "ipv4-embedded"
        return list(extra.items())

    async def _embedded_counterparts(self, ctx: ProbeContext, hosts: list[Host]) -> list[Host]:
        """For IPv4 hosts without a named counterpart: their address embedded in known /64s."""
        subnets = {
            ipaddress.IPv6Network((c, 64), strict=False) for h in hosts for c in h.counterparts
        }
        updated = []
        for host in hosts:
            if host.counterparts or not subnets:
                updated.append(host)
                continue
            ipv4 = ipaddress.IPv4Address(host.address)
            tries = [str(a) for s in sorted(subnets) for a in candidates.embedded(s, ipv4)]
            alive = await asyncio.gather(*(self._alive(ctx, a) for a in tries))
            found = [a for a, up in zip(tries, alive, strict=True) if up]
            updated.append(
                host.model_copy(
                    update={
                        "counterparts": found,
                        "counterpart_by": "ipv4-embedded" if found else None,
                    }
                )
            )
        return updated

    async def _services(self, ctx: ProbeContext, addresses: list[str]) -> dict[str, list[int]]:
        found = await asyncio.gather(*(answering_ports(ctx, a, SERVICE_PORTS) for a in addresses))
        return dict(zip(addresses, found, strict=True))


async def answering_ports(ctx: ProbeContext, address: str, ports: Iterable[int]) -> list[int]:
    """The ports that accepted a connection (none for a silent address)."""
    ports = list(ports)
    outcomes = await asyncio.gather(*(connect(ctx, address, p) for p in ports))
    return [port for port, outcome in zip(ports, outcomes, strict=True) if outcome is None]


async def connect(ctx: ProbeContext, address: str, port: int) -> Reason | None:
    """None when a TCP handshake completes (through the gate), else why it did not."""
    try:
        await ctx.tcp.connect(address, port, wait=DISCOVERY_WAIT)
    except Exception as exc:
        return target_reason(exc)
    return None
