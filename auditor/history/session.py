"""The history side of one scan: the run stored as it goes, and judged against earlier runs.

The scan library (:mod:`auditor.scan`) drives it as the request's history: it stores a new run
with all its targets before any is audited (:meth:`ScanHistory.begin`), hands a resumed run's
finished targets back, and, as the first observer told, stores each report before a writer can
fail on it. Errors are the store's (:class:`~auditor.store.database.StoreError`), for the caller
to word.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from v6audit.auditor.history.diff import Change, run_changes
from v6audit.auditor.history.replay import replayed
from v6audit.auditor.observer import RunHistory
from v6audit.auditor.records import Run, TargetReport
from v6audit.auditor.store.database import Database, StoreError
from v6audit.auditor.store.queries import StoredRun, find_run, previous_complete_run, stored_targets
from v6audit.auditor.store.recorder import RunRecorder, create_run
from v6audit.probes.model import Target


class ScanHistory(RunHistory):
    """Stores one scan's run as it goes; compares it with the previous comparable run.

    ``run`` is the stored run: given when resuming, stored by :meth:`begin` otherwise.
    """

    def __init__(self, database: Database, run: StoredRun | None = None) -> None:
        self.database = database
        self.run = run
        self._recorder: RunRecorder | None = None

    @classmethod
    def resuming(cls, database: Database, run: StoredRun) -> ScanHistory:
        if run.done == run.targets:
            raise StoreError(f"run {run.header.id} has no target left to audit")
        return cls(database, run)

    def begin(self, run: Run, targets: Iterable[Target]) -> Iterator[Target]:
        """The targets left to audit; a new run is first stored with all ``targets`` (read to
        the end), so it exists with every target it must audit or not at all."""
        if self.run is None:
            create_run(self.database, run, targets)
            self.run = find_run(self.database, run.id)
        self._recorder = RunRecorder(self.database, self.run.header.id)
        return self._recorder.pending()

    def restorable(self) -> Iterator[TargetReport]:
        """The targets a resumed run finished before it was cut short, as it judged them."""
        if self.run is None:
            return iter(())
        return replayed(stored_targets(self.database, self.run), self.run.header.profile)

    def reported(self, report: TargetReport) -> None:
        assert self._recorder is not None  # reports are of the targets begin() gave
        self._recorder.record(report)

    def finished(self, run: Run) -> None:
        """Wait until every report is stored, then store how the run ended (nothing to do when
        the run never began: it was not stored)."""
        if self._recorder is not None:
            assert run.finished is not None
            self._recorder.finish(run.end, run.finished)

    def regressions(self) -> tuple[str | None, list[str]]:
        """The previous comparable run, and what regressed since (a line per check)."""
        if self.run is None:
            return None, []
        previous = previous_complete_run(self.database, self.run)
        if previous is None:
            return None, []
        return previous, [
            f"{target.target} {check.check_id} {check.before} -> {check.after}"
            for target in run_changes(self.database, previous, self.run.header.id)
            for check in target.checks
            if check.change is Change.REGRESSED
        ]
