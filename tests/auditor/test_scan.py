"""The scan library, with a runner that judges hand-written observations (no network)."""

from __future__ import annotations

import pytest

from tests.auditor.store.samples import PROFILE, SETTINGS, report
from v6audit.auditor.engine import Sink, Source
from v6audit.auditor.feed import as_feed
from v6audit.auditor.history.session import ScanHistory
from v6audit.auditor.observer import Observer
from v6audit.auditor.profile import Profile
from v6audit.auditor.records import InputProblem, Run, RunEnd, RunStats, TargetReport
from v6audit.auditor.scan import ScanRequest, scan
from v6audit.auditor.store.database import Database
from v6audit.auditor.store.queries import find_run, stored_targets
from v6audit.auditor.targets import parse_target
from v6audit.probes.model import Target
from v6audit.probes.net.settings import ScanSettings


async def judged_here(
    _settings: ScanSettings, _profile: Profile, _lang: str, targets: Source, sink: Sink
) -> RunStats:
    """A runner: every target has AAAA, except those named ``down.*``."""
    stats = RunStats()
    async for target in as_feed(targets):
        done = report(target, aaaa=not target.raw.startswith("down."))
        stats.add(done)
        sink(done)
    return stats


class Log(Observer):
    def __init__(self, fail_on: str | None = None) -> None:
        self.events: list[str] = []
        self.fail_on = fail_on
        self.run: Run | None = None

    def started(self, run: Run) -> None:
        self.events.append("started")

    def rejected(self, problem: InputProblem) -> None:
        self.events.append(f"rejected {problem.text}")

    def restored(self, report: TargetReport) -> None:
        self.events.append(f"restored {report.target.raw}")

    def reported(self, report: TargetReport) -> None:
        if report.target.raw == self.fail_on:
            raise OSError(28, "No space left on device")
        self.events.append(f"reported {report.target.raw}")

    def finished(self, run: Run) -> None:
        self.events.append(f"finished {run.end}")
        self.run = run


def _request(database: Database | None, *names: str) -> ScanRequest:
    def targets() -> list[Target | InputProblem]:
        return [
            InputProblem("argv", name, "bad") if name.startswith("-") else parse_target(name)
            for name in names
        ]

    history = ScanHistory(database) if database is not None else None
    return ScanRequest(PROFILE, "en", SETTINGS, targets, history, runner=judged_here)


def test_observers_see_the_run_and_the_history_stores_it(database: Database) -> None:
    log = Log()
    outcome = scan(_request(database, "a.example", "-bad", "down.example"), [log])
    assert log.events == [
        "started", "rejected -bad", "reported a.example", "reported down.example",
        "finished complete",
    ]  # fmt: skip
    assert (outcome.stats.targets_done, outcome.rejected) == (2, 1)
    assert log.run is outcome.run
    stored = find_run(database, outcome.run.id)
    assert (stored.targets, stored.done, stored.header.end) == (2, 2, "complete")
    assert stored.header.settings == SETTINGS


def test_a_failing_observer_fails_the_run_after_everyone_was_told(database: Database) -> None:
    log = Log(fail_on="b.example")
    with pytest.raises(OSError, match="No space left"):
        scan(_request(database, "a.example", "b.example", "c.example"), [log])
    assert log.events[-1] == "finished failed"
    assert log.run is not None
    stored = find_run(database, log.run.id)
    assert stored.header.end == "failed"
    # the history is told first: the report the writer could not take is stored
    assert "b.example" in [t.target.raw for t in stored_targets(database, stored)]


def test_resuming_restores_what_was_done_and_audits_the_rest(database: Database) -> None:
    first = Log(fail_on="b.example")
    with pytest.raises(OSError, match="No space left"):
        scan(_request(database, "a.example", "b.example", "c.example"), [first])
    assert first.run is not None
    stored = find_run(database, first.run.id)
    done = {t.target.raw for t in stored_targets(database, stored)}
    log = Log()
    history = ScanHistory.resuming(database, stored)
    outcome = scan(ScanRequest.resuming(history, stored.header, judged_here), [log])
    assert outcome.run.id == first.run.id
    restored = {e.split()[1] for e in log.events if e.startswith("restored")}
    audited = {e.split()[1] for e in log.events if e.startswith("reported")}
    assert restored == done
    assert restored | audited == {"a.example", "b.example", "c.example"}
    assert log.events[-1] == "finished complete"
    assert find_run(database, outcome.run.id).done == 3


def test_without_a_history_nothing_is_stored() -> None:
    log = Log()
    outcome = scan(_request(None, "a.example"), [log])
    assert outcome.stats.end is RunEnd.COMPLETE
    assert log.events[-1] == "finished complete"
