"""Checks on a host's address records (``dns.aaaa``, ``dns.aaaa.valid``)."""

from __future__ import annotations

from auditor.addresses import Category, acceptable_in_scope, special_block
from auditor.checks.usable import NO_USABLE_REMEDY
from auditor.model import Status, TargetKind, Text
from auditor.registry import JudgeContext, Observations, Verdict, check
from auditor.settings import Scope
from probes.dns_host import HostAddresses, HostAddressesProbe


def _chain_details(observation: HostAddresses) -> dict[str, object]:
    return {
        "host": observation.host,
        "cname_chain": [list(link) for link in observation.aaaa.cname_chain],
        "canonical": observation.aaaa.canonical,
        "aaaa": observation.aaaa.addresses,
        "a": observation.a.addresses if observation.a is not None else None,
        "a_error": observation.a_error,
    }


@check(
    "dns.aaaa",
    kind=TargetKind.DOMAIN,
    probes=[HostAddressesProbe],
)
def judge_aaaa(observations: Observations, context: JudgeContext) -> Verdict:
    found = observations.get(HostAddressesProbe)
    details = _chain_details(found)
    via = f" via {found.aaaa.canonical}" if found.aaaa.cname_chain else ""
    via_zh = f"（经 {found.aaaa.canonical}）" if found.aaaa.cname_chain else ""
    count = len(found.aaaa.addresses)
    if count and not found.usable6:
        listed = "; ".join(u.describe() for u in found.unusable_in(found.aaaa.addresses))
        return Verdict(
            Status.FAIL,
            Text(
                f"{count} AAAA record(s){via}, none usable as IPv6: {listed}",
                f"有 {count} 条 AAAA 记录{via_zh}，但均不是可用的 IPv6 地址：{listed}",
            ),
            details,
            remedy=NO_USABLE_REMEDY,
        )
    if count:
        return Verdict(
            Status.PASS,
            Text(f"{count} AAAA record(s){via}", f"有 {count} 条 AAAA 记录{via_zh}"),
            details,
        )
    return Verdict(
        Status.FAIL,
        Text(f"no AAAA record{via}", f"无 AAAA 记录{via_zh}"),
        details,
    )


def _special(address: str) -> dict[str, str]:
    block = special_block(address)
    assert block is not None
    return {
        "address": address,
        "block": block.name,
        "network": str(block.network),
        "rfc": block.rfc,
        "category": block.category.value,
    }


@check(
    "dns.aaaa.valid",
    kind=TargetKind.DOMAIN,
    probes=[HostAddressesProbe],
)
def judge_aaaa_valid(observations: Observations, context: JudgeContext) -> Verdict:
    """ULA passes in an internal audit; private or shared IPv4 published for an internet-facing
    name is recorded as evidence for the de-NAT goal, whatever the AAAA verdict."""
    found = observations.get(HostAddressesProbe)
    internal = context.scope is Scope.INTERNAL
    aaaa = found.aaaa.addresses
    bad = [_special(a) for a in aaaa if not acceptable_in_scope(a, internal)]
    accepted = [
        _special(a)
        for a in aaaa
        if special_block(a) is not None and acceptable_in_scope(a, internal)
    ]
    ipv4 = found.a.addresses if found.a is not None else []
    private = [] if internal else [_special(a) for a in ipv4 if _is_private(a)]
    details = {
        "host": found.host,
        "aaaa": aaaa,
        "special": bad,
        "accepted_internal": accepted,
        "private_ipv4": private,
    }
    evidence = Text(
        f"; {len(private)} published IPv4 address(es) private or shared (NAT44 evidence)",
        f"；{len(private)} 个已发布的 IPv4 地址为私有或共享地址（NAT44 迹象）",
    )
    suffix_en, suffix_zh = evidence if private else ("", "")
    if not aaaa:
        return Verdict(
            Status.NOT_APPLICABLE,
            Text(f"no AAAA record to check{suffix_en}", f"无 AAAA 记录可检查{suffix_zh}"),
            details,
        )
    if bad:
        first = bad[0]
        listed = f"{first['address']} in {first['block']} ({first['network']}, {first['rfc']})"
        more = f" and {len(bad) - 1} more" if len(bad) > 1 else ""
        more_zh = f" 等 {len(bad)} 个" if len(bad) > 1 else ""
        return Verdict(
            Status.FAIL,
            Text(
                f"AAAA in a special-purpose block: {listed}{more}{suffix_en}",
                f"AAAA 位于特殊用途地址段：{listed}{more_zh}{suffix_zh}",
            ),
            details,
        )
    scope_en = " (ULA accepted: internal scope)" if accepted else ""
    scope_zh = "（内部范围：接受 ULA）" if accepted else ""
    return Verdict(
        Status.PASS,
        Text(
            f"all {len(aaaa)} AAAA record(s) global{scope_en}{suffix_en}",
            f"全部 {len(aaaa)} 条 AAAA 记录为全球地址{scope_zh}{suffix_zh}",
        ),
        details,
    )


def _is_private(address: str) -> bool:
    block = special_block(address)
    return block is not None and block.category in (Category.PRIVATE, Category.SHARED)
