"""``sec.port-parity``: the IPv6 firewall is as tight as the IPv4 one on the same host."""

from __future__ import annotations

from typing import Any

from v6audit.auditor.catalog import msg
from v6audit.auditor.checks.network import parity_verdict
from v6audit.auditor.checks.usable import no_usable_ipv6, not_compared
from v6audit.auditor.model import Status
from v6audit.auditor.registry import JudgeContext, Observations, Verdict, check
from v6audit.probes.dns_host import HostAddressesProbe
from v6audit.probes.model import TargetKind
from v6audit.probes.port_parity import PARITY_PORTS, PortParityProbe


@check(
    "sec.port-parity",
    kind=TargetKind.DOMAIN,
    probes=[PortParityProbe, HostAddressesProbe],
    defaults={"ports": list(PARITY_PORTS)},
)
def judge_port_parity(observations: Observations, context: JudgeContext) -> Verdict:
    host = observations.get(HostAddressesProbe)
    if (bogus := no_usable_ipv6(host)) is not None:
        return bogus
    if (alone := not_compared(host)) is not None:
        return alone
    found = observations.get(PortParityProbe)
    if not found.ipv6 or not found.ipv4:
        return Verdict(
            Status.NOT_APPLICABLE,
            msg("sec.port-parity.not_applicable_host_has"),
            {"ipv6": found.ipv6, "ipv4": found.ipv4, "method": found.method},
        )
    wanted = set(context.params["ports"])
    v4 = {p for a in found.ipv4 for p in found.open_ports.get(a, [])} & wanted
    per_host: dict[str, dict[str, Any]] = {}
    for address in found.ipv6:
        v6 = set(found.open_ports.get(address, [])) & wanted
        per_host[address] = {
            "counterparts": found.ipv4,
            "ipv4": sorted(v4),
            "ipv6": sorted(v6),
            "ipv4_only": sorted(v4 - v6),
            "ipv6_only": sorted(v6 - v4),
        }
    verdict = parity_verdict(per_host)
    verdict.details.update({"method": found.method, "ports": found.ports})
    return verdict
