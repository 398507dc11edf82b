"""Run-wide aggregates, kept small and updated per target so reports stream.

Holding counters instead of results keeps memory flat however many targets a run has; the HTML
summary, the sector view and the "most frequent problems" list are all read from here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from v6audit.auditor.model import Status
from v6audit.auditor.profile import Profile
from v6audit.auditor.records import TargetReport
from v6audit.probes.model import Sector

PROBLEMS = (Status.FAIL.value, Status.WARN.value, Status.ERROR.value)
"""The statuses "most frequent problems" ranks checks by."""


@dataclass
class SectorTally:
    targets: int = 0
    benchmarks: int = 0


@dataclass
class RunSummary:
    profile: Profile
    targets: int = 0
    scored: int = 0
    total_sum: float = 0.0
    benchmarks: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    goal_sums: dict[str, float] = field(default_factory=dict)
    goal_counts: Counter[str] = field(default_factory=Counter)
    checks: dict[str, Counter[str]] = field(default_factory=dict)
    """Check ID to a count of targets per status."""
    sectors: dict[Sector | None, SectorTally] = field(default_factory=dict)

    def add(self, report: TargetReport) -> None:
        self.targets += 1
        score = report.score
        if score.total is not None:
            self.scored += 1
            self.total_sum += score.total
        self.benchmarks += score.benchmark
        for goal, value in score.goals.items():
            if value is not None:
                self.goal_sums[goal] = self.goal_sums.get(goal, 0.0) + value
                self.goal_counts[goal] += 1
        for result in report.results:
            self.statuses[result.status.value] += 1
            self.checks.setdefault(result.id, Counter())[result.status.value] += 1
        tally = self.sectors.setdefault(report.target.sector, SectorTally())
        tally.targets += 1
        tally.benchmarks += score.benchmark

    @property
    def mean_total(self) -> float | None:
        return round(self.total_sum / self.scored, 1) if self.scored else None

    def goal_mean(self, goal: str) -> float | None:
        count = self.goal_counts[goal]
        return round(self.goal_sums[goal] / count, 1) if count else None

    def worst(self, limit: int = 10) -> list[tuple[str, Counter[str]]]:
        """Checks with a problem, ranked by targets failing, then warning, then not measured."""
        problems = [
            (check, counts)
            for check, counts in self.checks.items()
            if any(counts[status] for status in PROBLEMS)
        ]
        ranked = sorted(
            problems,
            key=lambda item: (-item[1]["fail"], -item[1]["warn"], -item[1]["error"], item[0]),
        )
        return ranked[:limit]
