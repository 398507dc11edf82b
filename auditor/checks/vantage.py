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
    title=Text("This network has working IPv6", "本网络 IPv6 可用"),
    explanation=Text(
        "A global IPv6 address, an IPv6 default route and a real IPv6 exchange with the reference endpoint: what users of this network need to reach IPv6 services.",
        "具备全局 IPv6 地址、IPv6 默认路由，并能与参照端点完成真实的 IPv6 交互：这是本网络用户访问 IPv6 服务的前提。",
    ),
    remedy=Text(
        "Ask the access provider for IPv6 (a delegated prefix), enable it on the router (RA/DHCPv6-PD) and allow IPv6 through the firewall.",
        "向接入运营商申请 IPv6（前缀授权），在路由器上启用（RA/DHCPv6-PD），并在防火墙放行 IPv6。",
    ),
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
    title=Text("The resolver answers AAAA over IPv6", "递归解析器可经 IPv6 解析 AAAA"),
    explanation=Text(
        "Every configured resolver is asked for AAAA over its own address family; an IPv6-only network needs one that answers AAAA and is reachable over IPv6.",
        "逐一向配置的递归解析器按其地址族查询 AAAA；IPv6 单栈网络需要可经 IPv6 访问且能应答 AAAA 的解析器。",
    ),
    remedy=Text(
        "Offer a recursive resolver on an IPv6 address (RDNSS in RAs, DHCPv6) and make sure AAAA queries are neither dropped nor filtered.",
        "在 IPv6 地址上提供递归解析服务（RA 中的 RDNSS 或 DHCPv6 下发），并确保 AAAA 查询不被丢弃或过滤。",
    ),
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
    title=Text("NAT64 prefix discovery", "NAT64 前缀发现"),
    explanation=Text(
        "Finds the NAT64 prefix through the resolver (RFC 7050, ipv4only.arpa) and, with root, in router advertisements (PREF64, RFC 8781). IPv6-only networks need NAT64 to reach IPv4-only services.",
        "通过解析器（RFC 7050，ipv4only.arpa）以及在有 root 权限时通过路由通告（PREF64，RFC 8781）发现 NAT64 前缀。IPv6 单栈网络需要 NAT64 才能访问仅有 IPv4 的服务。",
    ),
    remedy=Text(
        "Run NAT64 with DNS64 (and announce the prefix in RAs with PREF64) so IPv6-only users still reach IPv4-only services.",
        "部署 NAT64 与 DNS64（并在 RA 中以 PREF64 通告前缀），使 IPv6 单栈用户仍能访问仅有 IPv4 的服务。",
    ),
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
    title=Text("No IPv4-to-IPv4 NAT on this network", "本网络无 IPv4 到 IPv4 的 NAT"),
    explanation=Text(
        "NAT44 indicators, each with its evidence: a private (RFC 1918) or shared (RFC 6598) local IPv4 address; the reflector or STUN (RFC 8489) seeing another address than the local one; with root, private or 100.64/10 hops beyond the first on the IPv4 path (carrier-grade or double NAT).",
        "逐项给出 NAT44 迹象及证据：本机 IPv4 地址属于私有（RFC 1918）或共享（RFC 6598）地址；参照端点或 STUN（RFC 8489）看到的地址与本机不同；有 root 权限时，IPv4 路径上第一跳之后出现私有或 100.64/10 地址（运营商级或多层 NAT）。",
    ),
    remedy=Text(
        "Do not add NAT44 for internet users: give them IPv6 (and public IPv4 where still needed), and retire CGN and home NAT as IPv6 carries the traffic (网络去 NAT).",
        "不再为互联网用户新增 NAT44：为用户提供 IPv6（必要时提供公网 IPv4），随着流量转向 IPv6 逐步撤除运营商级 NAT 与家庭 NAT（网络去 NAT）。",
    ),
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
    title=Text(
        "Large IPv6 exchanges complete (no PMTU black hole)",
        "大报文 IPv6 交互可完成（无 PMTU 黑洞）",
    ),
    explanation=Text(
        "A large answer from the reflector over IPv6 must arrive once a small one does; if ICMPv6 Packet Too Big is filtered on the path, full-size packets vanish and large transfers stall.",
        "小报文交互成功后，来自参照端点的大报文应答也应能经 IPv6 完整到达；若路径上过滤了 ICMPv6 Packet Too Big，满长报文会被丢弃，大传输停滞。",
    ),
    remedy=Text(
        "Let ICMPv6 Packet Too Big (type 2) through every firewall on the path (RFC 4890), and check tunnel MTUs.",
        "在路径上所有防火墙放行 ICMPv6 Packet Too Big（类型 2，参见 RFC 4890），并检查隧道 MTU。",
    ),
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
