"""What changed between two runs, per target and check.

A check improved or regressed when both runs rated it (pass > warn > fail); a move to or from an
unrated status (info, not applicable, not measured) is only ``changed``, because "could not
measure" is never a verdict. Regressions are what ``--fail-on-regression`` fails on.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import groupby
from operator import attrgetter

from v6audit.auditor.model import Status
from v6audit.auditor.store.database import Database
from v6audit.auditor.store.queries import ComparedCheck, compared_checks

RANK = {Status.PASS.value: 2, Status.WARN.value: 1, Status.FAIL.value: 0}


class Change(StrEnum):
    IMPROVED = "improved"
    REGRESSED = "regressed"
    CHANGED = "changed"
    ADDED = "added"
    REMOVED = "removed"


def classify(before: str | None, after: str | None) -> Change | None:
    """How one check moved between two runs; None when it did not."""
    if before == after:
        return None
    if before is None:
        return Change.ADDED
    if after is None:
        return Change.REMOVED
    if before in RANK and after in RANK:
        return Change.IMPROVED if RANK[after] > RANK[before] else Change.REGRESSED
    return Change.CHANGED


@dataclass(frozen=True, slots=True)
class CheckChange:
    check_id: str
    before: str | None
    after: str | None
    change: Change


@dataclass(frozen=True, slots=True)
class TargetChanges:
    target: str
    score_before: float | None
    score_after: float | None
    checks: list[CheckChange]


@dataclass(slots=True)
class DiffTally:
    """Counts over the whole comparison, filled in as the changes stream by."""

    targets: int = 0
    changed_targets: int = 0
    checks: Counter[Change] = field(default_factory=Counter)

    def add(self, changes: TargetChanges) -> None:
        self.targets += 1
        self.changed_targets += bool(changes.checks)
        self.checks.update(change.change for change in changes.checks)


def target_changes(target: str, rows: Iterable[ComparedCheck]) -> TargetChanges:
    rows = list(rows)
    changes = [
        CheckChange(row.check_id, row.before, row.after, change)
        for row in rows
        if (change := classify(row.before, row.after)) is not None
    ]
    before = next((r.score_before for r in rows if r.score_before is not None), None)
    after = next((r.score_after for r in rows if r.score_after is not None), None)
    return TargetChanges(target, before, after, changes)


def run_changes(database: Database, before: str, after: str) -> Iterator[TargetChanges]:
    """Every target of either run with its check changes, in ``before``'s input order."""
    extra: dict[str, list[ComparedCheck]] = defaultdict(list)
    for row in compared_checks(database, before, after, only_after=True):
        extra[row.target].append(row)
    for target, rows in groupby(compared_checks(database, before, after), key=attrgetter("target")):
        yield target_changes(target, [*rows, *extra.pop(target, [])])
    for target, only_after in extra.items():
        yield target_changes(target, only_after)
