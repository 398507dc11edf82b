"""``web.latency6``: IPv6 as fast as IPv4 at every stage, over repeated samples.

The margins and the noise test are :mod:`probes.latency`'s (the probe samples until they
decide). A difference that passes the medians' margins but not the floors is reported as
``info``, inconclusive, with the floors and the spread (interquartile range): the measurement
could not tell, so it accuses no one. The details show each floor, and whether the kernel
stamped every timing (``kernel_timed``; where it could not, the auditor's clock stood in and its
own load may be in the figures).
"""

from __future__ import annotations

from typing import Any

from v6audit.auditor.catalog import join, msg
from v6audit.auditor.checks.usable import no_usable_ipv6, not_compared
from v6audit.auditor.model import Status
from v6audit.auditor.registry import JudgeContext, Observations, Verdict, check
from v6audit.probes.dns_host import HostAddressesProbe
from v6audit.probes.latency import DEFAULTS, compare, medians
from v6audit.probes.model import TargetKind
from v6audit.probes.web_latency import WebLatencyProbe


@check(
    "web.latency6",
    kind=TargetKind.DOMAIN,
    probes=[WebLatencyProbe, HostAddressesProbe],
    defaults=DEFAULTS,
)
def judge_latency6(observations: Observations, context: JudgeContext) -> Verdict:
    host = observations.get(HostAddressesProbe)
    if (bogus := no_usable_ipv6(host)) is not None:
        return bogus
    if (alone := not_compared(host)) is not None:
        return alone
    latency = observations.get(WebLatencyProbe)
    six, four = medians(latency.samples, 6), medians(latency.samples, 4)
    counts = {
        f: sum(s.family == f and s.page_ms is not None for s in latency.samples) for f in (6, 4)
    }
    details: dict[str, Any] = {
        "url": latency.url,
        "addresses": latency.addresses,
        "samples": {"wanted": latency.wanted, "ipv6": counts[6], "ipv4": counts[4]},
        "spacing": latency.spacing,
        "medians": {"ipv6": six, "ipv4": four},
        "kernel_timed": all(s.stamped for s in latency.samples if s.page_ms is not None),
        "failures": [s.model_dump(exclude_none=True) for s in latency.samples if s.failure],
    }
    if "6" not in latency.addresses or "4" not in latency.addresses or not counts[4]:
        return Verdict(
            Status.NOT_APPLICABLE,
            msg("web.latency6.not_applicable_no_ipv4"),
            details,
        )
    if not counts[6]:
        return Verdict(
            Status.FAIL,
            msg("web.latency6.page_never_loaded_ipv6"),
            details,
        )
    compared = compare(latency.samples, context.params)
    details["ratios"] = {c.stage: c.ratio for c in compared}
    details["floors"] = {c.stage: {"ipv6": c.floor6, "ipv4": c.floor4} for c in compared}
    details["spread"] = {c.stage: c.spread for c in compared}
    details["lagging"] = {c.stage: c.ratio for c in compared if c.beyond_noise}
    summary = ", ".join(f"{c.stage.removesuffix('_ms')} {c.ipv6:g}/{c.ipv4:g} ms" for c in compared)
    slow = [c for c in compared if c.beyond_noise]
    if slow:
        listed = ", ".join(f"{c.stage.removesuffix('_ms')} +{c.ratio:.0%}" for c in slow)
        return Verdict(
            Status.WARN,
            msg(
                "web.latency6.ipv6_slower_than_ipv4",
                listed=listed,
                counts=counts[6],
                summary=summary,
            ),
            details,
        )
    unsure = [c for c in compared if c.slower]
    if unsure:
        stages = join(
            msg("web.latency6.stage_separator"),
            [
                msg(
                    "web.latency6.unsure_stage",
                    stage=c.stage.removesuffix("_ms"),
                    lag=c.ipv6 - c.ipv4,
                    floor6=c.floor6,
                    floor4=c.floor4,
                    spread=c.spread,
                )
                for c in unsure
            ],
        )
        return Verdict(
            Status.INFO,
            msg(
                "web.latency6.inconclusive_ipv6_looked_slower",
                stages=stages,
                counts=counts[6],
                summary=summary,
            ),
            details,
        )
    return Verdict(
        Status.PASS,
        msg("web.latency6.ipv6_keeps_pace_ipv4", counts=counts[6], summary=summary),
        details,
    )
