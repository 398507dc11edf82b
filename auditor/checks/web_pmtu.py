"""``web.pmtu6``: full-size IPv6 packets reach the user (no path-MTU black hole)."""

from __future__ import annotations

from typing import Any

from v6audit.auditor.catalog import EMPTY, msg
from v6audit.auditor.checks.usable import no_usable_ipv6
from v6audit.auditor.model import Status, Text
from v6audit.auditor.registry import JudgeContext, Observations, Verdict, check
from v6audit.probes.dns_host import HostAddressesProbe
from v6audit.probes.model import Reason, TargetKind, reason_of
from v6audit.probes.web_pmtu import Exchange, WebPmtu, WebPmtuProbe

MIN_MTU = 1280
"""A response larger than the IPv6 minimum MTU needs full-size packets, hence working PMTUD."""


def _find(pmtu: WebPmtu, family: int, method: str) -> Exchange | None:
    return next((e for e in pmtu.exchanges if e.family == family and e.method == method), None)


@check(
    "web.pmtu6",
    kind=TargetKind.DOMAIN,
    probes=[WebPmtuProbe, HostAddressesProbe],
)
def judge_pmtu6(observations: Observations, context: JudgeContext) -> Verdict:
    host = observations.get(HostAddressesProbe)
    if (bogus := no_usable_ipv6(host)) is not None:
        return bogus
    pmtu = observations.get(WebPmtuProbe)
    details: dict[str, Any] = {
        "exchanges": [e.model_dump(exclude_none=True) for e in pmtu.exchanges],
        "learned_mtu": pmtu.learned_mtu,
        "echoes": pmtu.echoes.model_dump() if pmtu.echoes else None,
        "echo_skipped": reason_of(pmtu.echoes_failure),
    }
    small, large = _find(pmtu, 6, "HEAD"), _find(pmtu, 6, "GET")
    ipv4 = _find(pmtu, 4, "GET")
    if small is None or large is None or small.failure is not None:
        return Verdict(
            Status.NOT_APPLICABLE,
            msg("web.pmtu6.not_applicable_no_small"),
            details,
        )
    echoes = pmtu.echoes
    if large.failure is None and large.received > MIN_MTU:
        if pmtu.learned_mtu is None or (echoes is not None and echoes.large_replies):
            return Verdict(
                Status.PASS,
                msg(
                    "web.pmtu6.byte_response_completed_ipv6",
                    received=large.received,
                    echo_note=_echo_note(pmtu),
                ),
                details,
            )
        if echoes is not None and echoes.small_reply:
            return _black_hole(pmtu, details)
        skipped = reason_of(pmtu.echoes_failure)
        why = Reason.NEEDS_ROOT if skipped is Reason.NEEDS_ROOT else Reason.UNREACHABLE
        return Verdict(
            Status.ERROR,
            msg("web.pmtu6.not_measured_this_host", learned_mtu=pmtu.learned_mtu, why=why.value),
            details,
            reason=why,
        )
    if large.failure is not None and (ipv4 is None or ipv4.failure is not None):
        why = reason_of(large.failure) or Reason.INTERNAL
        return Verdict(
            Status.ERROR,
            msg("web.pmtu6.not_measured_page_failed", reason=why.value),
            details,
            reason=why,
        )
    if ipv4 is None or ipv4.failure is not None or ipv4.received <= MIN_MTU:
        return Verdict(
            Status.NOT_APPLICABLE,
            msg("web.pmtu6.not_applicable_no_response"),
            details,
        )
    return Verdict(
        Status.FAIL,
        msg(
            "web.pmtu6.pmtu_black_hole_head",
            received=ipv4.received,
            reason=reason_of(large.failure),
            echo_note=_echo_note(pmtu),
        ),
        details,
    )


def _black_hole(pmtu: WebPmtu, details: dict[str, Any]) -> Verdict:
    """The verdict when the kernel's learned MTU hid the page test but the echoes did not."""
    assert pmtu.echoes is not None
    size, sent = pmtu.echoes.size, pmtu.echoes.sent
    return Verdict(
        Status.FAIL,
        msg("web.pmtu6.pmtu_black_hole_none", sent=sent, size=size, learned_mtu=pmtu.learned_mtu),
        details,
    )


def _echo_note(pmtu: WebPmtu) -> Text:
    echoes = pmtu.echoes
    if echoes is None or not echoes.small_reply:
        return EMPTY
    if echoes.large_replies:
        return msg("web.pmtu6.echoes_answered", size=echoes.size)
    return msg("web.pmtu6.echoes_unanswered", size=echoes.size)
