"""``web.http6``, ``web.tls6`` and ``web.redirect6``: the HTTP(S) exchanges over IPv6 alone."""

from __future__ import annotations

from enum import IntEnum

from v6audit.auditor.catalog import msg
from v6audit.auditor.checks.usable import ipv6_only, no_usable_ipv6
from v6audit.auditor.model import Status, Text
from v6audit.auditor.registry import JudgeContext, Observations, Verdict, check
from v6audit.probes.model import Reason, TargetKind, reason_of
from v6audit.probes.urlparts import raw_host
from v6audit.probes.web_fetch import Chain, ChainEnd, Hop, WebFetches, WebFetchProbe
from v6audit.probes.web_ports import WebPortsProbe
from v6audit.probes.webchains import chain_details, describe, outcome, served, works

NO_AAAA = msg("web.http6.no_aaaa_record_site")


class Exchange(IntEnum):
    """How one IPv6 chain fared next to IPv4, worst last."""

    WORKS = 0
    SAME_FAILURE = 1
    """IPv4 fails the same way (same error status or reason): not an IPv6 difference."""
    BOTH_BROKEN = 2
    """IPv4 fails too, differently."""
    UNMEASURED = 3
    """The per-target deadline cut the IPv6 chain short: the auditor's time, not the site's."""
    FAILS = 4
    """Fails over IPv6 while IPv4 works (or there is no IPv4 to fall back on)."""


def grade(chain: Chain, ipv4: list[Chain]) -> Exchange:
    """Grade one IPv6 chain against the IPv4 chains for the same start URL."""
    if works(chain):
        return Exchange.WORKS
    if chain.end is ChainEnd.CUT_SHORT:
        return Exchange.UNMEASURED
    if not ipv4 or any(works(c) for c in ipv4):
        return Exchange.FAILS
    if any(outcome(c) == outcome(chain) for c in ipv4):
        return Exchange.SAME_FAILURE
    return Exchange.BOTH_BROKEN


def _by_start(found: WebFetches, start: str, family: int) -> list[Chain]:
    return [c for c in found.chains if c.start_url == start and c.family == family]


@check(
    "web.http6",
    kind=TargetKind.DOMAIN,
    probes=[WebFetchProbe, WebPortsProbe],
)
def judge_http6(observations: Observations, context: JudgeContext) -> Verdict:
    found = observations.get(WebFetchProbe)
    ports = observations.get(WebPortsProbe)
    details: dict[str, object] = {"chains": [chain_details(c) for c in found.chains]}
    if not found.addresses.aaaa.addresses:
        return Verdict(Status.FAIL, NO_AAAA, details)
    if (bogus := no_usable_ipv6(found.addresses)) is not None:
        return bogus
    starts = [s for s in found.start_urls if served(s, ports)]
    details["served"] = starts
    if not starts:
        return Verdict(
            Status.NOT_APPLICABLE,
            msg("web.http6.no_web_server_answers"),
            details,
        )
    graded = [
        (grade(chain, _by_start(found, start, 4)), chain)
        for start in starts
        for chain in _by_start(found, start, 6)
    ]
    worst = max(level for level, _ in graded)
    bad = "; ".join(describe(chain) for level, chain in graded if level is worst)
    if worst is Exchange.FAILS:
        if any(works(c) for c in found.chains if c.family == 4):
            return Verdict(
                Status.FAIL,
                msg("web.http6.fails_ipv6_while_ipv4", bad=bad),
                details,
            )
        only = ipv6_only(found.addresses) or msg("web.http6.no_ipv4_answer")
        return Verdict(
            Status.FAIL,
            msg("web.http6.fails_ipv6", only=only, bad=bad),
            details,
        )
    if worst is Exchange.UNMEASURED:
        return Verdict(
            Status.ERROR,
            msg("web.http6.not_measured_cut_short", bad=bad),
            details,
            reason=Reason.TIMEOUT,
        )
    if worst is not Exchange.WORKS:
        return Verdict(
            Status.WARN,
            msg("web.http6.fails_both_families_not", bad=bad),
            details,
        )
    return Verdict(
        Status.PASS,
        msg(
            "web.http6.exchange_ipv6_alone_completed", n_graded=len(graded), value=", ".join(starts)
        ),
        details,
    )


@check(
    "web.tls6",
    kind=TargetKind.DOMAIN,
    probes=[WebFetchProbe],
)
def judge_tls6(observations: Observations, context: JudgeContext) -> Verdict:
    found = observations.get(WebFetchProbe)
    https = [
        (chain.family, hop)
        for chain in found.chains
        for hop in chain.hops
        if hop.url.startswith("https://") and hop.address is not None
    ]
    ipv4_certificates: dict[str, set[str]] = {}
    for family, hop in https:
        if family == 4 and hop.certificate_sha256:
            ipv4_certificates.setdefault(raw_host(hop.url), set()).add(hop.certificate_sha256)
    ipv6 = [hop for family, hop in https if family == 6]
    details: dict[str, object] = {
        "ipv6": [
            {
                "url": h.url,
                "address": h.address,
                "sha256": h.certificate_sha256,
                "outcome": reason_of(h.failure),
            }
            for h in ipv6
        ],
        "ipv4_sha256": {host: sorted(found) for host, found in ipv4_certificates.items()},
    }
    if not found.addresses.aaaa.addresses:
        return Verdict(Status.NOT_APPLICABLE, NO_AAAA, details)
    if (bogus := no_usable_ipv6(found.addresses)) is not None:
        return bogus
    invalid = [(h, h.failure) for h in ipv6 if h.failure and h.failure.reason is Reason.TLS]
    if invalid:
        listed = "; ".join(f"{h.address} ({failure.message})" for h, failure in invalid)
        return Verdict(
            Status.FAIL,
            msg("web.tls6.invalid_certificate_ipv6", listed=listed),
            details,
        )
    presented = [h for h in ipv6 if h.certificate_sha256]
    if not presented and (only := ipv6_only(found.addresses)) is not None:
        return _no_tls_ipv6_only(ipv6, only, details)
    if not presented:
        if not ipv4_certificates:
            return Verdict(
                Status.NOT_APPLICABLE,
                msg("web.tls6.https_not_served_either"),
                details,
            )
        reason = next((h.failure.reason for h in ipv6 if h.failure), Reason.UNREACHABLE)
        return Verdict(
            Status.ERROR,
            msg("web.tls6.no_tls_handshake_completed", reason=reason),
            details,
            reason=reason,
        )
    different = [
        h
        for h in presented
        if ipv4_certificates.get(raw_host(h.url))
        and h.certificate_sha256 not in ipv4_certificates[raw_host(h.url)]
    ]
    if different:
        listed = ", ".join(sorted({f"{h.address} ({raw_host(h.url)})" for h in different}))
        return Verdict(
            Status.WARN,
            msg("web.tls6.valid_but_different_certificate", listed=listed),
            details,
        )
    count = len({h.address for h in presented})
    if not ipv4_certificates:
        only = ipv6_only(found.addresses) or msg("web.tls6.no_certificate_seen_ipv4")
        return Verdict(
            Status.PASS,
            msg(
                "web.tls6.valid_certificate_nothing_to_compare",
                count=count,
                only=only,
            ),
            details,
        )
    return Verdict(
        Status.PASS,
        msg("web.tls6.valid_certificate_ipv6_address", count=count),
        details,
    )


def _no_tls_ipv6_only(ipv6: list[Hop], only: Text, details: dict[str, object]) -> Verdict:
    """No handshake on an IPv6-only host: HTTPS is not served only where port 443 refused;
    a handshake that never ended is not measured (no IPv4 tells it apart from a broken one)."""
    reasons = [r for h in ipv6 if (r := reason_of(h.failure)) not in (None, Reason.REFUSED)]
    if not reasons:
        return Verdict(
            Status.NOT_APPLICABLE, msg("web.tls6.https_not_served_ipv6_only", only=only), details
        )
    return Verdict(
        Status.ERROR,
        msg("web.tls6.no_tls_handshake_ipv6_only", reason=reasons[0], only=only),
        details,
        reason=reasons[0],
    )


def _leaves_ipv6(chain: Chain) -> str | None:
    """Why a hop after the first cannot be taken over IPv6, if one cannot."""
    if chain.end is ChainEnd.OTHER_FAMILY_LITERAL:
        return "an IPv4 literal"
    last = reason_of(chain.hops[-1].failure)
    if chain.end is ChainEnd.NO_ADDRESS:
        return "a host without usable AAAA" if last is Reason.POLICY else "a host without AAAA"
    if chain.end is ChainEnd.FAILED and len(chain.hops) > 1 and last is not None:
        return f"unreachable over IPv6 ({last})"
    return None


@check(
    "web.redirect6",
    kind=TargetKind.DOMAIN,
    probes=[WebFetchProbe],
)
def judge_redirect6(observations: Observations, context: JudgeContext) -> Verdict:
    found = observations.get(WebFetchProbe)
    ipv6 = [c for c in found.chains if c.family == 6]
    details: dict[str, object] = {"chains": [chain_details(c) for c in ipv6]}
    if not found.addresses.aaaa.addresses:
        return Verdict(Status.FAIL, NO_AAAA, details)
    if (bogus := no_usable_ipv6(found.addresses)) is not None:
        return bogus
    stranded = [(chain, why) for chain in ipv6 if (why := _leaves_ipv6(chain)) is not None]
    if stranded:
        listed = "; ".join(
            f"hop {len(chain.hops) - 1} {chain.hops[-1].url} is {why} (from {chain.start_url})"
            for chain, why in stranded
        )
        details["stranded"] = [
            {"start_url": c.start_url, "hop": len(c.hops) - 1, "url": c.hops[-1].url, "why": why}
            for c, why in stranded
        ]
        return Verdict(
            Status.FAIL,
            msg("web.redirect6.redirect_leaves_ipv6", listed=listed),
            details,
        )
    if cut := [c for c in ipv6 if c.end is ChainEnd.CUT_SHORT]:
        listed = "; ".join(f"hop {len(c.hops) - 1} {c.hops[-1].url}" for c in cut)
        return Verdict(
            Status.ERROR,
            msg("web.redirect6.not_measured_cut_short", listed=listed),
            details,
            reason=Reason.TIMEOUT,
        )
    answered = [c for c in ipv6 if c.hops[0].status is not None]
    if not answered:
        first = (reason_of(c.hops[0].failure) for c in ipv6)
        reason = next((r for r in first if r is not None), Reason.UNREACHABLE)
        return Verdict(
            Status.ERROR,
            msg("web.redirect6.no_answer_ipv6_follow", reason=reason),
            details,
            reason=reason,
        )
    redirects = sum(len(c.hops) - 1 for c in answered)
    return Verdict(
        Status.PASS,
        msg("web.redirect6.redirect_hop_followed_ipv6", redirects=redirects),
        details,
    )
