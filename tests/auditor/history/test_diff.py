from __future__ import annotations

import pytest

from tests.auditor.store.samples import store_run
from v6audit.auditor.history.diff import Change, classify, run_changes
from v6audit.auditor.store.database import Database


@pytest.mark.parametrize(
    ("before", "after", "change"),
    [
        ("pass", "pass", None),
        ("fail", "pass", Change.IMPROVED),
        ("warn", "pass", Change.IMPROVED),
        ("pass", "warn", Change.REGRESSED),
        ("warn", "fail", Change.REGRESSED),
        ("pass", "error", Change.CHANGED),  # not measured is never a verdict
        ("error", "fail", Change.CHANGED),
        ("info", "not_applicable", Change.CHANGED),
        (None, "pass", Change.ADDED),
        ("fail", None, Change.REMOVED),
    ],
)
def test_classify(before: str | None, after: str | None, change: Change | None) -> None:
    assert classify(before, after) is change


def test_changes_per_target_and_check(database: Database) -> None:
    store_run(database, "a", {"same.example": True, "up.example": False,
                              "down.example": True, "gone.example": True}, day=0)  # fmt: skip
    store_run(database, "b", {"down.example": False, "up.example": True, "same.example": True,
                              "new.example": None}, day=1)  # fmt: skip
    found = {t.target: t for t in run_changes(database, "a", "b")}
    assert list(found) == ["same.example", "up.example", "down.example", "gone.example",
                           "new.example"]  # fmt: skip
    summary = {
        name: [(c.check_id, c.before, c.after, c.change) for c in t.checks]
        for name, t in found.items()
    }
    assert summary == {
        "same.example": [],
        "up.example": [("dns.aaaa", "fail", "pass", Change.IMPROVED)],
        "down.example": [("dns.aaaa", "pass", "fail", Change.REGRESSED)],
        "gone.example": [("dns.aaaa", "pass", None, Change.REMOVED)],
        "new.example": [("dns.aaaa", None, "error", Change.ADDED)],
    }
    assert (found["down.example"].score_before, found["down.example"].score_after) == (100, 0)
    assert (found["new.example"].score_before, found["new.example"].score_after) == (None, None)
