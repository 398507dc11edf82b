"""What a scan tells those who follow it: writers, the progress line, the history, summaries.

Base classes whose every method does nothing, so an observer overrides only what it needs. The
scan (:mod:`auditor.scan`) tells its observers in the order they were given, one at a time
(input is read in a thread of its own, but no two calls overlap).
"""

from __future__ import annotations

from collections.abc import Iterable

from v6audit.auditor.records import InputProblem, Run, TargetReport
from v6audit.probes.model import Target


class Observer:
    def started(self, run: Run) -> None:
        """The run is about to audit (its id and settings are set; the input is not read)."""

    def rejected(self, problem: InputProblem) -> None:
        """An input line that is not a target; the rest of the input is audited."""

    def restored(self, report: TargetReport) -> None:
        """A target a resumed run had finished before it was cut short, as it judged it then."""

    def reported(self, report: TargetReport) -> None:
        """A target audited in this run, as soon as it is finished."""

    def finished(self, run: Run) -> None:
        """The run ended, however it ended: ``run.end``, ``run.finished`` and ``bound_by`` set."""


class RunHistory(Observer):
    """An observer that stores the run: told before any other, and the source of its targets."""

    def begin(self, run: Run, targets: Iterable[Target]) -> Iterable[Target]:
        """The targets left to audit (called in the input thread); a history stores a new run
        with all of ``targets`` first. As given, here: nothing is stored."""
        return targets

    def restorable(self) -> Iterable[TargetReport]:
        """What a resumed run had finished, to restore before auditing; nothing here."""
        return ()
