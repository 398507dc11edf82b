"""The records of a run that every layer passes around: the run itself, a target's report,
rejected input, how the run went.

They sit apart from the engine that makes them, so the writers, the history store and the
distributed wire read and write them without loading the engine, the probes or the network
clients (a JSON writer needs none of them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from v6audit.auditor.model import CheckResult, Score
from v6audit.probes.model import Target
from v6audit.probes.net.binding import Waits
from v6audit.probes.net.settings import ScanSettings, options_of, set_by, within

if TYPE_CHECKING:  # the profile brings the check registry, and with it every probe
    from v6audit.auditor.profile import Profile


@dataclass(slots=True)
class Run:
    """One run: what it was asked to do, enough to resume it or judge it again, and how it went.

    The same record is stored in the history as the run starts and ends, and closes every
    writer's report. ``--resume`` re-uses the stored one, so it refuses the options that set
    its fields (:func:`resume_fixes`).
    """

    id: str = field(metadata=set_by())
    started: datetime = field(metadata=set_by())
    profile: Profile = field(metadata=set_by("--profile"))
    lang: str = field(metadata=set_by("--lang"))
    settings: ScanSettings = field(metadata=within(ScanSettings))
    tool_version: str = field(metadata=set_by())
    finished: datetime | None = field(default=None, metadata=set_by())
    end: str | None = field(default=None, metadata=set_by())
    """A :class:`RunEnd` value; None while running, or when the process was killed."""
    bound_by: str | None = field(default=None, metadata=set_by())
    """Which limit bound the run and the option that moves it (see :mod:`probes.net.binding`)."""


def resume_fixes() -> frozenset[str]:
    """The options a resumed run takes from its stored record: giving one is an error."""
    return options_of(Run)


class RunEnd(StrEnum):
    COMPLETE = "complete"
    DEADLINE = "deadline"
    INTERRUPTED = "interrupted"
    FAILED = "failed"
    """The run stopped on an error (a worker lost, a batch a worker could not start)."""


class JsonText(str):
    """JSON text encoded already: the history store writes it to a JSON column as it is."""


@dataclass(frozen=True, slots=True)
class StoredOutcome:
    """A probe's outcome in the history store's encoding (see :func:`auditor.codec.encode_outcome`).

    It is encoded where the target was audited, once: a report then crosses processes, the
    broker and the writer thread as text, and nothing on the way decodes or encodes it again.
    """

    failed: bool
    data: JsonText


@dataclass(slots=True)
class TargetReport:
    target: Target
    results: list[CheckResult]
    score: Score
    outcomes: dict[str, StoredOutcome] = field(default_factory=dict)
    """Each probe's outcome as stored; empty in reports read back from the history."""
    waits: Waits = field(default_factory=Waits)
    """What the gate of the process that audited the target added up since that process's
    previous report (see :mod:`probes.net.binding`): summed over a run's reports, its waits.
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
