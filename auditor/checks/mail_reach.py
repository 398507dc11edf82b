"""``mail.mx.reach6``: every MX IPv6 address greets with SMTP 220."""

from __future__ import annotations

from v6audit.auditor.catalog import msg
from v6audit.auditor.model import Status
from v6audit.auditor.registry import JudgeContext, Observations, Verdict, check
from v6audit.probes.mail_smtp import Greeting, MxSmtpProbe
from v6audit.probes.model import Reason, TargetKind, reason_of


def _ready(greeting: Greeting) -> bool:
    return greeting.banner is not None and greeting.banner.startswith("220")


def _outcome(greeting: Greeting) -> str:
    if greeting.banner is not None:
        return greeting.banner
    failure = greeting.failure
    if failure is not None and failure.reason is Reason.POLICY:  # the message names the block
        return f"no usable IPv6 address ({failure.message})"
    return str(reason_of(failure))


@check(
    "mail.mx.reach6",
    kind=TargetKind.DOMAIN,
    probes=[MxSmtpProbe],
)
def judge_mx_reach6(observations: Observations, context: JudgeContext) -> Verdict:
    found = observations.get(MxSmtpProbe)
    details: dict[str, object] = {
        "null_mx": found.null_mx,
        "mx": [
            {
                "host": mx.host,
                "preference": mx.preference,
                "aaaa": mx.aaaa,
                "lookup_error": reason_of(mx.aaaa_failure),
                "greetings": [
                    {"address": g.address, "outcome": _outcome(g), "milliseconds": g.milliseconds}
                    for g in mx.greetings
                ],
            }
            for mx in found.hosts
        ],
    }
    if found.null_mx or not found.hosts:
        why = msg("mail.mx.reach6.null_mx_domain_takes")
        if not found.null_mx:
            why = msg("mail.mx.reach6.no_mx_record")
        return Verdict(Status.NOT_APPLICABLE, why, details)
    greetings = [(mx.host, g) for mx in found.hosts for g in mx.greetings]
    if not greetings:
        return Verdict(
            Status.FAIL,
            msg("mail.mx.reach6.no_mx_host_has"),
            details,
        )
    failing = [(host, g) for host, g in greetings if not _ready(g)]
    if failing:
        listed = "; ".join(f"{g.address} ({host}): {_outcome(g)}" for host, g in failing)
        return Verdict(
            Status.FAIL,
            msg("mail.mx.reach6.no_smtp_greeting_ipv6", listed=listed),
            details,
        )
    return Verdict(
        Status.PASS,
        msg("mail.mx.reach6.all_mx_ipv6_address", n_greetings=len(greetings)),
        details,
    )
