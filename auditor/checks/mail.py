"""Mail checks on DNS data: every mail exchanger has IPv6 (``mail.mx.aaaa``)."""

from __future__ import annotations

from auditor.addresses import acceptable_in_scope
from auditor.model import Status, TargetKind, Text
from auditor.registry import JudgeContext, Observations, Verdict, check
from auditor.settings import Scope
from probes.dns_mail import MailExchangersProbe


@check(
    "mail.mx.aaaa",
    kind=TargetKind.DOMAIN,
    probes=[MailExchangersProbe],
)
def judge_mx_aaaa(observations: Observations, context: JudgeContext) -> Verdict:
    found = observations.get(MailExchangersProbe)
    internal = context.scope is Scope.INTERNAL
    without = [
        mx.server.name
        for mx in found.exchangers
        if not any(acceptable_in_scope(a, internal) for a in mx.server.aaaa)
    ]
    details = {
        "domain": found.domain,
        "null_mx": found.null_mx,
        "mx": [mx.model_dump(mode="json") for mx in found.exchangers],
        "without_ipv6": without,
    }
    if found.null_mx:
        return Verdict(
            Status.NOT_APPLICABLE,
            Text(
                "null MX: the domain accepts no mail (RFC 7505)",
                "空 MX：该域名不收邮件（RFC 7505）",
            ),
            details,
        )
    if not found.exchangers:
        return Verdict(Status.NOT_APPLICABLE, Text("no MX record", "无 MX 记录"), details)
    if without:
        names = ", ".join(without)
        return Verdict(
            Status.FAIL,
            Text(
                f"{len(without)} of {len(found.exchangers)} MX host(s) without IPv6: {names}",
                f"{len(found.exchangers)} 台 MX 主机中 {len(without)} 台无 IPv6：{names}",
            ),
            details,
        )
    return Verdict(
        Status.PASS,
        Text(
            f"all {len(found.exchangers)} MX host(s) have AAAA",
            f"全部 {len(found.exchangers)} 台 MX 主机有 AAAA 记录",
        ),
        details,
    )
