"""What ``web.latency`` samples, its parameters, and the comparison ``web.latency6`` judges with:
shared by the probe, which samples until the comparison decides, and the check.

A stage lags only when three margins all hold: IPv6's median exceeds IPv4's by more than the
profile's ratio (the monitoring's 20%), by more than ``slack_ms`` (20% of a 10 ms page is
scheduling noise, not a slower network), and the difference survives the noise the samples
show. The timings are the kernel's (:mod:`probes.net.pageload`), so the auditor's own load is
not in them; what noise remains (a busy server, a loaded path) only ever adds delay, never
removes it, so the noise test compares floors: IPv6's fastest sample must still be slower than
IPv4's fastest by more than ``slack_ms`` and the ratio. A path or server penalty raises every
IPv6 sample, floor included; a busy moment that fell on IPv6 samples does not raise them all.
The probe samples on while a stage is inconclusive (up to ``max_samples`` pairs): with noise
that only adds, floors converge to the true values as samples grow, so a real penalty lifts
IPv6's floor clearly and noise does not.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import median, quantiles
from typing import Any

from pydantic import Field

from v6audit.probes.base import ProbeParams
from v6audit.probes.model import Failure, Observation, StoredFailure

STAGES = ("dns_ms", "connect_ms", "first_byte_ms", "page_ms")


class Sample(Observation):
    family: int
    dns_ms: float | None = None
    connect_ms: float | None = None
    first_byte_ms: float | None = None
    page_ms: float | None = None
    stamped: bool = False
    """The kernel stamped the page load's arrivals (else the auditor's clock stood in, as in runs
    stored before kernel timing, which decode with False)."""
    failure: Failure | None = None
    """Set when the sample failed somewhere; the stages before it are kept."""

    stored_failures = (StoredFailure("failure", "reason", "message"),)


class LatencyParams(ProbeParams):
    """How many pairs to take, and the margins that say when more would not change the verdict
    (the check's own parameters: the probe stops sampling once the check could decide).

    ``samples``: interleaved pairs, one per family; ``max_samples``: the most pairs taken while
    the comparison is inconclusive; ``spacing``: seconds between pairs; ``min_samples``: fewer
    per family never accuse."""

    samples: int = Field(default=6, ge=0)
    max_samples: int = Field(default=20, ge=0)
    spacing: float = Field(default=0.1, ge=0)
    max_ratio: float = Field(default=0.2, ge=0)
    slack_ms: float = Field(default=25.0, ge=0)
    max_ms: float = Field(default=100.0, ge=0)
    min_samples: int = Field(default=3, ge=0)


DEFAULTS: Mapping[str, Any] = LatencyParams().model_dump()
"""The parameters' defaults, as the check reads them."""


def values(samples: Sequence[Sample], family: int, stage: str) -> list[float]:
    """The measurements of one stage over the samples of ``family`` that reached it."""
    return [v for s in samples if s.family == family and (v := getattr(s, stage)) is not None]


def medians(samples: Sequence[Sample], family: int) -> dict[str, float]:
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
    """Medians."""
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

    @property
    def inconclusive(self) -> bool:
        """The medians say slower, the floors (or too few samples) cannot vouch for it."""
        return self.slower and not self.beyond_noise


def compare(samples: Sequence[Sample], params: Mapping[str, Any]) -> list[StageComparison]:
    """Each stage both families measured, judged against the three margins."""
    compared: list[StageComparison] = []
    for stage in STAGES:
        six, four = values(samples, 6, stage), values(samples, 4, stage)
        if not six or not four:
            continue
        m6, m4 = median(six), median(four)
        slower = _beyond(m6, m4, params)
        enough = min(len(six), len(four)) >= int(params["min_samples"])
        compared.append(
            StageComparison(
                stage=stage,
                ipv6=round(m6, 2),
                ipv4=round(m4, 2),
                ratio=round(excess(m6, m4), 3),
                floor6=round(min(six), 2),
                floor4=round(min(four), 2),
                spread=max(spread(six), spread(four)),
                slower=slower,
                beyond_noise=slower and enough and _beyond(min(six), min(four), params),
            )
        )
    return compared


def settled(samples: Sequence[Sample], params: Mapping[str, Any]) -> bool:
    """No stage inconclusive (one that lags on the medians lags on the floors too, or not at
    all), and a lag, if any, confirmed over twice the base pairs (or ``max_samples``): a busy
    spell that fell on IPv6's first samples fades as more come, a real penalty stays. The
    probe samples on until then."""
    compared = compare(samples, params)
    if any(c.inconclusive for c in compared):
        return False
    pairs = min(sum(s.family == f for s in samples) for f in (6, 4))
    confirmed = pairs >= min(2 * int(params["samples"]), int(params["max_samples"]))
    return confirmed or not any(c.beyond_noise for c in compared)


def _beyond(v6: float, v4: float, params: Mapping[str, Any]) -> bool:
    """IPv6 slower by more than the ratio and by more than the slack, or by more than
    ``max_ms`` whatever the ratio: a page that is slow for both families (a busy server, a
    loaded network) shrinks a real penalty's ratio, not its cost to the user."""
    difference = v6 - v4
    relative = excess(v6, v4) > params["max_ratio"] and difference > params["slack_ms"]
    return bool(relative or difference > params["max_ms"])


def lagging(samples: Sequence[Sample], params: Mapping[str, Any]) -> dict[str, float]:
    """Stages where IPv6 is slower beyond every margin, with their ratio."""
    return {c.stage: c.ratio for c in compare(samples, params) if c.beyond_noise}
