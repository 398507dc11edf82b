"""``web.latency6``: IPv6 as fast as IPv4 at every stage, over repeated samples.

A stage lags only when three margins all hold: IPv6's median exceeds IPv4's by more than the
profile's ratio (the monitoring's 20%), by more than ``slack_ms`` (20% of a 10 ms page is
scheduling noise, not a slower network), and the difference survives the noise the samples
show. Load on the auditing machine or the network only ever adds delay, never removes it, so
the noise test compares floors: IPv6's fastest sample must still be slower than IPv4's fastest by
more than ``slack_ms`` and the ratio. A path or server penalty raises every IPv6 sample, floor
included; a busy moment that fell on IPv6 samples does not raise them all. A difference that
passes the first two margins but not the floors is reported as ``info``, inconclusive, with the
floors and the spread (interquartile range): the measurement could not tell, so it accuses
no one.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median, quantiles
from typing import Any

from auditor.catalog import join, msg
from auditor.checks.usable import no_usable_ipv6, not_compared
from auditor.model import Status, TargetKind
from auditor.registry import JudgeContext, Observations, Verdict, check
from probes.dns_host import HostAddressesProbe
from probes.web_latency import SAMPLES, SPACING, Sample, WebLatencyProbe

STAGES = ("dns_ms", "connect_ms", "first_byte_ms", "page_ms")


def values(samples: list[Sample], family: int, stage: str) -> list[float]:
    """The measurements of one stage over the samples of ``family`` that reached it."""
    return [v for s in samples if s.family == family and (v := getattr(s, stage)) is not None]


def medians(samples: list[Sample], family: int) -> dict[str, float]:
    """Median of each stage over the samples of ``family`` that measured it."""
    found: dict[str, float] = {}
    for stage in STAGES:
        if measured := values(samples, family, stage):
            found[stage] = round(median(measured), 2)
    return found


def spread(measured: list[float]) -> float:
    """Interquartile range: how far samples of one family stray, robust to a lone outlier."""
    if len(measured) < 2:
        return 0.0
    first, _, third = quantiles(measured, n=4, method="inclusive")
    return round(third - first, 2)


def excess(v6: float, v4: float) -> float:
    """(v6 / v4) - 1, the monitoring's degradation ratio; 0 when both are 0."""
    if v4 <= 0:
        return 0.0 if v6 <= 0 else float("inf")
    return v6 / v4 - 1


@dataclass(frozen=True, slots=True)
class StageComparison:
    stage: str
    ipv6: float
    ipv4: float
    ratio: float
    floor6: float
    floor4: float
    """The fastest sample of each family: what load cannot lower."""
    spread: float
    """The larger interquartile range of the two families (shown, not judged)."""
    slower: bool
    """IPv6's median is slower by more than both the ratio and the absolute slack."""
    beyond_noise: bool
    """... and so is its floor: a difference the samples can vouch for."""


def compare(samples: list[Sample], params: Any) -> list[StageComparison]:
    """Each stage both families measured, judged against the three margins."""
    compared: list[StageComparison] = []
    for stage in STAGES:
        six, four = values(samples, 6, stage), values(samples, 4, stage)
        if not six or not four:
            continue
        m6, m4 = median(six), median(four)
        ratio = excess(m6, m4)
        slower = _beyond(m6, m4, params)
        enough = min(len(six), len(four)) >= int(params["min_samples"])
        compared.append(
            StageComparison(
                stage=stage,
                ipv6=round(m6, 2),
                ipv4=round(m4, 2),
                ratio=round(ratio, 3),
                floor6=round(min(six), 2),
                floor4=round(min(four), 2),
                spread=max(spread(six), spread(four)),
                slower=slower,
                beyond_noise=slower and enough and _beyond(min(six), min(four), params),
            )
        )
    return compared


def _beyond(v6: float, v4: float, params: Any) -> bool:
    """IPv6 slower by more than the ratio and by more than the slack, or by more than
    ``max_ms`` whatever the ratio: a page that is slow for both families (a busy server, a
    loaded network) shrinks a real penalty's ratio, not its cost to the user."""
    difference = v6 - v4
    relative = excess(v6, v4) > params["max_ratio"] and difference > params["slack_ms"]
    return bool(relative or difference > params["max_ms"])


def lagging(samples: list[Sample], params: Any) -> dict[str, float]:
    """Stages where IPv6 is slower beyond every margin, with their ratio."""
    return {c.stage: c.ratio for c in compare(samples, params) if c.beyond_noise}


@check(
    "web.latency6",
    kind=TargetKind.DOMAIN,
    probes=[WebLatencyProbe, HostAddressesProbe],
    defaults={
        "samples": SAMPLES,
        "spacing": SPACING,
        "max_ratio": 0.2,
        "slack_ms": 25.0,
        "max_ms": 100.0,
        "min_samples": 3,
    },
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
