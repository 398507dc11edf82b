"""Writing a run as it happens: its targets first, then each target as it finishes.

The run and its whole target list are stored in one transaction before any probe runs, so a run
either exists with every target it must audit or not at all. Each finished target then goes to a
writer thread (the event loop never waits on the database) and is stored with its observations,
check results and scores in one transaction that also marks it done (with the targets that
finished within :data:`LINGER` of it). A kill at any moment loses at most the targets still
queued, and they are still pending: ``--resume`` audits them again.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, insert, select, update

from v6audit.auditor.codec import (
    TargetSetKey,
    profile_to_json,
    settings_to_json,
    target_from_row,
)
from v6audit.auditor.records import Run, TargetReport
from v6audit.auditor.store import schema
from v6audit.auditor.store.database import Database, StoreError
from v6audit.probes.model import Target

BATCH = 1000
"""Targets inserted per statement, and read per page."""
QUEUE = 256
"""Finished targets waiting for the writer thread; a full queue slows the engine down."""
WRITE_BATCH = 64
"""Finished targets stored per transaction at most."""
LINGER = 0.2
"""Seconds the writer waits for more finished targets before storing a batch: a run finishing
dozens of targets a second then pays one transaction for several of them, not one each,
while a slow run still stores each target within a fraction of a second."""


def create_run(database: Database, run: Run, targets: Iterable[Target]) -> None:
    """Store the run and its targets (pending, in input order) in one transaction."""
    key = TargetSetKey()
    with database.write() as connection:
        connection.execute(
            insert(schema.runs).values(
                id=run.id,
                started=run.started,
                profile=run.profile.name,
                profile_document=profile_to_json(run.profile),
                tool_version=run.tool_version,
                lang=run.lang,
                settings=settings_to_json(run.settings),
            )
        )
        batch: list[dict[str, Any]] = []
        for position, target in enumerate(targets):
            key.add(target.kind.value, target.raw)
            batch.append(
                {
                    "run_id": run.id,
                    "position": position,
                    "raw": target.raw,
                    "kind": target.kind.value,
                    "sector": target.sector.value if target.sector else None,
                    "state": "pending",
                }
            )
            if len(batch) == BATCH:
                connection.execute(insert(schema.run_targets), batch)
                batch = []
        if batch:
            connection.execute(insert(schema.run_targets), batch)
        connection.execute(
            update(schema.runs).where(schema.runs.c.id == run.id).values(target_set=key.hexdigest())
        )


def pending_targets(database: Database, run_id: str) -> Iterator[tuple[int, Target]]:
    """The run's targets not yet done, with their positions, in input order, a page at a time."""
    table = schema.run_targets
    last = -1
    while True:
        with database.read() as connection:
            rows = connection.execute(
                select(table.c.position, table.c.raw, table.c.kind, table.c.sector)
                .where(table.c.run_id == run_id, table.c.state == "pending")
                .where(table.c.position > last)
                .order_by(table.c.position)
                .limit(BATCH)
            ).all()
        if not rows:
            return
        for position, raw, kind, sector in rows:
            yield position, target_from_row(raw, kind, sector, f"run {run_id}#{position + 1}")
        last = rows[-1].position


class RunRecorder:
    """Stores the finished targets of one run from a writer thread."""

    def __init__(self, database: Database, run_id: str) -> None:
        self._database = database
        self._run_id = run_id
        self._positions: dict[Target, int] = {}
        self._queue: queue.Queue[tuple[int, TargetReport] | None] = queue.Queue(QUEUE)
        self._error: StoreError | None = None
        self._thread = threading.Thread(target=self._drain, name="v6audit-store", daemon=True)
        self._thread.start()

    def pending(self) -> Iterator[Target]:
        """The targets to audit, remembered (while in flight) so each finds its stored row."""
        for position, target in pending_targets(self._database, self._run_id):
            self._positions[target] = position
            yield target

    def record(self, report: TargetReport) -> None:
        if self._error is not None:
            raise self._error
        self._queue.put((self._positions.pop(report.target), report))

    def finish(self, end: str | None, finished: datetime) -> None:
        """Wait until queued targets are stored, then record how the run ended."""
        self._queue.put(None)
        self._thread.join()
        if self._error is not None:
            raise self._error
        with self._database.write() as connection:
            connection.execute(
                update(schema.runs)
                .where(schema.runs.c.id == self._run_id)
                .values(finished=finished, end_state=end)
            )

    def _drain(self) -> None:
        done = False
        while not done:
            batch: list[tuple[int, TargetReport]] = []
            item = self._queue.get()
            until = time.monotonic() + LINGER
            while item is not None:
                batch.append(item)
                if len(batch) == WRITE_BATCH:
                    break
                try:
                    item = self._queue.get(timeout=max(until - time.monotonic(), 0.0))
                except queue.Empty:
                    break
            done = item is None
            if self._error is None and batch:  # after an error, keep taking items: never block
                self._store(batch)

    def _store(self, batch: list[tuple[int, TargetReport]]) -> None:
        try:
            store_targets(self._database, self._run_id, batch)
            return
        except StoreError as exc:
            if len(batch) == 1:
                self._error = exc
                return
        for item in batch:  # one bad target must not cost the others their rows
            try:
                store_targets(self._database, self._run_id, [item])
            except StoreError as exc:
                self._error = self._error or exc


def store_target(database: Database, run_id: str, position: int, report: TargetReport) -> None:
    """One finished target: outcomes, results and scores, and its done mark, atomically."""
    store_targets(database, run_id, [(position, report)])


def store_targets(
    database: Database, run_id: str, items: Sequence[tuple[int, TargetReport]]
) -> None:
    """Finished targets in one transaction: all of them are stored, or none.

    The targets are marked done, and their rows inserted, in one statement per table:
    per-statement overhead, not SQLite, is what storing costs per target. A target stored
    already makes the whole batch fail, naming it.
    """
    rows: dict[Table, list[dict[str, Any]]] = {
        table: []
        for table in (
            schema.scores,
            schema.observations,
            schema.check_results,
            schema.goal_scores,
        )
    }
    with database.write() as connection:
        _mark_done(connection, run_id, [position for position, _ in items])
        for position, report in items:
            for table, found in _rows(run_id, position, report).items():
                rows[table] += found
        for table, found in rows.items():
            if found:
                connection.execute(insert(table), found)


def _mark_done(connection: Connection, run_id: str, positions: list[int]) -> None:
    """Mark pending targets done; raises, naming one, when some of them were not pending."""
    targets = schema.run_targets
    done = connection.execute(
        update(targets)
        .where(targets.c.run_id == run_id, targets.c.position.in_(positions))
        .where(targets.c.state == "pending")
        .values(state="done")
        .returning(targets.c.position)
    )
    stored = set(positions) - set(done.scalars())
    if stored:
        raise StoreError(f"run {run_id}: target {min(stored) + 1} was already stored")


def _rows(run_id: str, position: int, report: TargetReport) -> dict[Table, list[dict[str, Any]]]:
    """The rows of one finished target, per table."""
    key = {"run_id": run_id, "position": position}
    outcomes = [
        {**key, "probe": probe, "failed": outcome.failed, "data": outcome.data}
        for probe, outcome in report.outcomes.items()
    ]
    results = [
        {**key, "check_id": r.id, "status": r.status.value,
         "reason": r.reason.value if r.reason else None, "summary": r.summary,
         "details": r.details, "remedy": r.remedy}
        for r in report.results
    ]  # fmt: skip
    score = report.score
    goals = [{**key, "goal": g, "value": v} for g, v in score.goals.items() if v is not None]
    return {
        schema.scores: [
            {**key, "total": score.total, "grade": score.grade, "benchmark": score.benchmark}
        ],
        schema.observations: outcomes,
        schema.check_results: results,
        schema.goal_scores: goals,
    }
