"""Checks on a host's address records (``dns.aaaa``)."""

from __future__ import annotations

from auditor.model import Status, TargetKind, Text
from auditor.registry import JudgeContext, Observations, Verdict, check
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
    title=Text("IPv6 address (AAAA) published", "已发布 IPv6 地址（AAAA 记录）"),
    explanation=Text(
        "IPv6-only users can reach a host only if its name, after any CNAME chain, has AAAA records.",
        "域名（沿 CNAME 链解析后）须有 AAAA 记录，仅有 IPv6 的用户才能访问。",
    ),
    remedy=Text(
        "Publish AAAA records for the host (or ask the CDN/cloud provider the CNAME points to "
        "to enable IPv6) once the service answers over IPv6.",
        "在服务可通过 IPv6 访问后为该主机发布 AAAA 记录；若经 CNAME 指向 CDN 或云服务，请在其控制台开启 IPv6。",
    ),
    probes=[HostAddressesProbe],
)
def judge_aaaa(observations: Observations, context: JudgeContext) -> Verdict:
    found = observations.get(HostAddressesProbe)
    details = _chain_details(found)
    via = f" via {found.aaaa.canonical}" if found.aaaa.cname_chain else ""
    via_zh = f"（经 {found.aaaa.canonical}）" if found.aaaa.cname_chain else ""
    count = len(found.aaaa.addresses)
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
