"""Checks on network targets: live hosts, their IPv6 counterparts, and service parity."""

from __future__ import annotations

from typing import Any

from auditor.checks.network_pairs import Standing, standings
from auditor.model import Status, TargetKind, Text
from auditor.registry import JudgeContext, Observations, Verdict, check
from probes.net_survey import SERVICE_PORTS, NetworkSurveyProbe, Survey


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
            Text(
                f"{survey.network} answers on every address (aliased): hosts cannot be told apart",
                f"{survey.network} 对任意地址都有应答（别名前缀）：无法区分单个主机",
            ),
            details,
        )
    by: dict[str, int] = {}
    for host in survey.hosts:
        by[host.found_by] = by.get(host.found_by, 0) + 1
    details["by_method"] = by
    how = ", ".join(f"{n} by {m}" for m, n in sorted(by.items())) or "none"
    return Verdict(
        Status.INFO,
        Text(
            f"{len(survey.hosts)} live host(s) among {survey.examined} addresses probed ({how})",
            f"在探测的 {survey.examined} 个地址中发现 {len(survey.hosts)} 台活跃主机",
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
        why = "an IPv6 prefix" if survey.version == 6 else "no live IPv4 host"
        return Verdict(
            Status.NOT_APPLICABLE,
            Text(
                f"not applicable: {why}",
                "不适用：" + ("IPv6 前缀" if survey.version == 6 else "无活跃 IPv4 主机"),
            ),
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
    counts, counts_zh = _counts(by, total)
    if by["dead"]:
        listed = "; ".join(f"{a} -> {', '.join(found[a].dead)}" for a in by["dead"])
        return Verdict(
            Status.FAIL,
            Text(
                f"{counts}; IPv6 address not answering: {listed}",
                f"{counts_zh}；IPv6 地址无响应：{listed}",
            ),
            details,
        )
    if unknown_share > context.params["unknown_max"] or not known:
        details["resolve"] = RESOLVE
        return Verdict(
            Status.INFO,
            Text(f"{counts}; to pair the rest: {RESOLVE}", f"{counts_zh}；{RESOLVE_ZH}"),
            details,
        )
    text = Text(
        f"{counts} ({share:.0%} of the {known} host(s) whose counterpart is known)",
        f"{counts_zh}（对应情况已知的 {known} 台主机中占 {share:.0%}）",
    )
    if share >= context.params["threshold"]:
        return Verdict(Status.PASS, text, details)
    if share >= context.params["fail_below"]:
        return Verdict(Status.WARN, text, details)
    return Verdict(Status.FAIL, text, details)


RESOLVE = (
    "publish PTR records for both families, or declare the numbering plan (--pairing, --pairs)"
)
RESOLVE_ZH = "为两个地址族发布 PTR 记录，或声明编址规划（--pairing、--pairs）即可配对其余主机"


def _counts(by: dict[str, list[str]], total: int) -> tuple[str, str]:
    """The summary's tally; the evidence of missing IPv6 only where there is some."""
    en = [f"{len(by['paired'])} of {total} IPv4 hosts paired with IPv6"]
    zh = [f"{total} 台 IPv4 主机中 {len(by['paired'])} 台已配对 IPv6"]
    for key, text, text_zh in (
        ("unknown", "counterpart unknown", "对应地址未知"),
        ("unpublished", "named without AAAA", "名称无 AAAA"),
        ("dead", "with a dead IPv6 address", "IPv6 地址无响应"),
    ):
        if by[key] or key == "unknown":
            en.append(f"{len(by[key])} {text}")
            zh.append(f"{len(by[key])} 台{text_zh}")
    return ", ".join(en), "，".join(zh)


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
            Text("not applicable: no live host to compare", "不适用：无可比较的活跃主机"),
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
    apart = Text(
        f"{len(not_compared)} host(s) not compared (counterpart unknown)",
        f"{len(not_compared)} 台主机未比较（对应地址未知）",
    )
    if not per_host:
        return Verdict(
            Status.INFO,
            Text(
                f"no host paired with confidence: {apart.en}; {RESOLVE}",
                f"无可信配对的主机：{apart.zh}；{RESOLVE_ZH}",
            ),
            {"hosts": {}, "not_compared": not_compared},
        )
    verdict = parity_verdict(per_host)
    verdict.details["not_compared"] = not_compared
    if not_compared:
        return Verdict(
            verdict.status,
            Text(f"{verdict.summary.en}; {apart.en}", f"{verdict.summary.zh}；{apart.zh}"),
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
            Text(
                f"open over IPv6 but closed over IPv4 (IPv6 firewall lags): {listed}",
                f"仅经 IPv6 开放、IPv4 已关闭（IPv6 防火墙策略滞后）：{listed}",
            ),
            details,
        )
    if missing:
        listed = "; ".join(f"{a} {ports}" for a, ports in missing.items())
        return Verdict(
            Status.WARN,
            Text(f"offered over IPv4 only: {listed}", f"仅经 IPv4 提供：{listed}"),
            details,
        )
    return Verdict(
        Status.PASS,
        Text(
            f"{len(per_host)} host(s) offer the same services over IPv4 and IPv6",
            f"{len(per_host)} 台主机经 IPv4 与 IPv6 提供相同服务",
        ),
        details,
    )
