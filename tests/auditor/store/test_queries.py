from __future__ import annotations

import pytest

from tests.auditor.store.samples import store_run
from v6audit.auditor.store.database import Database, StoreError
from v6audit.auditor.store.queries import find_run, list_runs, previous_complete_run, trend_points
from v6audit.probes.model import Sector

GOV = {"www.gov.example": Sector.GOV}


def test_runs_are_found_by_id_or_unique_prefix(database: Database) -> None:
    store_run(database, "20260101-aa", {"a.example": True})
    store_run(database, "20260101-ab", {"a.example": True})
    assert find_run(database, "20260101-ab").header.id == "20260101-ab"
    with pytest.raises(StoreError, match="more than one run"):
        find_run(database, "20260101-a")
    with pytest.raises(StoreError, match="no run"):
        find_run(database, "nope")
    with pytest.raises(StoreError, match="no run"):
        find_run(database, "20260101%")  # LIKE wildcards are taken literally


def test_runs_are_listed_newest_first_with_progress(database: Database) -> None:
    store_run(database, "old", {"a.example": True, "b.example": False}, day=0)
    store_run(database, "new", {"a.example": True}, day=1, finish=False)
    listing = list_runs(database, 10)
    assert [(r.id, r.end_state, r.done, r.targets, r.mean_total) for r in listing] == [
        ("new", None, 1, 1, 100.0),
        ("old", "complete", 2, 2, 50.0),
    ]
    assert [r.id for r in list_runs(database, 1)] == ["new"]


def test_previous_run_has_the_same_targets_and_profile(database: Database) -> None:
    store_run(database, "r1", {"a.example": True, "b.example": True}, day=0)
    store_run(database, "other", {"a.example": True}, day=1)
    store_run(database, "cut", {"b.example": True, "a.example": True}, day=2, finish=False)
    store_run(database, "r2", {"b.example": True, "a.example": False}, day=3)
    assert previous_complete_run(database, find_run(database, "r2")) == "r1"
    assert previous_complete_run(database, find_run(database, "r1")) is None


def test_trend_averages_the_selection_per_complete_run(database: Database) -> None:
    verdicts = {"www.gov.example": True, "a.example": False, "b.example": None}
    store_run(database, "r1", verdicts, day=0, sectors=GOV)
    store_run(database, "r2", {**verdicts, "a.example": True}, day=1, sectors=GOV)
    store_run(database, "cut", verdicts, day=2, finish=False, sectors=GOV)
    everything = trend_points(database, "samples")
    assert [(p.run_id, p.targets, p.scored, p.mean_total, p.benchmarks) for p in everything] == [
        ("r1", 3, 2, 50.0, 1),
        ("r2", 3, 2, 100.0, 2),
    ]
    assert everything[0].goals == {"single-stack": 50.0}
    named = trend_points(database, "samples", ["a.example"])
    assert [p.mean_total for p in named] == [0.0, 100.0]
    sector = trend_points(database, "samples", sector="gov")
    assert [(p.targets, p.mean_total) for p in sector] == [(1, 100.0), (1, 100.0)]
    assert trend_points(database, "strict") == []
