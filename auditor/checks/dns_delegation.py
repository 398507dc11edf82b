"""The delegation check (``dns.delegation6``, 授权体系): root to zone over IPv6 alone."""

from __future__ import annotations

from typing import Any

from auditor.model import Status, TargetKind, Text
from auditor.registry import JudgeContext, Observations, Verdict, check
from probes.dns_answers import ServerAnswer
from probes.dns_delegation import DelegationProbe, ZoneCut

SHOWN = 3
"""Failed addresses named in a one-line summary; the details list them all."""


def describe_answer(answer: ServerAnswer) -> str:
    """One exchange of the walk in a few words (the reply's codes, or why there was none)."""
    if answer.unusable is not None:
        return f"not queried: {answer.unusable}"
    if answer.reason is not None:
        return answer.reason.value
    if answer.rcode != "NOERROR":
        return f"rcode {answer.rcode}"
    return "authoritative" if answer.authoritative else "no authority and no referral (lame)"


def _cut_details(cut: ZoneCut) -> dict[str, Any]:
    return {
        "zone": cut.zone,
        "nameservers": cut.nameservers,
        "ipv6": cut.ipv6,
        "answers": [
            {**answer.model_dump(mode="json"), "outcome": describe_answer(answer)}
            for answer in cut.answers
        ],
    }


@check(
    "dns.delegation6",
    kind=TargetKind.DOMAIN,
    probes=[DelegationProbe],
)
def judge_delegation6(observations: Observations, context: JudgeContext) -> Verdict:
    found = observations.get(DelegationProbe)
    broken = next((w for w in found.walks if not w.complete), None)
    details: dict[str, Any] = {
        "host": found.host,
        "walks": [
            {
                "name": w.name,
                "complete": w.complete,
                "chain": [_cut_details(cut) for cut in w.cuts],
                "broken_at": None if w.complete else w.cuts[-1].zone,
            }
            for w in found.walks
        ],
        "broken_at": None if broken is None else broken.cuts[-1].zone,
    }
    if broken is None:
        path = " > ".join(cut.zone for cut in found.walks[0].cuts)
        targets = len(found.walks) - 1
        also = f" (and {targets} CNAME target(s))" if targets else ""
        also_zh = f"（另含 {targets} 个 CNAME 目标）" if targets else ""
        return Verdict(
            Status.PASS,
            Text(
                f"delegation followed over IPv6 alone: {path}{also}",
                f"可仅经 IPv6 沿授权解析：{path}{also_zh}",
            ),
            details,
        )
    cut = broken.cuts[-1]
    of = "" if broken.name == found.host else f" (on the way to CNAME target {broken.name})"
    of_zh = "" if broken.name == found.host else f"（解析 CNAME 目标 {broken.name} 时）"
    if not cut.ipv6:
        servers = ", ".join(cut.nameservers)
        return Verdict(
            Status.FAIL,
            Text(
                f"delegation breaks at {cut.zone}{of}: none of its name servers has an IPv6 "
                f"address ({servers})",
                f"授权链在 {cut.zone} 断开{of_zh}：其域名服务器均无 IPv6 地址（{servers}）",
            ),
            details,
        )
    tried = ", ".join(f"{a.address} {describe_answer(a)}" for a in cut.answers[:SHOWN])
    more = f" +{len(cut.answers) - SHOWN}" if len(cut.answers) > SHOWN else ""
    return Verdict(
        Status.FAIL,
        Text(
            f"delegation breaks at {cut.zone}{of}: no IPv6 name server answered ({tried}{more})",
            f"授权链在 {cut.zone} 断开{of_zh}：没有 IPv6 域名服务器应答（{tried}{more}）",
        ),
        details,
    )
