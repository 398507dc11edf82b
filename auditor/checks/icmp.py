"""``net.icmp6``: does each AAAA answer ICMPv6 echo? Information only: many hosts filter ping."""

from __future__ import annotations

from auditor.checks.usable import no_usable_ipv6
from auditor.model import Status, TargetKind, Text
from auditor.registry import JudgeContext, Observations, Verdict, check
from probes.dns_host import HostAddressesProbe
from probes.net_icmp6 import Icmp6Probe


@check(
    "net.icmp6",
    kind=TargetKind.DOMAIN,
    probes=[Icmp6Probe, HostAddressesProbe],
)
def judge_icmp6(observations: Observations, context: JudgeContext) -> Verdict:
    host = observations.get(HostAddressesProbe)
    if (bogus := no_usable_ipv6(host)) is not None:
        return bogus
    echoes = observations.get(Icmp6Probe).echoes
    answering = [e.address for e in echoes if e.answer == "reply"]
    details = {"echoes": [e.model_dump(exclude_none=True) for e in echoes], "method": "scapy"}
    if not echoes:
        return Verdict(
            Status.NOT_APPLICABLE, Text("not applicable: no AAAA", "不适用：无 AAAA 记录"), details
        )
    return Verdict(
        Status.INFO,
        Text(
            f"{len(answering)} of {len(echoes)} IPv6 address(es) answer ICMPv6 echo",
            f"{len(echoes)} 个 IPv6 地址中有 {len(answering)} 个响应 ICMPv6 回显",
        ),
        details,
    )
