"""The history side of one scan: the run stored as it goes, and judged against earlier runs.

An observer of the scan (:mod:`auditor.scan`): told of each report first, so a writer that
fails afterwards loses nothing stored, and told last how the run ended. Errors are the store's
(:class:`~auditor.store.database.StoreError`), for the caller to word.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from auditor.history.diff import Change, run_changes
from auditor.history.replay import replayed
from auditor.model import Target
from auditor.observer import Observer
from auditor.records import Run, TargetReport
from auditor.store.database import Database, StoreError
from auditor.store.queries import StoredRun, find_run, previous_complete_run, stored_targets
from auditor.store.recorder import RunRecorder, create_run


class ScanHistory(Observer):
    """Stores one scan's run as it goes; compares it with the previous comparable run."""

    def __init__(self, database: Database, run: StoredRun, recorder: RunRecorder) -> None:
        self.database = database
        self.run = run
        self._recorder = recorder

    @classmethod
    def start(cls, database: Database, run: Run, targets: Iterable[Target]) -> ScanHistory:
        """Store ``run`` with all its ``targets`` (read to the end) before any is audited."""
        create_run(database, run, targets)
        return cls(database, find_run(database, run.id), RunRecorder(database, run.id))

    @classmethod
    def resume(cls, database: Database, run: StoredRun) -> ScanHistory:
        if run.done == run.targets:
            raise StoreError(f"run {run.header.id} has no target left to audit")
        return cls(database, run, RunRecorder(database, run.header.id))

    def restorable(self) -> Iterator[TargetReport]:
        """The targets the run finished before it was cut short, as it judged them."""
        return replayed(stored_targets(self.database, self.run), self.run.header.profile)

    def pending(self) -> Iterator[Target]:
        return self._recorder.pending()

    def reported(self, report: TargetReport) -> None:
        self._recorder.record(report)

    def finished(self, run: Run) -> None:
        """Wait until every report is stored, then store how the run ended."""
        assert run.finished is not None
        self._recorder.finish(run.end, run.finished)

    def regressions(self) -> tuple[str | None, list[str]]:
        """The previous comparable run, and what regressed since (a line per check)."""
        previous = previous_complete_run(self.database, self.run)
        if previous is None:
            return None, []
        return previous, [
            f"{target.target} {check.check_id} {check.before} -> {check.after}"
            for target in run_changes(self.database, previous, self.run.header.id)
            for check in target.checks
            if check.change is Change.REGRESSED
        ]
