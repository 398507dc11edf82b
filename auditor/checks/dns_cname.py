"""The CNAME chain check (``dns.cname6``): every link resolves and the end has AAAA."""

from __future__ import annotations

from auditor.model import Status, TargetKind, Text
from auditor.registry import JudgeContext, Observations, Verdict, check
from probes.dns_cname import CnameChain, CnameChainProbe


def _details(chain: CnameChain) -> dict[str, object]:
    return {
        "host": chain.host,
        "cname_chain": [list(link) for link in chain.links],
        "end": chain.links[-1][1] if chain.links else chain.host,
        "aaaa": chain.aaaa,
        "broken_at": chain.broken_at,
        "reason": chain.reason,
    }


@check(
    "dns.cname6",
    kind=TargetKind.DOMAIN,
    probes=[CnameChainProbe],
)
def judge_cname6(observations: Observations, context: JudgeContext) -> Verdict:
    chain = observations.get(CnameChainProbe)
    details = _details(chain)
    if not chain.links:
        return Verdict(
            Status.NOT_APPLICABLE,
            Text("no CNAME: the host is not an alias", "无 CNAME 记录"),
            details,
        )
    if chain.broken_at is not None and chain.reason is None:
        return Verdict(
            Status.FAIL,
            Text(
                f"CNAME chain loops back to {chain.broken_at}",
                f"CNAME 链在 {chain.broken_at} 处形成循环",
            ),
            details,
        )
    if chain.broken_at is not None:
        assert chain.reason is not None
        return Verdict(
            Status.FAIL,
            Text(
                f"CNAME target {chain.broken_at} does not resolve ({chain.reason.value})",
                f"CNAME 目标 {chain.broken_at} 无法解析（{chain.reason.value}）",
            ),
            details,
        )
    end = chain.links[-1][1]
    if not chain.aaaa:
        return Verdict(
            Status.FAIL,
            Text(
                f"CNAME chain ends at {end}, which has no AAAA",
                f"CNAME 链终点 {end} 无 AAAA 记录",
            ),
            details,
        )
    return Verdict(
        Status.PASS,
        Text(
            f"CNAME chain ({len(chain.links)} link(s)) ends at {end} with AAAA",
            f"CNAME 链（{len(chain.links)} 跳）终点 {end} 有 AAAA 记录",
        ),
        details,
    )
