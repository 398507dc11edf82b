from __future__ import annotations

from tests.auditor.store.samples import PROFILE, report, store_run
from tests.profiles import one_goal_profile
from v6audit.auditor.history.replay import replayed, rescored
from v6audit.auditor.model import Status
from v6audit.auditor.store.database import Database
from v6audit.auditor.store.queries import find_run, stored_targets
from v6audit.probes.net.settings import Scope


def _stored(database: Database) -> None:
    store_run(database, "r1", {"a.example": True, "b.example": False, "c.example": None})


def test_replayed_reports_are_what_the_scan_reported(database: Database) -> None:
    _stored(database)
    run = find_run(database, "r1")
    again = list(replayed(stored_targets(database, run), run.header.profile))
    for stored, original in zip(again, (report("a.example", True), report("b.example", False),
                                        report("c.example", None)), strict=True):  # fmt: skip
        assert (stored.target.raw, stored.target.host) == (
            original.target.raw,
            original.target.host,
        )
        assert stored.results == original.results
        assert stored.score == original.score


def test_rescore_judges_stored_observations_under_another_profile(database: Database) -> None:
    _stored(database)
    run = find_run(database, "r1")
    stored = stored_targets(database, run, outcomes=True)
    lenient = one_goal_profile({"dns.aaaa": 1}, name="lenient", benchmark=0)
    reports = list(rescored(stored, lenient, Scope.INTERNET, "zh"))
    goals = [r.score.goals["single-stack"] for r in reports]
    assert goals == [100.0, 0.0, None]
    assert [r.score.benchmark for r in reports] == [True, True, False]
    assert reports[0].results[0].summary == "有 1 条 AAAA 记录"  # judged again, in Chinese
    same = list(rescored(stored_targets(database, run, outcomes=True), PROFILE,
                         Scope.INTERNET, "en"))  # fmt: skip
    assert [r.results for r in same] == [
        report(name, aaaa).results
        for name, aaaa in (("a.example", True), ("b.example", False), ("c.example", None))
    ]


def test_a_probe_the_run_did_not_record_is_not_measured(database: Database) -> None:
    _stored(database)
    run = find_run(database, "r1")
    bare = list(stored_targets(database, run))  # results only, no observations
    [first, *_] = rescored(bare, PROFILE, Scope.INTERNET, "en")
    result = first.results[0]
    assert (result.status, result.reason) == (Status.ERROR, "no_data")
    assert "not recorded in this run" in result.summary
