"""The delegation check (``dns.delegation6``, 授权体系): root to zone over IPv6 alone."""

from __future__ import annotations

from typing import Any

from v6audit.auditor.catalog import EMPTY, msg
from v6audit.auditor.model import Status
from v6audit.auditor.registry import JudgeContext, Observations, Verdict, check
from v6audit.probes.dns_answers import ServerAnswer
from v6audit.probes.dns_delegation import DelegationProbe, ZoneCut
from v6audit.probes.model import TargetKind

SHOWN = 3
"""Failed addresses named in a one-line summary; the details list them all."""


def describe_answer(answer: ServerAnswer) -> str:
    """One exchange of the walk in a few words (the reply's codes, or why there was none)."""
    if answer.unusable is not None:
        return f"not queried: {answer.unusable}"
    if answer.failure is not None:
        return answer.failure.reason.value
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
        also = msg("dns.delegation6.also_targets", targets=targets) if targets else EMPTY
        return Verdict(
            Status.PASS,
            msg("dns.delegation6.delegation_followed_ipv6_alone", path=path, also=also),
            details,
        )
    cut = broken.cuts[-1]
    of = EMPTY if broken.name == found.host else msg("dns.delegation6.of_target", name=broken.name)
    if not cut.ipv6:
        servers = ", ".join(cut.nameservers)
        return Verdict(
            Status.FAIL,
            msg(
                "dns.delegation6.delegation_breaks_at_none",
                zone=cut.zone,
                of=of,
                servers=servers,
            ),
            details,
        )
    tried = ", ".join(f"{a.address} {describe_answer(a)}" for a in cut.answers[:SHOWN])
    more = f" +{len(cut.answers) - SHOWN}" if len(cut.answers) > SHOWN else ""
    return Verdict(
        Status.FAIL,
        msg(
            "dns.delegation6.delegation_breaks_at_no",
            zone=cut.zone,
            of=of,
            tried=tried,
            more=more,
        ),
        details,
    )
