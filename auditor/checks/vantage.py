"""Checks on the network the auditor runs in: IPv6, resolver, NAT64, NAT44 and path MTU.

Each judge reads the vantage observations and says which evidence it rests on; evidence that
could not be gathered (no root, no reflector) is named in ``details.skipped`` with its reason, so
a pass built on less evidence is visibly so.
"""

from __future__ import annotations

from typing import Any

from v6audit.auditor.catalog import join, msg
from v6audit.auditor.model import Status, Text
from v6audit.auditor.registry import JudgeContext, Observations, Verdict, check
from v6audit.probes.model import TargetKind
from v6audit.probes.net.addresses import Category, acceptable_in_scope, special_block
from v6audit.probes.net.settings import Scope
from v6audit.probes.vantage_local import LocalNetwork, LocalNetworkProbe
from v6audit.probes.vantage_nat64 import Nat64Probe, Pref64Method
from v6audit.probes.vantage_pmtu import PathMtuProbe
from v6audit.probes.vantage_reference import Exchange
from v6audit.probes.vantage_reflect import ReflectorProbe
from v6audit.probes.vantage_resolver import ResolverProbe
from v6audit.probes.vantage_trace import Traceroute, TracerouteProbe

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
            msg("vantage.ipv6.no_ipv6_this_vantage"),
            details,
        )
    if not usable:
        return Verdict(
            Status.FAIL,
            msg(
                "vantage.ipv6.no_ipv6_no_global",
                source=path.source or msg("vantage.ipv6.none"),
            ),
            details,
        )
    if not reflections.configured:
        details["skipped"] = {"exchange": "no --reflector given"}
        return Verdict(
            Status.INFO,
            msg("vantage.ipv6.ipv6_address_default_route", source=path.source),
            details,
        )
    exchange = reflections.http_over(6)
    details["exchange"] = _exchange(exchange)
    if exchange.failure is not None:
        return Verdict(
            Status.FAIL,
            msg("vantage.ipv6.ipv6_configured_but_exchange", error=exchange.failure.reason.value),
            details,
        )
    return Verdict(
        Status.PASS,
        msg(
            "vantage.ipv6.ipv6_works_reached_reflector", source=path.source, remote=exchange.remote
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
    answered = [
        a for a in found.answers if a.failure is None and a.rcode in ("NOERROR", "NXDOMAIN")
    ]
    if not answered:
        return Verdict(
            Status.FAIL,
            msg(
                "vantage.resolver6.no_resolver_answered_aaaa",
                name=found.name,
                n_answers=len(found.answers),
            ),
            details,
        )
    over6 = [a.server for a in answered if a.version == 6]
    if not over6:
        return Verdict(
            Status.WARN,
            msg("vantage.resolver6.aaaa_answered_but_only"),
            details,
        )
    return Verdict(
        Status.PASS,
        msg("vantage.resolver6.aaaa_answered_ipv6_by", value=", ".join(over6)),
        details,
    )


def _method(method: Pref64Method) -> dict[str, Any]:
    if method.failure is not None:
        return {"skipped": method.failure.reason.value, "message": method.failure.message}
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
    skipped = {name: m.failure.reason.value for name, m in (("ra", found.ra),) if m.failure}
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
            msg(
                "vantage.nat64.nat64_prefix_found_by",
                value=", ".join(prefixes),
                value2=", ".join(methods),
            ),
            details,
        )
    if only6:
        return Verdict(
            Status.WARN,
            msg("vantage.nat64.ipv6_only_vantage_without"),
            details,
        )
    return Verdict(Status.INFO, msg("vantage.nat64.no_nat64_prefix_found"), details)


def _nat_block(address: str | None) -> str | None:
    """The special block description when ``address`` is private or shared space."""
    if address is None:
        return None
    block = special_block(address)
    return block.describe() if block is not None and block.category in NAT_CATEGORIES else None


def _seen_indicator(exchange: Exchange) -> dict[str, Any]:
    if (failure := exchange.failure) is not None:
        return {"fired": None, "skipped": failure.reason.value, "message": failure.message}
    return {
        "fired": exchange.seen != exchange.local,
        "local": exchange.local,
        "seen": exchange.seen,
    }


def _trace_indicator(trace: Traceroute) -> dict[str, Any]:
    if (failure := trace.failure) is not None:
        return {"fired": None, "skipped": failure.reason.value, "message": failure.message}
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
            msg("vantage.nat44.no_ipv4_this_vantage"),
            details,
        )
    fired = [n for n, i in indicators.items() if i["fired"]]
    details["fired"] = fired
    if not fired:
        measured = [n for n, i in indicators.items() if i["fired"] is False]
        return Verdict(
            Status.PASS,
            msg(
                "vantage.nat44.no_nat44_indicator_checked",
                value=", ".join(measured),
                source=local.source,
            ),
            details,
        )
    return Verdict(
        Status.FAIL,
        _nat44_summary(indicators, fired),
        details,
    )


def _nat44_summary(indicators: dict[str, dict[str, Any]], fired: list[str]) -> Text:
    parts = []
    for name in fired:
        found = indicators[name]
        if name == "local_address":
            parts.append(
                msg("vantage.nat44.local_address", address=found["address"], block=found["block"])
            )
        elif name == "traceroute":
            hop = found["hop"]
            key = (
                "vantage.nat44.cgn_hop" if hop["kind"] == "cgn" else "vantage.nat44.double_nat_hop"
            )
            parts.append(msg(key, ttl=hop["ttl"], address=hop["address"]))
        else:
            via = "reflector" if name == "reflector" else "STUN"
            parts.append(msg("vantage.nat44.seen", via=via, seen=found["seen"]))
    return msg("vantage.nat44.indicated", parts=join(msg("vantage.nat44.separator"), parts))


@check(
    "vantage.pmtu6",
    kind=TargetKind.VANTAGE,
    probes=[PathMtuProbe],
)
def judge_pmtu6(observations: Observations, context: JudgeContext) -> Verdict:
    found = observations.get(PathMtuProbe)
    large = found.large
    details = found.model_dump(mode="json", exclude_none=True)
    if large.failure is None and large.received >= large.requested:
        return Verdict(
            Status.PASS,
            msg(
                "vantage.pmtu6.byte_answer_arrived_ipv6",
                received=large.received,
                value=large.seconds or 0,
            ),
            details,
        )
    why = (
        large.failure.reason.value
        if large.failure
        else f"{large.received} of {large.requested} bytes"
    )
    return Verdict(
        Status.FAIL,
        msg("vantage.pmtu6.small_ipv6_exchanges_work", requested=large.requested, why=why),
        details,
    )
