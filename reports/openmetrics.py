"""Runs and trends as OpenMetrics text, for Prometheus through node_exporter's textfile collector.

The output is the part of OpenMetrics that the Prometheus text format shares, so both parsers
read it: gauges only (a run's counts are a snapshot, not a counter that grows), no sample
timestamps (the textfile collector refuses them), ``# EOF`` last. Every label takes values from
a bounded set: the profile, the goals it defines, the check catalog, the six statuses, the key
sectors (plus ``none``), the four end states. There is deliberately no per-target label: a
target list has thousands of names and changes between runs, and every name would become a
series of its own in Prometheus; per-target results belong in the JSON report, the workbook and
the history. Written atomically (see :mod:`reports.files`), so a collector never reads half a
file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from v6audit.auditor.model import Status
from v6audit.auditor.profile import Profile
from v6audit.auditor.records import InputProblem, Run, RunEnd, TargetReport
from v6audit.auditor.store.queries import TrendPoint
from v6audit.probes.model import Sector
from v6audit.reports.files import atomic_output
from v6audit.reports.summary import RunSummary
from v6audit.reports.trend_writer import benchmark_share

NO_SECTOR = "none"
"""The ``sector`` label of targets without a sector tag."""


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


@dataclass
class Exposition:
    """Metric families in the order added, each a gauge with its samples."""

    lines: list[str] = field(default_factory=list)

    def gauge(
        self, name: str, help_text: str, samples: Iterable[tuple[Mapping[str, str], float | None]]
    ) -> None:
        """Add one family; samples without a value (nothing measured) are left out."""
        shown = [(labels, value) for labels, value in samples if value is not None]
        if not shown:
            return
        self.lines += [f"# HELP {name} {help_text}", f"# TYPE {name} gauge"]
        for labels, value in shown:
            text = ",".join(f'{key}="{_escape(label)}"' for key, label in labels.items())
            self.lines.append(f"{name}{{{text}}} {_number(value)}")

    def text(self) -> str:
        return "\n".join([*self.lines, "# EOF", ""])


def run_exposition(run: Run, summary: RunSummary, input_errors: int) -> str:
    """A scan (or a rescored run) as metrics, labelled by its profile."""
    base = {"profile": run.profile.name}
    out = Exposition()
    out.gauge(
        "v6audit_run_info",
        "The run's profile and the v6audit version (always 1).",
        [({**base, "version": run.tool_version}, 1)],
    )
    out.gauge(
        "v6audit_run_start_timestamp_seconds",
        "When the run started (Unix time).",
        [(base, run.started.timestamp())],
    )
    if run.finished is not None:
        out.gauge(
            "v6audit_run_end_timestamp_seconds",
            "When the run ended (Unix time).",
            [(base, run.finished.timestamp())],
        )
        out.gauge(
            "v6audit_run_duration_seconds",
            "How long the run took.",
            [(base, (run.finished - run.started).total_seconds())],
        )
    out.gauge(
        "v6audit_run_end_state",
        "How the run ended: 1 for its end state, 0 for the others.",
        [({**base, "state": end.value}, float(run.end == end.value)) for end in RunEnd],
    )
    out.gauge("v6audit_targets", "Targets audited in the run.", [(base, summary.targets)])
    out.gauge(
        "v6audit_targets_scored",
        "Targets measured well enough to have a score.",
        [(base, summary.scored)],
    )
    out.gauge("v6audit_input_errors", "Input lines rejected (not audited).", [(base, input_errors)])
    out.gauge(
        "v6audit_score", "Mean score (0-100) over the scored targets.", [(base, summary.mean_total)]
    )
    out.gauge(
        "v6audit_goal_score",
        "Mean score (0-100) per goal over the targets measured for it.",
        [({**base, "goal": goal}, summary.goal_mean(goal)) for goal in summary.profile.goals],
    )
    out.gauge(
        "v6audit_benchmark_targets",
        "Targets at or above the profile's benchmark score.",
        [(base, summary.benchmarks)],
    )
    out.gauge(
        "v6audit_check_results",
        "Targets per check and status.",
        [
            ({**base, "check": check, "status": status.value}, counts[status.value])
            for check, counts in sorted(summary.checks.items())
            for status in Status
        ],
    )
    sectors: Sequence[Sector | None] = [*Sector, None]
    tallies = summary.sectors
    out.gauge(
        "v6audit_sector_targets",
        "Targets per key sector (none: without a sector tag).",
        [
            ({**base, "sector": _sector(s)}, tallies[s].targets if s in tallies else 0)
            for s in sectors
        ],
    )
    out.gauge(
        "v6audit_sector_benchmark_targets",
        "Benchmark targets per key sector.",
        [
            ({**base, "sector": _sector(s)}, tallies[s].benchmarks if s in tallies else 0)
            for s in sectors
        ],
    )
    out.gauge(
        "v6audit_sector_benchmark_goal",
        "Benchmark targets the profile asks per sector.",
        [(base, summary.profile.sector_goal)],
    )
    return out.text()


def _sector(sector: Sector | None) -> str:
    return sector.value if sector is not None else NO_SECTOR


def trend_exposition(points: Sequence[TrendPoint], profile: str, sector: str | None) -> str:
    """The newest complete run of a trend's selection as metrics.

    A scrape is a present value, and the textfile collector takes no timestamps, so the trend's
    history stays in the history store (and Prometheus keeps its own from scrape to scrape);
    what is exported is where the selection stands now, and how many runs that rests on.
    """
    base = {"profile": profile, "sector": sector or "all"}
    out = Exposition()
    out.gauge(
        "v6audit_trend_runs",
        "Complete runs of the profile that audited the selection.",
        [(base, len(points))],
    )
    if points:
        last = points[-1]
        out.gauge(
            "v6audit_trend_run_start_timestamp_seconds",
            "When the newest complete run started (Unix time).",
            [(base, last.started.timestamp())],
        )
        out.gauge(
            "v6audit_trend_targets",
            "Targets of the selection in the newest run.",
            [(base, last.targets)],
        )
        out.gauge(
            "v6audit_trend_targets_scored", "Of those, targets with a score.", [(base, last.scored)]
        )
        out.gauge(
            "v6audit_trend_score",
            "Mean score (0-100) of the selection in the newest run.",
            [(base, last.mean_total)],
        )
        out.gauge(
            "v6audit_trend_goal_score",
            "Mean score (0-100) per goal in the newest run.",
            [({**base, "goal": goal}, value) for goal, value in last.goals.items()],
        )
        out.gauge(
            "v6audit_trend_benchmark_targets",
            "Benchmark targets in the newest run.",
            [(base, last.benchmarks)],
        )
        out.gauge(
            "v6audit_trend_benchmark_share",
            "Share (0-100) of the selection's targets at benchmark in the newest run.",
            [(base, benchmark_share(last))],
        )
    return out.text()


class OpenMetricsWriter:
    """The scan's writer for ``--format openmetrics``: counts as targets finish, text at close."""

    def __init__(self, output: Path | None, profile: Profile) -> None:
        self._output = output
        self._summary = RunSummary(profile)
        self._input_errors = 0

    def add(self, report: TargetReport) -> None:
        self._summary.add(report)

    def add_problem(self, problem: InputProblem) -> None:
        del problem  # counted only: input lines are not bounded label values
        self._input_errors += 1

    def close(self, run: Run) -> None:
        with atomic_output(self._output) as out:
            out.write(run_exposition(run, self._summary, self._input_errors))
