"""Checks on network targets: live hosts, their IPv6 counterparts, and service parity."""

from __future__ import annotations

from typing import Any

from auditor.model import Status, TargetKind, Text
from auditor.registry import JudgeContext, Observations, Verdict, check
from probes.net_survey import SERVICE_PORTS, NetworkSurveyProbe, Survey


def _hosts(survey: Survey) -> list[dict[str, Any]]:
    return [h.model_dump(mode="json", exclude_none=True) for h in survey.hosts]


@check(
    "net.discovery",
    kind=TargetKind.NETWORK,
    title=Text("Live hosts in the network", "网络中的活跃主机"),
    explanation=Text(
        "IPv4 prefixes are swept (within a size limit); IPv6 prefixes, too large to sweep, are searched with the address patterns operators use (low-byte, service port, embedded IPv4, wordy), after checking the prefix is not aliased (answering on every address).",
        "IPv4 前缀在规模上限内逐一探测；IPv6 前缀无法遍历，先确认未被整段应答（别名前缀），再按运营者常用的地址模式（低位字节、服务端口、内嵌 IPv4、单词式）探测。",
    ),
    remedy=Text(
        "Nothing to fix: this is an inventory for the checks that follow.",
        "无需整改：此为后续检查所用的资产清单。",
    ),
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
    title=Text("Hosts of the network are dual-stack", "网络中的主机支持双栈"),
    explanation=Text(
        "For each live IPv4 host, an IPv6 counterpart: the same name (PTR) with AAAA, or its IPv4 address embedded in a /64 the network uses. The share of dual-stack hosts is compared with the profile's threshold.",
        "对每台活跃的 IPv4 主机寻找 IPv6 对应地址：同名（PTR）且有 AAAA，或其 IPv4 地址内嵌于网络所用的 /64 中。双栈主机占比与配置阈值比较。",
    ),
    remedy=Text(
        "Give the IPv4-only hosts IPv6 addresses (and AAAA and PTR records), starting with those that serve users.",
        "为仅有 IPv4 的主机配置 IPv6 地址（及 AAAA、PTR 记录），优先处理对外服务的主机。",
    ),
    probes=[NetworkSurveyProbe],
    defaults={"threshold": 0.9, "fail_below": 0.5},
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
    dual = [h for h in survey.hosts if h.counterparts]
    share = len(dual) / len(survey.hosts)
    details: dict[str, Any] = {
        "share": round(share, 3),
        "threshold": context.params["threshold"],
        "dual_stack": {h.address: h.counterparts for h in dual},
        "ipv4_only": [h.address for h in survey.hosts if not h.counterparts],
        "methods": {h.address: h.counterpart_by for h in dual},
    }
    text = Text(
        f"{len(dual)} of {len(survey.hosts)} IPv4 hosts have an IPv6 counterpart ({share:.0%})",
        f"{len(survey.hosts)} 台 IPv4 主机中有 {len(dual)} 台具备 IPv6 地址（{share:.0%}）",
    )
    if share >= context.params["threshold"]:
        return Verdict(Status.PASS, text, details)
    if share >= context.params["fail_below"]:
        return Verdict(Status.WARN, text, details)
    return Verdict(Status.FAIL, text, details)


@check(
    "net.services6",
    kind=TargetKind.NETWORK,
    title=Text("Services are offered alike over IPv4 and IPv6", "IPv4 与 IPv6 提供相同的服务"),
    explanation=Text(
        "For each live host and its counterpart in the other family, the TCP service ports (profile list) open over each family. A port open over IPv6 but not over IPv4 usually means the IPv6 firewall lags the IPv4 one.",
        "对每台活跃主机及其另一地址族的对应地址，比较两种协议下开放的 TCP 服务端口（配置列表）。仅在 IPv6 开放的端口通常意味着 IPv6 防火墙策略落后于 IPv4。",
    ),
    remedy=Text(
        "Apply the same firewall policy to IPv6 as to IPv4, then offer over IPv6 every service offered over IPv4.",
        "对 IPv6 执行与 IPv4 相同的防火墙策略，并让经 IPv4 提供的服务同样经 IPv6 提供。",
    ),
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
    for host in survey.hosts:
        mine = set(survey.open_ports.get(host.address, [])) & wanted
        theirs = {p for c in host.counterparts for p in survey.open_ports.get(c, [])} & wanted
        v4, v6 = (mine, theirs) if survey.version == 4 else (theirs, mine)
        per_host[host.address] = {
            "counterparts": host.counterparts,
            "ipv4": sorted(v4),
            "ipv6": sorted(v6),
            "ipv4_only": sorted(v4 - v6),
            "ipv6_only": sorted(v6 - v4),
        }
    return parity_verdict(per_host)


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
