"""Survey a network target: live hosts, their possible counterparts in the other family, their
services and service fingerprints.

The steps depend on each other (counterparts of the hosts found, services of both), so one probe
does them in order and the three ``net.*`` checks judge its one observation. Everything is TCP
connect, so it works without root: a connection or a refusal (RST) shows a live host; silence or
an ICMP error shows nothing. Every connection goes through the context's gate, so the run's
packet rate and per-host limits hold however large the sweep.

The probe measures and does not judge: it records every candidate counterpart with the method
that proposed it (a PTR name's records, a numbering convention in an other-family prefix learned
from those names or declared by the operator, a declared pair) and the evidence to weigh it
(names, liveness, fingerprints). Which candidates are the host's counterparts is the checks'
call, so a stored run can be judged again with better rules.
"""

from __future__ import annotations

import asyncio
import ipaddress
from collections.abc import Awaitable, Iterable
from dataclasses import dataclass
from typing import Any

import dns.reversename
from pydantic import Field, model_validator

from v6audit.probes.base import Inputs, Port, Probe, ProbeParams
from v6audit.probes.model import Observation, Reason, Target
from v6audit.probes.net import candidates, pairing
from v6audit.probes.net.context import ProbeContext
from v6audit.probes.net.errors import target_reason
from v6audit.probes.net.policy import AddressPolicy
from v6audit.probes.net.settings import Convention, PairingPlan

DISCOVERY_PORTS = (22, 25, 53, 80, 443)
SERVICE_PORTS = (21, 22, 23, 25, 53, 80, 110, 143, 443, 465, 587, 993, 995, 1433, 3306, 3389,
                 5432, 6379, 8080, 8443, 9200, 11211, 27017)  # fmt: skip
"""Services compared across families; databases and caches included, as they must not be open
over one family only."""
BANNER_PORTS = (21, 22, 25, 110, 143, 587)
"""Services that speak first: their greeting line is a fingerprint."""
TLS_PORTS = (443, 465, 993, 995, 8443)
"""Services that present a certificate: its SHA-256 is a fingerprint."""
DISCOVERY_WAIT = 1.0
ALIVE = (None, Reason.REFUSED)
"""Connect outcomes that prove a host is there: connected, or actively refused."""
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class Host(Observation):
    address: str
    found_by: str
    """sweep, low-byte, service-port, wordy, ipv4-embedded or declared."""
    names: list[str] = Field(default_factory=list)
    """Names from its PTR records."""
    forward: dict[str, list[str]] = Field(default_factory=dict)
    """Each name's A and AAAA addresses (whether the name gives this address back, and which
    addresses of the other family it has)."""


class Candidate(Observation):
    """An address of the other family that may belong to the same host."""

    address: str
    other: str
    method: str
    """ptr (a PTR name's A/AAAA), same-number, hex, embedded (a numbering convention), or
    declared (a pair the operator listed)."""
    name: str | None = None
    """ptr: the name whose record gives ``other``."""
    segment: str | None = None
    """Conventions: the other-family prefix the convention was applied in."""
    declared: bool = False
    """The operator declared this pair, or this convention for this segment."""


class Survey(Observation):
    network: str
    version: int
    method: str
    """sweep (every address) or candidates (IPv6 patterns)."""
    examined: int
    aliased: bool
    hosts: list[Host]
    open_ports: dict[str, list[int]]
    """Open service ports per address, for every host and every live candidate counterpart."""
    service_ports: list[int]
    candidates: list[Candidate] = Field(default_factory=list)
    """Possible counterparts; convention guesses only where something answered."""
    alive: dict[str, bool] = Field(default_factory=dict)
    """Whether each candidate counterpart answered (connected or refused)."""
    other_names: dict[str, list[str]] = Field(default_factory=dict)
    """PTR names of the live candidate counterparts."""
    fingerprints: dict[str, dict[str, str]] = Field(default_factory=dict)
    """Per address, ``tls/PORT`` (certificate SHA-256) and ``banner/PORT`` (greeting line)."""
    segments: dict[str, str] = Field(default_factory=dict)
    """Other-family prefixes conventions were tried in, and whence: names or declared."""

    @model_validator(mode="before")
    @classmethod
    def _first_version(cls, data: Any) -> Any:
        """Runs stored before candidates were recorded gave each host its ``counterparts``
        (by ``ptr`` or ``ipv4-embedded``) and no liveness: read them as candidates that
        answered, so the checks judge those runs too."""
        if not isinstance(data, dict) or "candidates" in data:
            return data
        data = dict(data)
        hosts, found = [], []
        for host in data.get("hosts", []):
            host = dict(host)
            others = host.pop("counterparts", [])
            by = host.pop("counterpart_by", None)
            names = host.get("names", [])
            for other in others:
                method = "ptr" if by == "ptr" else Convention.EMBEDDED.value
                name = names[0] if method == "ptr" and names else None
                found.append(
                    {"address": host["address"], "other": other, "method": method, "name": name}
                )
            hosts.append(host)
        data["hosts"] = hosts
        data["candidates"] = found
        data["alive"] = {c["other"]: True for c in found}
        return data


@dataclass(frozen=True, slots=True)
class Numbering:
    """Where to apply which conventions, for which hosts: a step of the survey, not stored."""

    hosts: str
    """The same-family prefix whose hosts it applies to."""
    other: str
    conventions: tuple[Convention, ...]
    declared: bool
    source: str


class SurveyParams(ProbeParams):
    ports: list[Port] = Field(default_factory=lambda: list(SERVICE_PORTS))
    """The service ports compared across families."""


class NetworkSurveyProbe(Probe[Survey]):
    name = "net.survey"
    observation_type = Survey
    Params = SurveyParams
    params: SurveyParams

    async def run(self, target: Target, ctx: ProbeContext, inputs: Inputs) -> Survey:
        network = target.network
        assert network is not None
        limit = ctx.settings.limits.sweep
        plan = ctx.settings.pairing
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
                    service_ports=list(self.params.ports),
                )
            declared = [
                (ipaddress.IPv6Address(v6), "declared")
                for _v4, v6 in plan.pairs
                if ipaddress.IPv6Address(v6) in network
            ]
            addresses = [(str(a), p) for a, p in candidates.candidates(network, limit, declared)]
            method = "sweep" if network.num_addresses <= limit else "candidates"
        hosts = await self._live(ctx, addresses)
        examined = len(addresses)
        hosts = list(await asyncio.gather(*(self._with_names(ctx, h) for h in hosts)))
        if isinstance(network, ipaddress.IPv6Network) and method == "candidates":
            extra = self._embedded_round(network, hosts, {a for a, _ in addresses})
            examined += len(extra)
            found = await self._live(ctx, extra)
            hosts += await asyncio.gather(*(self._with_names(ctx, h) for h in found))
        policy = ctx.gate.policy
        segments = _segments(network, hosts, plan, policy)
        numbered = _numbered(hosts, segments)[:limit]  # declared segments come first
        proposed = _named(hosts, policy) + _declared(network, hosts, plan) + numbered
        others = list(dict.fromkeys(c.other for c in proposed))
        alive = dict(
            zip(others, await asyncio.gather(*(self._alive(ctx, a) for a in others)), strict=True)
        )
        kept = [c for c in proposed if alive[c.other] or c.method in ("ptr", "declared")]
        live_others = [a for a in dict.fromkeys(c.other for c in kept) if alive[a]]
        other_names = dict(
            zip(
                live_others,
                await asyncio.gather(*(self._names(ctx, a) for a in live_others)),
                strict=True,
            )
        )
        everyone = list(dict.fromkeys([h.address for h in hosts] + live_others))
        open_ports = await self._services(ctx, everyone)
        # every host, not only those with candidates: a fingerprint identifies a host only if
        # no other host of the prefix presents it, which the checks can tell only so
        fingerprints = dict(
            zip(
                everyone,
                await asyncio.gather(*(fingerprint(ctx, a, open_ports[a]) for a in everyone)),
                strict=True,
            )
        )
        return Survey(
            network=str(network),
            version=network.version,
            method=method,
            examined=examined,
            aliased=False,
            hosts=hosts,
            open_ports=open_ports,
            service_ports=list(self.params.ports),
            candidates=kept,
            alive={a: alive[a] for a in dict.fromkeys(c.other for c in kept)},
            other_names={a: n for a, n in other_names.items() if n},
            fingerprints={a: f for a, f in fingerprints.items() if f},
            segments={s.other: s.source for s in segments},
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

    async def _addresses(self, ctx: ProbeContext, name: str, rdtype: str) -> list[str]:
        try:
            lookup = await ctx.dns.lookup(name, rdtype)
        except Exception as exc:
            target_reason(exc)
            return []
        return list(lookup.records)

    async def _with_names(self, ctx: ProbeContext, host: Host) -> Host:
        names = await self._names(ctx, host.address)
        forward = {}
        for name in names:
            found = await asyncio.gather(*(self._addresses(ctx, name, t) for t in ("A", "AAAA")))
            forward[name] = [a for addresses in found for a in addresses]
        return host.model_copy(update={"names": names, "forward": forward})

    def _embedded_round(
        self, network: ipaddress.IPv6Network, hosts: list[Host], tried: set[str]
    ) -> list[tuple[str, str]]:
        """IPv4-embedded candidates: A records of the names of hosts found, in their /64s."""
        extra: dict[str, str] = {}
        for host in hosts:
            subnet = ipaddress.IPv6Network((host.address, 64), strict=False)
            for ipv4 in (a for found in host.forward.values() for a in found if ":" not in a):
                for candidate in candidates.embedded(subnet, ipaddress.IPv4Address(ipv4)):
                    if candidate in network and str(candidate) not in tried:
                        extra[str(candidate)] = "ipv4-embedded"
        return list(extra.items())

    async def _services(self, ctx: ProbeContext, addresses: list[str]) -> dict[str, list[int]]:
        found = await asyncio.gather(
            *(answering_ports(ctx, a, self.params.ports) for a in addresses)
        )
        return dict(zip(addresses, found, strict=True))


def _named(hosts: list[Host], policy: AddressPolicy) -> list[Candidate]:
    """Other-family addresses of the hosts' PTR names (those the scope audits: a name's ULA or
    private address is no counterpart on the internet)."""
    return [
        Candidate(address=h.address, other=a, method="ptr", name=name)
        for h in hosts
        for name, found in h.forward.items()
        for a in found
        if (":" in a) != (":" in h.address) and policy.unusable(a) is None
    ]


def _declared(network: Network, hosts: list[Host], plan: PairingPlan) -> list[Candidate]:
    """The operator's pairs whose address of this family is a live host of the survey."""
    live = {ipaddress.ip_address(h.address) for h in hosts}
    found = []
    for ipv4, ipv6 in plan.pairs:
        mine, other = (ipv4, ipv6) if network.version == 4 else (ipv6, ipv4)
        if ipaddress.ip_address(mine) in live:
            found.append(Candidate(address=mine, other=other, method="declared", declared=True))
    return found


def _segments(
    network: Network, hosts: list[Host], plan: PairingPlan, policy: AddressPolicy
) -> list[Numbering]:
    """The other-family prefixes to apply conventions in: the operator's declared segments
    that overlap the survey, and the prefixes of the other-family addresses the hosts' names
    give (a /64, or the /24 of an IPv4 address)."""
    every = list(Convention)
    default = (plan.conventions, True) if plan.conventions else (every, False)
    found: dict[str, Numbering] = {}
    for declared in plan.segments:
        mine, other = (
            (declared.ipv4, declared.ipv6)
            if network.version == 4
            else (declared.ipv6, declared.ipv4)
        )
        mine_net = ipaddress.ip_network(mine)
        if not mine_net.overlaps(network):
            continue
        conventions, sure = ([declared.convention], True) if declared.convention else default
        subnet = _subnet(ipaddress.ip_network(other))
        found[subnet] = Numbering(
            hosts=mine,
            other=subnet,
            conventions=tuple(conventions),
            declared=sure,
            source="declared",
        )
    for host in hosts:
        for address in (a for found_ in host.forward.values() for a in found_):
            if (":" in address) == (network.version == 6) or policy.unusable(address) is not None:
                continue
            prefix = 64 if ":" in address else 24
            other = str(ipaddress.ip_network((address, prefix), strict=False))
            if other not in found:
                conventions, sure = default
                found[other] = Numbering(
                    hosts=str(network),
                    other=other,
                    conventions=tuple(conventions),
                    declared=sure,
                    source="names",
                )
    return list(found.values())


def _subnet(network: Network) -> str:
    """Where host numbers go: the first /64 of an IPv6 prefix, the /24 of an IPv4 one."""
    prefix = 64 if network.version == 6 else 24
    return str(
        ipaddress.ip_network(
            (network.network_address, max(prefix, network.prefixlen)), strict=False
        )
    )


def _numbered(hosts: list[Host], segments: list[Numbering]) -> list[Candidate]:
    """Each host's address in each segment by each of its conventions."""
    found = []
    for segment in segments:
        other = ipaddress.ip_network(segment.other)
        scope = ipaddress.ip_network(segment.hosts)
        for host in hosts:
            address = ipaddress.ip_address(host.address)
            if address not in scope:
                continue
            for convention in segment.conventions:
                if isinstance(address, ipaddress.IPv4Address):
                    assert isinstance(other, ipaddress.IPv6Network)
                    predicted: list[ipaddress.IPv4Address] | list[ipaddress.IPv6Address] = (
                        pairing.predict6(address, other, convention)
                    )
                else:
                    assert isinstance(other, ipaddress.IPv4Network)
                    predicted = pairing.predict4(address, other, convention)
                found += [
                    Candidate(
                        address=host.address,
                        other=str(p),
                        method=convention.value,
                        segment=segment.other,
                        declared=segment.declared,
                    )
                    for p in predicted
                ]
    return found


async def fingerprint(ctx: ProbeContext, address: str, open_ports: list[int]) -> dict[str, str]:
    """What identifies the server behind ``address``: certificates and greeting lines."""
    tls = [p for p in open_ports if p in TLS_PORTS]
    banners = [p for p in open_ports if p in BANNER_PORTS]
    certs = await asyncio.gather(*(_quietly(ctx.tcp.certificate_sha256(address, p)) for p in tls))
    lines = await asyncio.gather(*(_quietly(ctx.tcp.greeting(address, p)) for p in banners))
    found = {f"tls/{p}": c for p, c in zip(tls, certs, strict=True) if c}
    found.update({f"banner/{p}": line for p, line in zip(banners, lines, strict=True) if line})
    return found


async def _quietly(action: Awaitable[str]) -> str | None:
    """The result, or None when the exchange failed (no fingerprint is no evidence)."""
    try:
        return await action
    except Exception as exc:
        target_reason(exc)
        return None


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
