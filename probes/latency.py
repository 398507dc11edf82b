"""The comparison ``web.latency6`` judges with, shared with the probe that samples until it decides.

A stage lags only when three margins all hold: IPv6's median exceeds IPv4's by more than the
profile's ratio (the monitoring's 20%), by more than ``slack_ms`` (20% of a 10 ms page is
scheduling noise, not a slower network), and the difference survives the noise the samples
show. Load on the auditing machine or the network only ever adds delay, never removes it, so
the noise test compares floors: IPv6's fastest sample must still be slower than IPv4's fastest by
more than ``slack_ms`` and the ratio. A path or server penalty raises every IPv6 sample, floor
included; a busy moment that fell on IPv6 samples does not raise them all.

The auditor's own delay is taken out of the accusation: IPv6's fastest timing loses the time
the auditor's thread queued for a CPU while taking it (other work saturating the machine), so
a stall of the auditing machine cannot make IPv6's floor look slower. Only what can have fallen
on the answer is taken: the thread's run-queue wait over the exchange, but no more than the
event loop's worst lateness meanwhile allows (the thread also queues before the answer comes,
when it has other work; an answer waits at most as long as the loop is late). IPv4's floor
stays as measured (taking a delay off it could only make IPv6 look slower), and IPv6's loses it
only on its fastest timing, the one the floor stands on (the least of every timing less its
wait would sink with each sample that queued long before its answer). Saturation then makes
the floors test harder to pass, never easier; the probe makes up for it by sampling on while a
stage is inconclusive (up to ``max_samples`` pairs): with noise that only adds, floors converge
to the true values as samples grow, so a real penalty lifts IPv6's floor clearly and noise does
not. The medians are one-sided the other way: IPv4's timings lose the auditor's own delay (a
saturated moment that fell on IPv4's samples must not hide a penalty), IPv6's are kept as
measured (the wait counted during a stage includes waits before the answer came, and taking it
off IPv6's timings was seen to erase a real 150 ms penalty).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import median, quantiles
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from v6audit.probes.web_latency import Sample

STAGES = ("dns_ms", "connect_ms", "first_byte_ms", "page_ms")
DEFAULTS: Mapping[str, Any] = {
    "samples": 6,
    "max_samples": 20,
    "spacing": 0.1,
    "max_ratio": 0.2,
    "slack_ms": 25.0,
    "max_ms": 100.0,
    "min_samples": 3,
}
"""``samples``: interleaved pairs, one per family; ``max_samples``: the most pairs taken while the
comparison is inconclusive; ``spacing``: seconds between pairs."""


def values(samples: Sequence[Sample], family: int, stage: str) -> list[float]:
    """The measurements of one stage over the samples of ``family`` that reached it."""
    return [v for s in samples if s.family == family and (v := getattr(s, stage)) is not None]


def own_delay(sample: Sample, stage: str) -> float:
    """The auditor's own delay in ``sample``'s timing of ``stage``: its thread's wait for a CPU,
    no more than the event loop's lateness allows to have fallen on the answer (0 for a sample
    recorded without them)."""
    queued = sample.waited_ms.get(stage, 0.0)
    return min(queued, sample.stalled_ms.get(stage, queued))


def unqueued_floor(samples: Sequence[Sample], family: int, stage: str) -> float:
    """The fastest timing of ``stage`` over the samples of ``family`` (one at least reached it),
    less the auditor's own delay in it: what the network took at the least for that sample."""
    value, delay = min(
        (float(v), own_delay(s, stage))
        for s in samples
        if s.family == family and (v := getattr(s, stage)) is not None
    )
    return max(value - delay, 0.0)


def compared_values(samples: Sequence[Sample], family: int, stage: str) -> list[float]:
    """The timings of ``stage`` the comparison uses: IPv6's as measured, IPv4's each less the
    auditor's own delay in it.

    One-sided, like the floors: the run-queue wait counted during a stage includes waits while
    the answer was not there yet, so taking it off IPv6's timings can erase a real penalty (a
    150 ms one was seen to pass), while taking it off IPv4's can only make IPv4 look faster than
    it was, which the floors must still vouch for before anything is said about IPv6."""
    return [
        max(v - own_delay(s, stage), 0.0) if family == 4 else float(v)
        for s in samples
        if s.family == family and (v := getattr(s, stage)) is not None
    ]


def medians(samples: Sequence[Sample], family: int) -> dict[str, float]:
    """Median of each stage over the samples of ``family`` that measured it, as compared
    (:func:`compared_values`)."""
    found: dict[str, float] = {}
    for stage in STAGES:
        if measured := compared_values(samples, family, stage):
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
    """Medians of the timings as compared: IPv6's as measured, IPv4's less the auditor's own
    delay in each."""
    ratio: float
    floor6: float
    floor4: float
    """The fastest sample of each family: what load cannot lower."""
    least6: float
    """IPv6's fastest sample less the auditor's own delay in it: the floor the accusation
    uses."""
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
        m6, m4 = (median(compared_values(samples, f, stage)) for f in (6, 4))
        least6 = unqueued_floor(samples, 6, stage)
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
                least6=round(least6, 2),
                spread=max(spread(six), spread(four)),
                slower=slower,
                beyond_noise=slower and enough and _beyond(least6, min(four), params),
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
