"""The delegation chain from the root to the host, followed over IPv6 alone (授权体系).

The walk does what an IPv6-only resolver would: it starts at the root hints and asks, one label
at a time (query-name minimisation, RFC 9156), for the NS records of the next name down; a
referral moves it to the child zone's servers. Only IPv6 addresses are used: AAAA glue from the
referral, or, for servers named outside the child zone, their AAAA through the run's resolver
(a server named inside the child zone with no AAAA glue cannot be found over IPv6 at all).
Each question depends only on the zone and the next label, never on the rest of the target,
so the root's and a TLD's answers are cached once per run for every target below them.

At each zone the first address is asked alone; if it gives nothing usable, the others are asked
at once, so a zone with many dead servers costs two timeouts, not one per server. The walk ends
when the host's own zone answers with authority (NXDOMAIN included: the chain itself works), or
at the zone none of whose IPv6 addresses answered usefully: that zone cut is where it breaks.
The names a CNAME chain leads through are walked too: users of the host need them as much.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdatatype

from v6audit.probes.base import Inputs, Probe
from v6audit.probes.dns_answers import ServerAnswer, server_answer
from v6audit.probes.dns_names import server_name
from v6audit.probes.model import Observation, Reason, Target
from v6audit.probes.net.context import ProbeContext
from v6audit.probes.net.dnsclient import dns_name
from v6audit.probes.net.errors import classify


class ZoneCut(Observation):
    zone: str
    nameservers: list[str]
    ipv6: list[str]
    """The IPv6 addresses found for those servers (glue or looked up)."""
    answers: list[ServerAnswer]
    """Every exchange with this zone's servers during the walk, in order."""


class NameWalk(Observation):
    name: str
    cuts: list[ZoneCut]
    """From the root down; when the walk broke, the last one is the zone that failed."""
    complete: bool


class Delegation(Observation):
    host: str
    walks: list[NameWalk]
    """The host's walk first, then one per CNAME target on its chain."""


@dataclass(frozen=True, slots=True)
class Referral:
    """The answer names the servers of ``child``, a zone below the one asked."""

    child: str
    nameservers: tuple[str, ...]
    glue: dict[str, list[str]]
    """AAAA glue by server name."""


@dataclass(frozen=True, slots=True)
class Final:
    """An authoritative answer about the name asked: the zone holding it was reached."""

    nxdomain: bool


def _text(name: dns.name.Name) -> str:
    return name.to_text(omit_final_dot=True).lower() or "."


def interpret(message: dns.message.Message, zone: str, asked: str) -> Referral | Final | None:
    """What a reply from a server of ``zone`` to "NS ``asked``?" lets the walk do next.

    None means the reply is of no use (lame: no authority and no referral further down;
    refused; server failure; a referral sideways or upwards).
    """
    authoritative = bool(message.flags & dns.flags.AA)
    rcode = message.rcode()
    if rcode == dns.rcode.NXDOMAIN and authoritative:
        return Final(nxdomain=True)
    if rcode != dns.rcode.NOERROR:
        return None
    parent, name = dns_name(zone), dns_name(asked)
    section = message.answer if authoritative else message.authority
    delegation = next(
        (
            rrset
            for rrset in section
            if rrset.rdtype == dns.rdatatype.NS
            and rrset.name != parent
            and rrset.name.is_subdomain(parent)
            and name.is_subdomain(rrset.name)
        ),
        None,
    )
    if delegation is None:
        return Final(nxdomain=False) if authoritative else None
    servers = tuple(sorted({_text(rdata.target) for rdata in delegation}))
    glue: dict[str, list[str]] = {}
    for rrset in message.additional:
        owner = _text(rrset.name)
        if (
            rrset.rdtype == dns.rdatatype.AAAA
            and owner in servers
            and rrset.name.is_subdomain(parent)
        ):
            glue.setdefault(owner, []).extend(sorted(rdata.address for rdata in rrset))
    return Referral(child=_text(delegation.name), nameservers=servers, glue=glue)


class WalkNetwork(Protocol):
    """What the walk needs from the network (the probe context, or a fake in tests)."""

    async def ask(
        self, nameserver: str, address: str, name: str
    ) -> tuple[ServerAnswer, dns.message.Message | None]: ...

    async def ipv6_of(self, nameserver: str) -> list[str]: ...


@dataclass
class _Cut:
    zone: str
    servers: list[tuple[str, list[str]]]
    answers: list[ServerAnswer] = field(default_factory=list)

    def observation(self) -> ZoneCut:
        return ZoneCut(
            zone=self.zone,
            nameservers=[name for name, _ in self.servers],
            ipv6=[address for _, addresses in self.servers for address in addresses],
            answers=self.answers,
        )


async def walk(net: WalkNetwork, host: str, roots: Sequence[tuple[str, Sequence[str]]]) -> NameWalk:
    """Follow the delegations from ``roots`` to ``host`` over the IPv6 addresses only.

    Terminates: every step either asks one label deeper or moves to a zone strictly below the
    current one and above the host, and a final answer at the host's depth ends it.
    """
    labels = host.lower().rstrip(".").split(".")
    cuts = [_Cut(".", [(name, list(addresses)) for name, addresses in roots])]
    depth = 1
    while True:
        cut = cuts[-1]
        asked = ".".join(labels[-depth:])
        step = await _ask_zone(net, cut, asked)
        if step is None:
            return _walked(host, cuts, complete=False)
        if isinstance(step, Final):
            if step.nxdomain or depth == len(labels):
                return _walked(host, cuts, complete=True)
            depth += 1
            continue
        cuts.append(_Cut(step.child, await _servers(net, step)))
        if step.child == asked and depth < len(labels):
            depth += 1


def _walked(host: str, cuts: list[_Cut], complete: bool) -> NameWalk:
    return NameWalk(name=host, cuts=[cut.observation() for cut in cuts], complete=complete)


async def _ask_zone(net: WalkNetwork, cut: _Cut, asked: str) -> Referral | Final | None:
    """The first usable step from the zone's IPv6 addresses: the first alone, then the rest."""
    pairs = [(name, address) for name, addresses in cut.servers for address in addresses]
    if not pairs:
        return None
    first = await net.ask(*pairs[0], asked)
    cut.answers.append(first[0])
    step = _step(first, cut.zone, asked)
    if step is not None:
        return step
    rest = await asyncio.gather(*(net.ask(name, address, asked) for name, address in pairs[1:]))
    cut.answers += [answer for answer, _ in rest]
    return next(
        (step for step in (_step(o, cut.zone, asked) for o in rest) if step is not None), None
    )


def _step(
    outcome: tuple[ServerAnswer, dns.message.Message | None], zone: str, asked: str
) -> Referral | Final | None:
    _, message = outcome
    return interpret(message, zone, asked) if message is not None else None


async def _servers(net: WalkNetwork, referral: Referral) -> list[tuple[str, list[str]]]:
    child = dns_name(referral.child)

    async def addresses(name: str) -> list[str]:
        if name in referral.glue:
            return referral.glue[name]
        if dns_name(name).is_subdomain(child):
            return []  # only glue could say where it is, and there is no AAAA glue
        return await net.ipv6_of(name)

    found = await asyncio.gather(*(addresses(name) for name in referral.nameservers))
    return list(zip(referral.nameservers, found, strict=True))


class _ContextNetwork:
    def __init__(self, ctx: ProbeContext) -> None:
        self._ctx = ctx

    async def ask(
        self, nameserver: str, address: str, name: str
    ) -> tuple[ServerAnswer, dns.message.Message | None]:
        answer, reply = await server_answer(self._ctx, nameserver, address, name, "NS")
        return answer, reply.message if reply is not None else None

    async def ipv6_of(self, nameserver: str) -> list[str]:
        return (await server_name(self._ctx, nameserver)).aaaa


async def _cname_targets(ctx: ProbeContext, host: str) -> list[str]:
    """The names the host's CNAME chain leads through (none when the chain is broken: the
    CNAME check names the broken link; this one still walks to the host's own zone)."""
    try:
        found = await ctx.dns.lookup(host, "AAAA")  # shared with the address probe
    except Exception as exc:
        if classify(exc) not in (Reason.NXDOMAIN, Reason.SERVFAIL, Reason.NO_DATA):
            raise
        return []
    return list(dict.fromkeys(target.lower() for _, target in found.cname_chain))


class DelegationProbe(Probe[Delegation]):
    """Can the chain of delegations down to the host be followed over IPv6 alone?"""

    name = "dns.delegation"
    observation_type = Delegation

    async def run(self, target: Target, ctx: ProbeContext, inputs: Inputs) -> Delegation:
        assert target.host is not None
        roots = [(root.name, [a for a in root.addresses if ":" in a]) for root in ctx.root_hints]
        net = _ContextNetwork(ctx)
        names = [target.host.lower(), *await _cname_targets(ctx, target.host)]
        walks = await asyncio.gather(*(walk(net, name, roots) for name in names))
        return Delegation(host=target.host, walks=list(walks))
