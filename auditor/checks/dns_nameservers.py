"""Name-server checks: IPv6 addresses (``dns.ns.aaaa``) and their answers (``dns.ns.reach6``).

Both look at every zone the host depends on: its own and the zone of each CNAME target, since
an IPv6-only resolver needs all of them. An address in a special-purpose block does not count
as IPv6 (ULA does in an internal audit).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from v6audit.auditor.catalog import EMPTY, join, msg
from v6audit.auditor.model import Status, Text
from v6audit.auditor.registry import JudgeContext, Observations, Verdict, check
from v6audit.probes.dns_answers import ServerAnswer
from v6audit.probes.dns_names import ServerName
from v6audit.probes.dns_ns_reach import NameServerReachProbe, ZoneReach
from v6audit.probes.dns_zone import NameServersProbe
from v6audit.probes.model import Reason, TargetKind, reason_of
from v6audit.probes.net.addresses import acceptable_in_scope
from v6audit.probes.net.settings import Scope

SHOWN = 3
"""Addresses named in a one-line summary; the details list them all."""


def _has_ipv6(server: ServerName, internal: bool) -> bool:
    return any(acceptable_in_scope(address, internal) for address in server.aaaa)


@check(
    "dns.ns.aaaa",
    kind=TargetKind.DOMAIN,
    probes=[NameServersProbe],
)
def judge_ns_aaaa(observations: Observations, context: JudgeContext) -> Verdict:
    found = observations.get(NameServersProbe)
    internal = context.scope is Scope.INTERNAL
    zones: list[dict[str, Any]] = []
    counted: list[tuple[str, int]] = []
    for zone in found.zones:
        with_ipv6 = [ns.name for ns in zone.nameservers if _has_ipv6(ns, internal)]
        zones.append(
            {
                "zone": zone.zone,
                "via": zone.via,
                "nameservers": [ns.model_dump(mode="json") for ns in zone.nameservers],
                "with_ipv6": with_ipv6,
            }
        )
        counted.append((zone.zone, len(with_ipv6)))
    details = {"host": found.host, "zones": zones}
    short = [(name, count) for name, count in counted if count < 2]
    if not short:
        counts = ", ".join(f"{name} {count}" for name, count in counted)
        return Verdict(
            Status.PASS,
            msg("dns.ns.aaaa.at_least_2_name", counts=counts),
            details,
        )
    name, count = short[0]
    more = msg("dns.ns.aaaa.more_zones", more=len(short) - 1) if len(short) > 1 else EMPTY
    if count == 1:
        summary = msg("dns.ns.aaaa.only_one_name_server", name=name, more=more)
    else:
        summary = msg("dns.ns.aaaa.no_name_server_has", name=name, more=more)
    return Verdict(Status.FAIL, summary, details)


class Outcome(StrEnum):
    """What one IPv6 name-server address did, as the reach check reports it."""

    OK = "ok"
    UNUSABLE = "unusable"
    TIMEOUT = "timeout"
    REFUSED = "refused"
    LAME = "lame"
    MISMATCH = "mismatch"
    FAILED = "failed"


PROBLEMS = (
    Outcome.TIMEOUT,
    Outcome.REFUSED,
    Outcome.LAME,
    Outcome.MISMATCH,
    Outcome.FAILED,
    Outcome.UNUSABLE,
)
PROBLEM_TEXT = {
    Outcome.TIMEOUT: msg("dns.ns.reach6.timed_out"),
    Outcome.REFUSED: msg("dns.ns.reach6.refused"),
    Outcome.LAME: msg("dns.ns.reach6.lame_no_authoritative_answer"),
    Outcome.MISMATCH: msg("dns.ns.reach6.soa_serial_differs_from"),
    Outcome.FAILED: msg("dns.ns.reach6.failed"),
    Outcome.UNUSABLE: msg("dns.ns.reach6.special_purpose_address"),
}


def answer_outcome(answer: ServerAnswer) -> Outcome:
    """The outcome of one exchange, leaving the serial comparison aside."""
    if answer.unusable is not None:
        return Outcome.UNUSABLE
    reason = reason_of(answer.failure)
    if reason is Reason.TIMEOUT:
        return Outcome.TIMEOUT
    if reason is Reason.REFUSED or answer.rcode == "REFUSED":
        return Outcome.REFUSED
    if reason is not None or answer.rcode != "NOERROR":
        return Outcome.FAILED
    if not answer.authoritative or answer.serial is None:
        return Outcome.LAME
    return Outcome.OK


def _ipv4_serials(zone: ZoneReach, nameserver: str) -> set[int]:
    """Serials the zone's IPv4 side serves: the same server's if it answered over IPv4, else
    any of the zone's servers' (an IPv6-only server is compared with the zone as a whole)."""
    good = [a for a in zone.ipv4 if answer_outcome(a) is Outcome.OK and a.serial is not None]
    same = {a.serial for a in good if a.nameserver == nameserver and a.serial is not None}
    return same or {a.serial for a in good if a.serial is not None}


def _zone_items(zone: ZoneReach) -> list[dict[str, Any]]:
    items = []
    for answer in zone.ipv6:
        outcome = answer_outcome(answer)
        item: dict[str, Any] = {"zone": zone.zone, **answer.model_dump(mode="json")}
        if outcome is Outcome.OK:
            serials = _ipv4_serials(zone, answer.nameserver)
            item["ipv4_serials"] = sorted(serials)
            if serials and answer.serial not in serials:
                outcome = Outcome.MISMATCH
        item["outcome"] = outcome.value
        items.append(item)
    return items


@check(
    "dns.ns.reach6",
    kind=TargetKind.DOMAIN,
    probes=[NameServerReachProbe],
)
def judge_ns_reach6(observations: Observations, context: JudgeContext) -> Verdict:
    found = observations.get(NameServerReachProbe)
    items = [item for zone in found.zones for item in _zone_items(zone)]
    without_ipv6 = [zone.zone for zone in found.zones if not zone.ipv6]
    by_outcome = {
        outcome: [i for i in items if i["outcome"] == outcome.value] for outcome in PROBLEMS
    }
    details: dict[str, Any] = {
        "host": found.host,
        "zones": [
            {
                "zone": zone.zone,
                "via": zone.via,
                "ipv6": [i for i in items if i["zone"] == zone.zone],
                "ipv4": [a.model_dump(mode="json") for a in zone.ipv4],
            }
            for zone in found.zones
        ],
        "without_ipv6": without_ipv6,
        **{outcome.value: [_label(i) for i in listed] for outcome, listed in by_outcome.items()},
    }
    problems: list[Text] = []
    if without_ipv6:
        zones = join(msg("common.list_separator"), without_ipv6)
        problems.append(msg("dns.ns.reach6.no_ipv6_address", zones=zones))
    for outcome, listed in by_outcome.items():
        if listed:
            names = ", ".join(_label(i) for i in listed[:SHOWN])
            more = f" +{len(listed) - SHOWN}" if len(listed) > SHOWN else ""
            problem = PROBLEM_TEXT[outcome]
            problems.append(msg("dns.ns.reach6.problem", problem=problem, names=names, more=more))
    if problems:
        return Verdict(Status.FAIL, join(msg("common.clause_separator"), problems), details)
    uncompared = sum(1 for i in items if not i["ipv4_serials"])
    if uncompared:  # no IPv4 answer to hold the serial against: do not claim it matches
        summary = msg(
            "dns.ns.reach6.all_ipv6_name_server_uncompared",
            n_items=len(items),
            n_uncompared=uncompared,
        )
    else:
        summary = msg("dns.ns.reach6.all_ipv6_name_server", n_items=len(items))
    return Verdict(Status.PASS, summary, details)


def _label(item: dict[str, Any]) -> str:
    return f"{item['nameserver']} {item['address']}"
