"""``web.reach6``: every AAAA accepts TCP on the web ports that IPv4 serves."""

from __future__ import annotations

from v6audit.auditor.catalog import msg
from v6audit.auditor.checks.usable import no_usable_ipv6
from v6audit.auditor.model import Status
from v6audit.auditor.registry import JudgeContext, Observations, Verdict, check
from v6audit.probes.model import TargetKind, reason_of
from v6audit.probes.web_ports import WEB_PORTS, PortOutcome, WebPorts, WebPortsProbe


def port_details(observation: WebPorts) -> list[dict[str, object]]:
    return [
        {
            "address": p.address,
            "family": p.family,
            "port": p.port,
            "outcome": "open" if p.open else reason_of(p.failure),
            "milliseconds": p.milliseconds,
        }
        for p in observation.ports
    ]


def _problems(observation: WebPorts) -> list[dict[str, object]]:
    """AAAA where nothing connects, and ports open over IPv4 but not on some AAAA."""
    problems: list[dict[str, object]] = []
    ipv6 = [p for p in observation.ports if p.family == 6]
    open_over_ipv4 = {p.port for p in observation.ports if p.family == 4 and p.open}
    for address in observation.addresses.usable6:
        outcomes = [p for p in ipv6 if p.address == address]
        if not any(p.open for p in outcomes):
            problems.append(
                {"address": address, "problem": "no port connects", **_outcomes(outcomes)}
            )
    for outcome in ipv6:
        if outcome.port in open_over_ipv4 and not outcome.open and not _all_closed(outcome, ipv6):
            problems.append(
                {
                    "address": outcome.address,
                    "port": outcome.port,
                    "problem": "open over IPv4, not over IPv6",
                    "outcome": reason_of(outcome.failure),
                }
            )
    return problems


def _all_closed(outcome: PortOutcome, ipv6: list[PortOutcome]) -> bool:
    """The address is already reported as connecting on no port at all."""
    return not any(p.open for p in ipv6 if p.address == outcome.address)


def _outcomes(outcomes: list[PortOutcome]) -> dict[str, object]:
    return {"outcomes": {str(p.port): reason_of(p.failure) for p in outcomes}}


def _describe(problem: dict[str, object]) -> str:
    if "port" in problem:
        return f"{problem['address']} port {problem['port']}: {problem['outcome']}"
    outcomes = problem["outcomes"]
    assert isinstance(outcomes, dict)
    ports = ", ".join(f"{port} {reason}" for port, reason in outcomes.items())
    return f"{problem['address']}: {ports}"


@check(
    "web.reach6",
    kind=TargetKind.DOMAIN,
    probes=[WebPortsProbe],
)
def judge_reach6(observations: Observations, context: JudgeContext) -> Verdict:
    found = observations.get(WebPortsProbe)
    aaaa = found.addresses.aaaa.addresses
    details: dict[str, object] = {"aaaa": aaaa, "ports": port_details(found)}
    if not aaaa:
        return Verdict(
            Status.FAIL,
            msg("web.reach6.no_aaaa_record_nothing"),
            details,
        )
    bogus = no_usable_ipv6(found.addresses)
    if bogus is not None:
        return bogus
    problems = _problems(found)
    details["problems"] = problems
    if problems:
        listed = "; ".join(_describe(p) for p in problems)
        return Verdict(
            Status.FAIL,
            msg("web.reach6.not_reachable_ipv6", listed=listed),
            details,
        )
    ports = "/".join(str(p) for p in WEB_PORTS)
    usable = found.addresses.usable6
    if found.addresses.ipv6_only:
        return Verdict(
            Status.PASS,
            msg("web.reach6.all_accept_ipv6_only", n_usable=len(usable), ports=ports),
            details,
        )
    return Verdict(
        Status.PASS,
        msg("web.reach6.all_accept", n_usable=len(usable), ports=ports),
        details,
    )
