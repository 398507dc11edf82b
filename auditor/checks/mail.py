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
    title=Text("Mail exchangers have IPv6 addresses", "邮件交换服务器有 IPv6 地址"),
    explanation=Text(
        "Mail from IPv6-only senders reaches the domain only through MX hosts with AAAA "
        "records; each MX without one is a path IPv6 mail cannot take. A domain without MX, "
        "or with a null MX (RFC 7505), receives no mail and is not judged.",
        "仅有 IPv6 的发信方只能经有 AAAA 记录的 MX 主机投递邮件；缺少 AAAA 的 MX 无法承接 IPv6 邮件。"
        "没有 MX 或声明空 MX（RFC 7505）的域名不收邮件，不予评判。",
    ),
    remedy=Text(
        "Give each listed MX host a global IPv6 address and publish its AAAA record (once it "
        "accepts SMTP over IPv6), or point the MX at hosts that have one.",
        "为所列每台 MX 主机配置全球 IPv6 地址并（在其可经 IPv6 接收 SMTP 后）发布 AAAA 记录，"
        "或将 MX 指向已有 IPv6 的主机。",
    ),
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
