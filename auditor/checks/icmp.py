"""``net.icmp6``: does each AAAA answer ICMPv6 echo? Information only: many hosts filter ping."""

from __future__ import annotations

from v6audit.auditor.catalog import msg
from v6audit.auditor.checks.usable import no_usable_ipv6
from v6audit.auditor.model import Status
from v6audit.auditor.registry import JudgeContext, Observations, Verdict, check
from v6audit.probes.dns_host import HostAddressesProbe
from v6audit.probes.model import TargetKind
from v6audit.probes.net_icmp6 import Icmp6Probe


@check(
    "net.icmp6",
    kind=TargetKind.DOMAIN,
    probes=[Icmp6Probe, HostAddressesProbe],
)
def judge_icmp6(observations: Observations, context: JudgeContext) -> Verdict:
    host = observations.get(HostAddressesProbe)
    if (bogus := no_usable_ipv6(host)) is not None:
        return bogus
    pings = observations.get(Icmp6Probe)
    echoes = pings.echoes
    answering = [e.address for e in echoes if e.answer == "reply"]
    details = {"echoes": [e.model_dump(exclude_none=True) for e in echoes], "method": pings.method}
    if not echoes:
        return Verdict(Status.NOT_APPLICABLE, msg("net.icmp6.not_applicable_no_aaaa"), details)
    return Verdict(
        Status.INFO,
        msg("net.icmp6.ipv6_address_es_answer", n_answering=len(answering), n_echoes=len(echoes)),
        details,
    )
