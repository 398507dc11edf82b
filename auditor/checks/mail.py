"""Mail checks on DNS data: every mail exchanger has IPv6 (``mail.mx.aaaa``)."""

from __future__ import annotations

from v6audit.auditor.catalog import msg
from v6audit.auditor.model import Status
from v6audit.auditor.registry import JudgeContext, Observations, Verdict, check
from v6audit.probes.dns_mail import MailExchangersProbe
from v6audit.probes.model import TargetKind
from v6audit.probes.net.addresses import acceptable_in_scope
from v6audit.probes.net.settings import Scope


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
            msg("mail.mx.aaaa.null_mx_domain_accepts"),
            details,
        )
    if not found.exchangers:
        return Verdict(Status.NOT_APPLICABLE, msg("mail.mx.aaaa.no_mx_record"), details)
    if without:
        names = ", ".join(without)
        return Verdict(
            Status.FAIL,
            msg(
                "mail.mx.aaaa.mx_host_without_ipv6",
                n_without=len(without),
                n_exchangers=len(found.exchangers),
                names=names,
            ),
            details,
        )
    return Verdict(
        Status.PASS,
        msg("mail.mx.aaaa.all_mx_host_have", n_exchangers=len(found.exchangers)),
        details,
    )
