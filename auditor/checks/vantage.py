"""Checks on the network the auditor runs in: IPv6, resolver, NAT64, NAT44 and path MTU.

Each judge reads the vantage observations and says which evidence it rests on; evidence that
could not be gathered (no root, no reflector) is named in ``details.skipped`` with its reason, so
a pass built on less evidence is visibly so.
"""

from __future__ import annotations

from typing import Any

from auditor.addresses import Category, acceptable_in_scope, special_block
from auditor.model import Status, TargetKind, Text
from auditor.registry import JudgeContext, Observations, Verdict, check
from auditor.settings import Scope
from probes.vantage_local import LocalNetwork, LocalNetworkProbe
from probes.vantage_nat64 import Nat64Probe, Pref64Method
from probes.vantage_pmtu import PathMtuProbe
from probes.vantage_reference import Exchange
from probes.vantage_reflect import ReflectorProbe
from probes.vantage_resolver import ResolverProbe
from probes.vantage_trace import Traceroute, TracerouteProbe

NAT_CATEGORIES = (Category.PRIVATE, Category.SHARED)


def _exchange(exchange: Exchange) -> dict[str, Any]:
    return exchange.model_dump(mode="json", exclude_none=True)


@check(
    "vantage.ipv6",
    kind=TargetKind.VANTAGE,
    probes=[LocalNetworkProbe, ReflectorProbe],
)
def judge_ipv6(observations: Observations, context: JudgeContext) -> Verdict:
    path = observations.get(LocalNetworkProbe).ipv6
    reflections = observations.get(ReflectorProbe)
    internal = context.scope is Scope.INTERNAL
    usable = path.source is not None and acceptable_in_scope(path.source, internal)
    details: dict[str, Any] = {
        "default_route": path.default_interface,
        "source": path.source,
        "source_global": usable,
    }
    if path.default_interface is None:
        return Verdict(
            Status.FAIL,
            Text(
                "no IPv6: this vantage has no IPv6 default route", "无 IPv6：本机没有 IPv6 默认路由"
            ),
            details,
        )
    if not usable:
        return Verdict(
            Status.FAIL,
            Text(
                f"no IPv6: no global IPv6 source address (got {path.source or 'none'})",
                f"无 IPv6：没有全局 IPv6 源地址（实际为 {path.source or '无'}）",
            ),
            details,
        )
    if not reflections.configured:
        details["skipped"] = {"exchange": "no --reflector given"}
        return Verdict(
            Status.INFO,
            Text(
                f"IPv6 address {path.source} and default route; exchange not measured (give --reflector)",
                f"有 IPv6 地址 {path.source} 和默认路由；未测交互（请指定 --reflector）",
            ),
            details,
        )
    exchange = reflections.http_over(6)
    details["exchange"] = _exchange(exchange)
    if exchange.error is not None:
        return Verdict(
            Status.FAIL,
            Text(
                f"IPv6 is configured but the exchange with the reflector failed ({exchange.error.value})",
                f"已配置 IPv6，但与参照端点的交互失败（{exchange.error.value}）",
            ),
            details,
        )
    return Verdict(
        Status.PASS,
        Text(
            f"IPv6 works: {path.source} reached the reflector at {exchange.remote}",
            f"IPv6 可用：{path.source} 已与参照端点 {exchange.remote} 完成交互",
        ),
        details,
    )


@check(
    "vantage.resolver6",
    kind=TargetKind.VANTAGE,
    probes=[ResolverProbe],
)
def judge_resolver6(observations: Observations, context: JudgeContext) -> Verdict:
    found = observations.get(ResolverProbe)
    details: dict[str, Any] = {
        "name": found.name,
        "resolvers": [a.model_dump(mode="json", exclude_none=True) for a in found.answers],
    }
    answered = [a for a in found.answers if a.error is None and a.rcode in ("NOERROR", "NXDOMAIN")]
    if not answered:
        return Verdict(
            Status.FAIL,
            Text(
                f"no resolver answered AAAA for {found.name} ({len(found.answers)} tried)",
                f"没有解析器应答 {found.name} 的 AAAA 查询（共尝试 {len(found.answers)} 个）",
            ),
            details,
        )
    over6 = [a.server for a in answered if a.version == 6]
    if not over6:
        return Verdict(
            Status.WARN,
            Text(
                "AAAA answered, but only by resolvers reached over IPv4",
                "AAAA 查询有应答，但解析器只能经 IPv4 访问",
            ),
            details,
        )
    return Verdict(
        Status.PASS,
        Text(
            f"AAAA answered over IPv6 by {', '.join(over6)}",
            f"经 IPv6 由 {', '.join(over6)} 应答 AAAA",
        ),
        details,
    )


def _method(method: Pref64Method) -> dict[str, Any]:
    if method.error is not None:
        return {"skipped": method.error.value, "message": method.message}
    return {"prefixes": method.prefixes}


def ipv6_only(local: LocalNetwork) -> bool:
    return local.ipv4.source is None and local.ipv6.default_interface is not None


@check(
    "vantage.nat64",
    kind=TargetKind.VANTAGE,
    probes=[Nat64Probe, LocalNetworkProbe],
)
def judge_nat64(observations: Observations, context: JudgeContext) -> Verdict:
    found = observations.get(Nat64Probe)
    local = observations.get(LocalNetworkProbe)
    only6 = ipv6_only(local)
    details: dict[str, Any] = {
        "prefixes": found.prefixes(),
        "ipv6_only": only6,
        "synthesized": found.synthesized,
        "dns": _method(found.dns),
        "ra": _method(found.ra),
    }
    skipped = {name: m.error.value for name, m in (("ra", found.ra),) if m.error is not None}
    if skipped:
        details["skipped"] = skipped
    prefixes = found.prefixes()
    if prefixes:
        methods = [
            name
            for name, m in (("DNS64/RFC 7050", found.dns), ("PREF64/RFC 8781", found.ra))
            if m.prefixes
        ]
        return Verdict(
            Status.INFO,
            Text(
                f"NAT64 prefix {', '.join(prefixes)} (found by {', '.join(methods)})",
                f"NAT64 前缀 {', '.join(prefixes)}（发现方式：{', '.join(methods)}）",
            ),
            details,
        )
    if only6:
        return Verdict(
            Status.WARN,
            Text(
                "IPv6-only vantage without NAT64: IPv4-only services are unreachable",
                "IPv6 单栈网络未发现 NAT64：仅有 IPv4 的服务无法访问",
            ),
            details,
        )
    return Verdict(Status.INFO, Text("no NAT64 prefix found", "未发现 NAT64 前缀"), details)


def _nat_block(address: str | None) -> str | None:
    """The special block description when ``address`` is private or shared space."""
    if address is None:
        return None
    block = special_block(address)
    return block.describe() if block is not None and block.category in NAT_CATEGORIES else None


def _seen_indicator(exchange: Exchange) -> dict[str, Any]:
    if exchange.error is not None:
        return {"fired": None, "skipped": exchange.error.value, "message": exchange.message}
    return {
        "fired": exchange.seen != exchange.local,
        "local": exchange.local,
        "seen": exchange.seen,
    }


def _trace_indicator(trace: Traceroute) -> dict[str, Any]:
    if trace.error is not None:
        return {"fired": None, "skipped": trace.error.value, "message": trace.message}
    hops = [{"ttl": h.ttl, "address": h.address} for h in trace.hops]
    for hop in trace.hops:
        block = special_block(hop.address)
        if hop.ttl < 2 or hop.destination or block is None or block.category not in NAT_CATEGORIES:
            continue
        kind = "cgn" if block.category is Category.SHARED else "double-nat"
        named = {"ttl": hop.ttl, "address": hop.address, "block": block.describe(), "kind": kind}
        return {"fired": True, "hop": named, "hops": hops}
    return {"fired": False, "destination": trace.destination, "hops": hops}


@check(
    "vantage.nat44",
    kind=TargetKind.VANTAGE,
    probes=[LocalNetworkProbe, ReflectorProbe, TracerouteProbe],
)
def judge_nat44(observations: Observations, context: JudgeContext) -> Verdict:
    local = observations.get(LocalNetworkProbe).ipv4
    reflections = observations.get(ReflectorProbe)
    block = _nat_block(local.source)
    indicators: dict[str, dict[str, Any]] = {
        "local_address": {"fired": block is not None, "address": local.source, "block": block},
    }
    if reflections.configured:
        indicators["reflector"] = _seen_indicator(reflections.http_over(4))
        indicators["stun"] = _seen_indicator(reflections.stun_over(4))
        indicators["traceroute"] = _trace_indicator(observations.get(TracerouteProbe))
    else:
        for name in ("reflector", "stun", "traceroute"):
            indicators[name] = {"fired": None, "skipped": "no --reflector given"}
    skipped = {n: i["skipped"] for n, i in indicators.items() if "skipped" in i}
    details: dict[str, Any] = {"indicators": indicators, "skipped": skipped}
    if local.source is None:
        return Verdict(
            Status.PASS,
            Text("no IPv4 on this vantage, so no NAT44", "本机无 IPv4，不存在 NAT44"),
            details,
        )
    fired = [n for n, i in indicators.items() if i["fired"]]
    details["fired"] = fired
    if not fired:
        measured = [n for n, i in indicators.items() if i["fired"] is False]
        return Verdict(
            Status.PASS,
            Text(
                f"no NAT44 indicator ({', '.join(measured)} checked; public IPv4 {local.source})",
                f"未发现 NAT44 迹象（已检查：{', '.join(measured)}；公网 IPv4 {local.source}）",
            ),
            details,
        )
    return Verdict(
        Status.FAIL,
        Text(_nat44_summary(indicators, fired, "en"), _nat44_summary(indicators, fired, "zh")),
        details,
    )


def _nat44_summary(indicators: dict[str, dict[str, Any]], fired: list[str], lang: str) -> str:
    parts = []
    for name in fired:
        found = indicators[name]
        if name == "local_address":
            parts.append(
                f"local {found['address']} ({found['block']})"
                if lang == "en"
                else f"本机地址 {found['address']}（{found['block']}）"
            )
        elif name == "traceroute":
            hop = found["hop"]
            label = "CGN" if hop["kind"] == "cgn" else "double NAT"
            parts.append(
                f"{label} hop {hop['ttl']} {hop['address']}"
                if lang == "en"
                else f"第 {hop['ttl']} 跳 {hop['address']}（{'运营商级 NAT' if hop['kind'] == 'cgn' else '多层 NAT'}）"
            )
        else:
            via = "reflector" if name == "reflector" else "STUN"
            parts.append(
                f"{via} saw {found['seen']}" if lang == "en" else f"{via} 看到 {found['seen']}"
            )
    return ("NAT44 indicated: " if lang == "en" else "存在 NAT44：") + "; ".join(parts)


@check(
    "vantage.pmtu6",
    kind=TargetKind.VANTAGE,
    probes=[PathMtuProbe],
)
def judge_pmtu6(observations: Observations, context: JudgeContext) -> Verdict:
    found = observations.get(PathMtuProbe)
    large = found.large
    details = found.model_dump(mode="json", exclude_none=True)
    if large.error is None and large.received >= large.requested:
        return Verdict(
            Status.PASS,
            Text(
                f"a {large.received}-byte answer arrived over IPv6 in {large.seconds or 0:.2f}s",
                f"{large.received} 字节的应答经 IPv6 在 {large.seconds or 0:.2f} 秒内到达",
            ),
            details,
        )
    why = large.error.value if large.error else f"{large.received} of {large.requested} bytes"
    return Verdict(
        Status.FAIL,
        Text(
            f"small IPv6 exchanges work but a {large.requested}-byte answer stalled ({why}): PMTU black hole",
            f"小报文 IPv6 交互正常，但 {large.requested} 字节的应答未能完成（{why}）：疑似 PMTU 黑洞",
        ),
        details,
    )
