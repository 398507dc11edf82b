"""``web.links6`` (二级/三级内链) and ``web.resources6`` (天窗): beyond the home page, over IPv6."""

from __future__ import annotations

from typing import Any

from v6audit.auditor.catalog import msg
from v6audit.auditor.checks.usable import no_usable_ipv6
from v6audit.auditor.model import Status
from v6audit.auditor.registry import JudgeContext, Observations, Verdict, check
from v6audit.probes.dns_host import HostAddressesProbe
from v6audit.probes.model import Reason, TargetKind, reason_of
from v6audit.probes.web_crawl import (
    CRAWL_SECONDS,
    LINKS_PER_PAGE,
    PAGES_PER_SITE,
    RESOURCES_PER_PAGE,
    Crawl,
    Fetch,
    Problem,
    WebCrawlProbe,
)

ERROR_STATUS = 400
"""A final status from this on is no page: the link or resource does not load."""


def problem(fetch: Fetch) -> Problem | None:
    """What kept ``fetch`` from loading: the crawl's problem, else an error status."""
    if fetch.problem is None and fetch.status is not None and fetch.status >= ERROR_STATUS:
        return Problem.ERROR_STATUS
    return fetch.problem


def _message(fetch: Fetch) -> str | None:
    return (fetch.failure.message if fetch.failure else None) or fetch.note


def fetch_details(fetch: Fetch) -> dict[str, Any]:
    found = problem(fetch)
    why = found.value if found is not None else None
    if found is Problem.ERROR_STATUS and fetch.status is not None:
        why = f"status {fetch.status}"
    return {"url": fetch.url, "depth": fetch.depth, "why": why, "message": _message(fetch)}


def depth_share(links: list[Fetch], depth: int) -> tuple[int, int]:
    """(loaded, fetched) at ``depth``; skipped links were never fetched and do not count."""
    fetched = [f for f in links if f.depth == depth and f.problem is not Problem.SKIPPED]
    return sum(problem(f) is None for f in fetched), len(fetched)


def _not_read(crawl: Crawl) -> Verdict:
    home = crawl.home
    return Verdict(
        Status.ERROR,
        msg("web.links6.not_measured_home_page", value=_message(home) or problem(home)),
        {"home": fetch_details(home)},
        # no exchange failed: the server answered with an error status (or a 999) or redirected
        # without end, a fact about its HTTP, never a bug of the auditor (internal)
        reason=reason_of(home.failure) or Reason.PROTOCOL,
    )


def _common(crawl: Crawl) -> dict[str, Any]:
    return {
        "read_over": crawl.read_over,
        "bounds": crawl.bounds,
        "truncated": crawl.truncated,
    }


@check(
    "web.links6",
    kind=TargetKind.DOMAIN,
    probes=[WebCrawlProbe, HostAddressesProbe],
    defaults={
        "depth2_pass": 0.9,
        "depth3_pass": 0.8,
        "fail_below": 0.5,
        "links_per_page": LINKS_PER_PAGE,
        "pages_per_site": PAGES_PER_SITE,
        "seconds": CRAWL_SECONDS,
    },
)
def judge_links6(observations: Observations, context: JudgeContext) -> Verdict:
    host = observations.get(HostAddressesProbe)
    if (bogus := no_usable_ipv6(host)) is not None:
        return bogus
    crawl = observations.get(WebCrawlProbe)
    if crawl.read_over is None:
        return _not_read(crawl)
    details = _common(crawl)
    details["failing"] = [fetch_details(f) for f in crawl.links if problem(f) not in _OK]
    details["skipped"] = [fetch_details(f) for f in crawl.links if f.problem is Problem.SKIPPED]
    statuses: list[Status] = []
    parts: list[str] = []
    for depth in (2, 3):
        loaded, fetched = depth_share(crawl.links, depth)
        details[f"depth{depth}"] = {"loaded": loaded, "fetched": fetched}
        if not fetched:
            continue
        share = loaded / fetched
        details[f"depth{depth}"]["share"] = round(share, 3)
        parts.append(f"depth {depth}: {loaded}/{fetched} ({share:.0%})")
        if share >= context.params[f"depth{depth}_pass"]:
            statuses.append(Status.PASS)
        elif share >= context.params["fail_below"]:
            statuses.append(Status.WARN)
        else:
            statuses.append(Status.FAIL)
    if not statuses:
        return Verdict(
            Status.NOT_APPLICABLE,
            msg("web.links6.not_applicable_no_internal"),
            details,
        )
    status = Status.FAIL if Status.FAIL in statuses else max(statuses, key=_RANK.index)
    listed = "; ".join(parts)
    failing = ", ".join(f"{d['url']} ({d['why']})" for d in details["failing"][:5])
    more = f"; failing: {failing}" if failing else ""
    return Verdict(
        status,
        msg("web.links6.internal_links_ipv6", listed=listed, more=more),
        details,
    )


_OK = (None, Problem.SKIPPED)
_RANK = [Status.PASS, Status.WARN, Status.FAIL]


@check(
    "web.resources6",
    kind=TargetKind.DOMAIN,
    probes=[WebCrawlProbe, HostAddressesProbe],
    defaults={"resources_per_page": RESOURCES_PER_PAGE},
)
def judge_resources6(observations: Observations, context: JudgeContext) -> Verdict:
    host = observations.get(HostAddressesProbe)
    if (bogus := no_usable_ipv6(host)) is not None:
        return bogus
    crawl = observations.get(WebCrawlProbe)
    if crawl.read_over is None:
        return _not_read(crawl)
    fetched = [f for f in crawl.resources if f.problem is not Problem.SKIPPED]
    failing = [f for f in fetched if problem(f) is not None]
    ipv4_only = sorted({f.host for f in failing if f.problem is Problem.NO_AAAA})
    details = _common(crawl)
    details.update(
        {
            "fetched": len(fetched),
            "loaded": len(fetched) - len(failing),
            "ipv4_only_hosts": ipv4_only,
            "failing": [fetch_details(f) for f in failing],
            "skipped": [fetch_details(f) for f in crawl.resources if f not in fetched],
        }
    )
    if not fetched:
        return Verdict(
            Status.NOT_APPLICABLE,
            msg("web.resources6.not_applicable_home_page"),
            details,
        )
    if failing:
        hosts = ", ".join(ipv4_only) or "none"
        return Verdict(
            Status.FAIL,
            msg(
                "web.resources6.resources_do_not_load",
                n_failing=len(failing),
                n_fetched=len(fetched),
                hosts=hosts,
            ),
            details,
        )
    return Verdict(
        Status.PASS,
        msg("web.resources6.all_embedded_resources_load", n_fetched=len(fetched)),
        details,
    )
