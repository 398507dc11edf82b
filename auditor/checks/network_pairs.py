"""Which candidate counterparts of a surveyed host are its own: the confidence rules.

No checks here: the rules ``net.dualstack`` and ``net.services6`` share, kept apart so they can
be read and tested on their own. The survey proposes candidates (see :mod:`probes.net_survey`);
each gets a confidence from the method that proposed it, raised or lowered by the evidence:

- a PTR name whose own record gives the host's address back (forward-confirmed) and whose
  other-family record gives the candidate: high; a name that does not give it back: medium;
- a pair or a convention the operator declared: high;
- the IPv4 address embedded in the interface identifier: medium (a deliberate, specific form);
- the same host number (decimal digits or hex value): low, a guess; medium when the segment's
  confirmed pairs all follow that convention (they show the numbering plan);
- both addresses' PTR records giving the same name: one level up;
- the same certificate (one no other surveyed host presents): two levels up; the same greeting
  line, so distinctive: one level up; shared fingerprints are common (wildcard certificates,
  stock banners) and prove nothing;
- a fingerprint that differs on the same port: a guess is dropped, anything else one level down.

Medium or high is a confirmed pair; low stays "counterpart unknown".
"""

from __future__ import annotations

import ipaddress
from collections import Counter
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from v6audit.probes.net.pairing import follows
from v6audit.probes.net.settings import Convention
from v6audit.probes.net_survey import Candidate, Host, Survey

GUESSES = frozenset({Convention.SAME_NUMBER.value, Convention.HEX.value})


class Confidence(IntEnum):
    LOW = 1
    MEDIUM = 2
    HIGH = 3

    @property
    def label(self) -> str:
        return self.name.lower()


CONFIRMED = Confidence.MEDIUM


def _moved(level: Confidence, steps: int) -> Confidence:
    return Confidence(min(Confidence.HIGH, max(Confidence.LOW, level + steps)))


@dataclass(frozen=True, slots=True)
class Pair:
    """A candidate counterpart, weighed."""

    other: str
    method: str
    confidence: Confidence
    alive: bool
    evidence: tuple[str, ...]
    rejected: bool = False

    @property
    def confirmed(self) -> bool:
        return not self.rejected and self.confidence >= CONFIRMED

    def to_json(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "other": self.other,
            "method": self.method,
            "confidence": "rejected" if self.rejected else self.confidence.label,
            "evidence": list(self.evidence),
        }
        if not self.alive:
            document["alive"] = False
        return document


@dataclass(slots=True)
class Standing:
    """One surveyed host: its weighed candidates and what they add up to."""

    address: str
    pairs: list[Pair] = field(default_factory=list)
    unpublished: list[str] = field(default_factory=list)
    """Its forward-confirmed names that have no address of the other family."""

    @property
    def counterparts(self) -> list[str]:
        """Confirmed counterparts that answer."""
        return list(dict.fromkeys(p.other for p in self.pairs if p.confirmed and p.alive))

    @property
    def dead(self) -> list[str]:
        return list(dict.fromkeys(p.other for p in self.pairs if p.confirmed and not p.alive))

    @property
    def status(self) -> str:
        """paired, dead (its confirmed counterpart does not answer), unpublished (its name has
        no address of the other family) or unknown."""
        if self.counterparts:
            return "paired"
        if self.dead:
            return "dead"
        if self.unpublished:
            return "unpublished"
        return "unknown"


def standings(survey: Survey) -> dict[str, Standing]:
    """Every surveyed host's standing, in survey order."""
    hosts = {h.address: h for h in survey.hosts}
    plans = _corroborated(survey, hosts)
    shared = Counter(
        value for address in hosts for value in set(survey.fingerprints.get(address, {}).values())
    )
    found = {
        address: Standing(address, unpublished=_unpublished(host))
        for address, host in hosts.items()
    }
    best: dict[tuple[str, str], Pair] = {}
    for candidate in survey.candidates:
        host = hosts.get(candidate.address)
        if host is None:
            continue
        pair = _weigh(candidate, host, survey, plans, shared)
        key = (candidate.address, candidate.other)
        held = best.get(key)
        if held is None or _rank(pair) > _rank(held):
            best[key] = pair
    for (address, _other), pair in best.items():
        found[address].pairs.append(pair)
    return found


def _rank(pair: Pair) -> tuple[bool, int]:
    return (not pair.rejected, pair.confidence)


def _unpublished(host: Host) -> list[str]:
    mine_v6 = ":" in host.address
    return [
        name
        for name, addresses in host.forward.items()
        if host.address in addresses and all((":" in a) == mine_v6 for a in addresses)
    ]


def _anchor(candidate: Candidate, host: Host, survey: Survey) -> bool:
    """A pair that shows how the segment is numbered: a forward-confirmed name or a declared
    pair, whose other side answers."""
    if not survey.alive.get(candidate.other, False):
        return False
    if candidate.method == "declared":
        return True
    return candidate.method == "ptr" and host.address in host.forward.get(candidate.name or "", [])


def _sides(candidate: Candidate) -> tuple[ipaddress.IPv4Address, ipaddress.IPv6Address]:
    a, b = ipaddress.ip_address(candidate.address), ipaddress.ip_address(candidate.other)
    if isinstance(a, ipaddress.IPv4Address) and isinstance(b, ipaddress.IPv6Address):
        return a, b
    assert isinstance(b, ipaddress.IPv4Address)
    assert isinstance(a, ipaddress.IPv6Address)
    return b, a


def _segment_of(candidate: Candidate) -> str:
    """The other side's /64 or /24: where a numbering plan holds."""
    other = ipaddress.ip_address(candidate.other)
    return str(ipaddress.ip_network((other, 64 if other.version == 6 else 24), strict=False))


def _corroborated(survey: Survey, hosts: dict[str, Host]) -> dict[str, set[str]]:
    """Per other-family segment, the guessed conventions every anchor pair there follows."""
    anchors: dict[str, list[Candidate]] = {}
    for candidate in survey.candidates:
        host = hosts.get(candidate.address)
        if host is not None and _anchor(candidate, host, survey):
            anchors.setdefault(_segment_of(candidate), []).append(candidate)
    plans: dict[str, set[str]] = {}
    for segment, pairs in anchors.items():
        plans[segment] = {
            convention.value
            for convention in (Convention.SAME_NUMBER, Convention.HEX)
            if all(follows(*_sides(c), convention) for c in pairs)
        }
    return plans


def _base(
    candidate: Candidate, host: Host, plans: dict[str, set[str]]
) -> tuple[Confidence, list[str]]:
    method = candidate.method
    if method == "ptr":
        name = candidate.name or ""
        if host.address in host.forward.get(name, []):
            return Confidence.HIGH, [f"{name} gives both addresses (forward-confirmed PTR)"]
        return Confidence.MEDIUM, [f"{name} (PTR) gives {candidate.other}, not this address"]
    if candidate.declared:
        what = "pair" if method == "declared" else f"{method} numbering"
        return Confidence.HIGH, [f"declared {what}"]
    if method == Convention.EMBEDDED.value:
        return Confidence.MEDIUM, ["IPv4 address embedded in the interface identifier"]
    segment = _segment_of(candidate)
    if method in plans.get(segment, set()):
        return Confidence.MEDIUM, [f"{method} numbering, as the confirmed pairs in {segment}"]
    return Confidence.LOW, [f"{method} numbering guessed"]


def _weigh(
    candidate: Candidate,
    host: Host,
    survey: Survey,
    plans: dict[str, set[str]],
    shared: Counter[str],
) -> Pair:
    level, evidence = _base(candidate, host, plans)
    alive = survey.alive.get(candidate.other, False)
    names = set(host.names) & set(survey.other_names.get(candidate.other, []))
    if names:
        level = _moved(level, 1)
        evidence.append(f"both addresses' PTR give {', '.join(sorted(names))}")
    mine = survey.fingerprints.get(candidate.address, {})
    theirs = survey.fingerprints.get(candidate.other, {})
    common = sorted(set(mine) & set(theirs))
    differ = [key for key in common if mine[key] != theirs[key]]
    if differ:
        evidence.append(f"different {', '.join(differ)}")
        if candidate.method in GUESSES | {Convention.EMBEDDED.value} and not candidate.declared:
            return Pair(candidate.other, candidate.method, level, alive, tuple(evidence), True)
        level = _moved(level, -1)
    else:
        for key in common:
            if shared[mine[key]] > 1:
                evidence.append(f"same {key}, shared by {shared[mine[key]]} hosts")
                continue
            level = _moved(level, 2 if key.startswith("tls/") else 1)
            evidence.append(f"same {key}")
    return Pair(candidate.other, candidate.method, level, alive, tuple(evidence))
