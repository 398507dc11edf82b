"""``web.same-content``: IPv6 serves the page IPv4 serves."""

from __future__ import annotations

from dataclasses import dataclass, field

from v6audit.auditor.catalog import EMPTY, msg
from v6audit.auditor.checks.usable import no_usable_ipv6, not_compared
from v6audit.auditor.model import Status, Text
from v6audit.auditor.pagecompare import Difference, first_difference, normalise, similarity
from v6audit.auditor.registry import JudgeContext, Observations, Verdict, check
from v6audit.probes.model import Reason, TargetKind, reason_of
from v6audit.probes.web_fetch import Chain, ChainEnd, WebFetchProbe
from v6audit.probes.web_ports import WebPortsProbe
from v6audit.probes.webchains import chain_details, describe, outcome, served, works

_RANK = {Status.PASS: 0, Status.WARN: 1, Status.FAIL: 2}
"""Measured comparisons, worst last; unmeasured ones (error) count only when nothing else was."""


@dataclass(slots=True)
class Comparison:
    """One IPv6 chain set against the IPv4 reference for the same start URL."""

    status: Status
    summary: Text
    details: dict[str, object] = field(default_factory=dict)
    reason: Reason | None = None


def _side(chain: Chain) -> dict[str, object]:
    side: dict[str, object] = {
        "address": chain.address,
        "outcome": outcome(chain),
        "final_url": chain.hops[-1].url,
    }
    if chain.page is not None:
        side |= {
            "status": chain.page.status,
            "bytes": chain.page.size,
            "truncated": chain.page.truncated,
            "charset": chain.page.charset,
        }
    if chain.retried:
        side["retried"] = True
    return side


def reference(ipv4: list[Chain]) -> Chain | None:
    """The IPv4 chain to compare with: one that works, else one with a page, else any."""
    return next(
        (c for c in ipv4 if works(c)),
        next((c for c in ipv4 if c.page), ipv4[0] if ipv4 else None),
    )


def failure_reason(chain: Chain | None) -> Reason:
    """Why a chain brought no page back: its last hop's reason, ``protocol`` for redirect
    trouble (loops, bad Location), ``unreachable`` when there was no chain at all."""
    if chain is None:
        return Reason.UNREACHABLE
    return reason_of(chain.hops[-1].failure) or Reason.PROTOCOL


def _similarity(text6: str, text4: str) -> tuple[float, Difference | None]:
    """How alike two pages are, and where they first differ. Byte-identical pages, the common
    case, normalise alike: their answer is known without tokenising them."""
    if text6 == text4:
        return 1.0, None
    tokens6, tokens4 = normalise(text6), normalise(text4)
    return similarity(tokens6, tokens4), first_difference(tokens6, tokens4)


def compare(ipv6: Chain, ipv4: Chain | None, threshold: float) -> Comparison:
    """Judge one IPv6 chain against the IPv4 reference page."""
    where = f"{ipv6.start_url} via {ipv6.address}"
    details: dict[str, object] = {"start_url": ipv6.start_url, "ipv6": _side(ipv6)}
    if ipv4 is not None:
        details["ipv4"] = _side(ipv4)
    if ipv6.end in (ChainEnd.OTHER_FAMILY_LITERAL, ChainEnd.NO_ADDRESS):
        hop = ipv6.hops[-1].url
        return Comparison(
            Status.FAIL,
            msg("web.same-content.ipv6_redirect_leaves_for", where=where, hop=hop),
            details,
        )
    if ipv4 is None or ipv4.page is None:
        return Comparison(
            Status.ERROR,
            msg(
                "web.same-content.no_ipv4_page_compare",
                where=where,
                outcome=outcome(ipv4) if ipv4 else msg("web.same-content.no_a_record"),
            ),
            details,
            failure_reason(ipv4),
        )
    if ipv6.page is None:
        return Comparison(
            Status.FAIL,
            msg(
                "web.same-content.nothing_served_ipv6_ipv4",
                describe_ipv6=describe(ipv6),
                outcome_ipv4=outcome(ipv4),
            ),
            details,
        )
    six, four = ipv6.page.status, ipv4.page.status
    if six // 100 != four // 100:
        return Comparison(
            Status.FAIL,
            msg("web.same-content.ipv6_answers_ipv4_answers", where=where, six=six, four=four),
            details,
        )
    ratio, difference = _similarity(ipv6.page.text, ipv4.page.text)
    details["similarity"] = round(ratio, 4)
    details["threshold"] = threshold
    if difference is not None:
        details["first_difference"] = {"ipv6": difference.first, "ipv4": difference.second}
    final6, final4 = ipv6.hops[-1].url, ipv4.hops[-1].url
    percent = f"{ratio:.0%}"
    if ratio < threshold or final6 != final4:
        moved = (
            msg("web.same-content.moved", final6=final6, final4=final4)
            if final6 != final4
            else EMPTY
        )
        return Comparison(
            Status.WARN,
            msg(
                "web.same-content.similar_ipv4_threshold",
                where=where,
                percent=percent,
                threshold=threshold,
                moved=moved,
            ),
            details,
        )
    return Comparison(
        Status.PASS,
        msg("web.same-content.similar_ipv4", where=where, percent=percent),
        details,
    )


@check(
    "web.same-content",
    kind=TargetKind.DOMAIN,
    probes=[WebFetchProbe, WebPortsProbe],
    defaults={"threshold": 0.9},
)
def judge_same_content(observations: Observations, context: JudgeContext) -> Verdict:
    found = observations.get(WebFetchProbe)
    ports = observations.get(WebPortsProbe)
    threshold = float(context.params["threshold"])
    if not found.addresses.aaaa.addresses:
        return Verdict(
            Status.FAIL,
            msg("web.same-content.no_aaaa_record_nothing"),
            {"chains": [chain_details(c) for c in found.chains]},
        )
    if (bogus := no_usable_ipv6(found.addresses)) is not None:
        return bogus
    if (alone := not_compared(found.addresses)) is not None:
        return alone
    comparisons = []
    for start in found.start_urls:
        if not served(start, ports):
            continue
        ipv4 = reference([c for c in found.chains if c.start_url == start and c.family == 4])
        comparisons += [
            compare(chain, ipv4, threshold)
            for chain in found.chains
            if chain.start_url == start and chain.family == 6
        ]
    if not comparisons:
        return Verdict(
            Status.NOT_APPLICABLE,
            msg("web.same-content.no_web_server_answers"),
        )
    measured = [c for c in comparisons if c.status is not Status.ERROR] or comparisons
    worst = max(measured, key=lambda c: _RANK.get(c.status, 0))
    details: dict[str, object] = {"comparisons": [c.details for c in comparisons]}
    others = len([c for c in measured if c.status is worst.status]) - 1
    more = msg("web.same-content.more", others=others) if others else EMPTY
    summary = msg("web.same-content.with_more", summary=worst.summary, more=more)
    return Verdict(worst.status, summary, details, reason=worst.reason)
