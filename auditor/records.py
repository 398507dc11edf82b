"""The records of a run that every layer passes around: a target's report, rejected input, how
the run went.

They sit apart from the engine that makes them, so the writers, the history store and the
distributed wire read and write them without loading the engine, the probes or the network
clients (a JSON writer needs none of them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from auditor.binding import Waits
from auditor.model import CheckResult, Observation, ProbeFailure, Score, Target


class RunEnd(StrEnum):
    COMPLETE = "complete"
    DEADLINE = "deadline"
    INTERRUPTED = "interrupted"
    FAILED = "failed"
    """The run stopped on an error (a worker lost, a batch a worker could not start)."""


@dataclass(slots=True)
class TargetReport:
    target: Target
    results: list[CheckResult]
    score: Score
    observations: dict[str, Observation | ProbeFailure]
    waits: Waits = field(default_factory=Waits)
    """What the gate of the process that audited the target added up since that process's
    previous report (see :mod:`auditor.binding`): summed over a run's reports, its waits.
    Zero for reports not audited in this run (resumed, rescored, from distributed workers)."""


@dataclass(slots=True)
class RunStats:
    targets_done: int = 0
    end: RunEnd = RunEnd.COMPLETE
    statuses: dict[str, int] = field(default_factory=dict)

    def add(self, report: TargetReport) -> None:
        self.targets_done += 1
        for result in report.results:
            self.statuses[result.status] = self.statuses.get(result.status, 0) + 1


@dataclass(frozen=True, slots=True)
class InputProblem:
    """A rejected input line, kept so the run can report it beside the results."""

    source: str
    text: str
    error: str
