"""Checks on network targets: live hosts, their IPv6 counterparts, and service parity."""

from __future__ import annotations

from typing import Any

from v6audit.auditor.catalog import join, msg
from v6audit.auditor.checks.network_pairs import Standing, standings
from v6audit.auditor.model import Status, Text
from v6audit.auditor.registry import JudgeContext, Observations, Verdict, check
from v6audit.probes.model import TargetKind
from v6audit.probes.net_survey import SERVICE_PORTS, NetworkSurveyProbe, Survey


def _hosts(survey: Survey) -> list[dict[str, Any]]:
    return [h.model_dump(mode="json", exclude_none=True) for h in survey.hosts]


@check(
    "net.discovery",
    kind=TargetKind.NETWORK,
    probes=[NetworkSurveyProbe],
)
def judge_discovery(observations: Observations, context: JudgeContext) -> Verdict:
    survey = observations.get(NetworkSurveyProbe)
    details: dict[str, Any] = {
        "network": survey.network,
        "method": survey.method,
        "examined": survey.examined,
        "aliased": survey.aliased,
        "hosts": _hosts(survey),
    }
    if survey.aliased:
        return Verdict(
            Status.INFO,
            msg("net.discovery.answers_every_address_aliased", network=survey.network),
            details,
        )
    by: dict[str, int] = {}
    for host in survey.hosts:
        by[host.found_by] = by.get(host.found_by, 0) + 1
    details["by_method"] = by
    how = ", ".join(f"{n} by {m}" for m, n in sorted(by.items())) or "none"
    return Verdict(
        Status.INFO,
        msg(
            "net.discovery.live_host_among_addresses",
            n_hosts=len(survey.hosts),
            examined=survey.examined,
            how=how,
        ),
        details,
    )


@check(
    "net.dualstack",
    kind=TargetKind.NETWORK,
    probes=[NetworkSurveyProbe],
    defaults={"threshold": 0.9, "fail_below": 0.5, "unknown_max": 0.5},
)
def judge_dualstack(observations: Observations, context: JudgeContext) -> Verdict:
    survey = observations.get(NetworkSurveyProbe)
    if survey.version == 6 or survey.aliased or not survey.hosts:
        why = msg(
            "net.dualstack.ipv6_prefix" if survey.version == 6 else "net.dualstack.no_live_ipv4"
        )
        return Verdict(
            Status.NOT_APPLICABLE,
            msg("net.dualstack.not_applicable", why=why),
            {"network": survey.network},
        )
    found = standings(survey)
    by: dict[str, list[str]] = {"paired": [], "unknown": [], "unpublished": [], "dead": []}
    for address, standing in found.items():
        by[standing.status].append(address)
    total = len(found)
    known = total - len(by["unknown"])
    share = len(by["paired"]) / known if known else 0.0
    unknown_share = len(by["unknown"]) / total
    details: dict[str, Any] = {
        "share": round(share, 3),
        "paired_share": round(len(by["paired"]) / total, 3),
        "unknown_share": round(unknown_share, 3),
        "threshold": context.params["threshold"],
        "dual_stack": {a: found[a].counterparts for a in by["paired"]},
        "pairs": {a: [p.to_json() for p in s.pairs] for a, s in found.items() if s.pairs},
        "methods": {a: _best(found[a]) for a in by["paired"]},
        "unknown": by["unknown"],
        "ipv4_only": by["unpublished"],
        "names_without_aaaa": {a: s.unpublished for a, s in found.items() if s.unpublished},
        "ipv6_dead": {a: found[a].dead for a in by["dead"]},
        "segments": survey.segments,
    }
    counts = _counts(by, total)
    if by["dead"]:
        listed = "; ".join(f"{a} -> {', '.join(found[a].dead)}" for a in by["dead"])
        return Verdict(
            Status.FAIL,
            msg(
                "net.dualstack.ipv6_address_not_answering",
                counts=counts,
                listed=listed,
            ),
            details,
        )
    if unknown_share > context.params["unknown_max"] or not known:
        details["resolve"] = RESOLVE.en
        return Verdict(
            Status.INFO,
            msg(
                "net.dualstack.pair_rest",
                counts=counts,
                resolve=RESOLVE,
            ),
            details,
        )
    text = msg(
        "net.dualstack.host_whose_counterpart_known",
        counts=counts,
        share=share,
        known=known,
    )
    if share >= context.params["threshold"]:
        return Verdict(Status.PASS, text, details)
    if share >= context.params["fail_below"]:
        return Verdict(Status.WARN, text, details)
    return Verdict(Status.FAIL, text, details)


RESOLVE = msg("net.dualstack.resolve")


def _counts(by: dict[str, list[str]], total: int) -> Text:
    """The summary's tally; the evidence of missing IPv6 only where there is some."""
    tally = [msg("net.dualstack.paired", paired=len(by["paired"]), total=total)]
    for key, message in (
        ("unknown", "net.dualstack.count_unknown"),
        ("unpublished", "net.dualstack.count_unpublished"),
        ("dead", "net.dualstack.count_dead"),
    ):
        if by[key] or key == "unknown":
            tally.append(msg(message, count=len(by[key])))
    return join(msg("common.comma"), tally)


def _best(standing: Standing) -> str:
    confirmed = [p for p in standing.pairs if p.confirmed and p.alive]
    return max(confirmed, key=lambda p: p.confidence).method


@check(
    "net.services6",
    kind=TargetKind.NETWORK,
    probes=[NetworkSurveyProbe],
    defaults={"ports": list(SERVICE_PORTS)},
)
def judge_services6(observations: Observations, context: JudgeContext) -> Verdict:
    survey = observations.get(NetworkSurveyProbe)
    if survey.aliased or not survey.hosts:
        return Verdict(
            Status.NOT_APPLICABLE,
            msg("net.services6.not_applicable_no_live"),
            {"network": survey.network},
        )
    wanted = set(context.params["ports"])
    per_host: dict[str, dict[str, Any]] = {}
    not_compared: list[str] = []
    for address, standing in standings(survey).items():
        counterparts = standing.counterparts
        if not counterparts:
            not_compared.append(address)
            continue
        mine = set(survey.open_ports.get(address, [])) & wanted
        theirs = {p for c in counterparts for p in survey.open_ports.get(c, [])} & wanted
        v4, v6 = (mine, theirs) if survey.version == 4 else (theirs, mine)
        per_host[address] = {
            "counterparts": counterparts,
            "ipv4": sorted(v4),
            "ipv6": sorted(v6),
            "ipv4_only": sorted(v4 - v6),
            "ipv6_only": sorted(v6 - v4),
        }
    apart = msg("net.services6.host_not_compared_counterpart", n_not_compared=len(not_compared))
    if not per_host:
        return Verdict(
            Status.INFO,
            msg(
                "net.services6.no_host_paired_confidence",
                apart=apart,
                resolve=RESOLVE,
            ),
            {"hosts": {}, "not_compared": not_compared},
        )
    verdict = parity_verdict(per_host)
    verdict.details["not_compared"] = not_compared
    if not_compared:
        return Verdict(
            verdict.status,
            msg(
                "net.services6.with_not_compared",
                summary=verdict.summary,
                apart=apart,
            ),
            verdict.details,
        )
    return verdict


def parity_verdict(per_host: dict[str, dict[str, Any]]) -> Verdict:
    """Judge open ports compared per host (``ipv4_only``/``ipv6_only`` lists): a port open over
    IPv6 only fails (the IPv6 firewall lags), one open over IPv4 only warns."""
    details: dict[str, Any] = {"hosts": per_host}
    lagging = {a: h["ipv6_only"] for a, h in per_host.items() if h["ipv6_only"]}
    missing = {a: h["ipv4_only"] for a, h in per_host.items() if h["ipv4_only"]}
    if lagging:
        listed = "; ".join(f"{a} {ports}" for a, ports in lagging.items())
        return Verdict(
            Status.FAIL,
            msg("net.services6.open_ipv6_but_closed", listed=listed),
            details,
        )
    if missing:
        listed = "; ".join(f"{a} {ports}" for a, ports in missing.items())
        return Verdict(
            Status.WARN,
            msg("net.services6.offered_ipv4_only", listed=listed),
            details,
        )
    return Verdict(
        Status.PASS,
        msg("net.services6.host_offer_same_services", n_per_host=len(per_host)),
        details,
    )
