"""Reading history back: runs, their stored targets, pairs of runs to compare, and trends.

Whatever can be long (targets of a run, check results) is read a page at a time or streamed, so
reading a 100k-target run costs as little memory as writing it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, FromClause, Select, and_, case, func, literal, select

from v6audit.auditor.codec import (
    observation_types,
    outcome_from_json,
    profile_from_json,
    settings_from_json,
    target_from_row,
)
from v6audit.auditor.model import CheckResult, Status
from v6audit.auditor.records import Run
from v6audit.auditor.store import schema
from v6audit.auditor.store.database import Database, StoreError
from v6audit.auditor.store.recorder import BATCH
from v6audit.probes.model import Observation, ProbeFailure, Reason, Target
from v6audit.probes.net.errors import InputError

runs, targets, results, observations = (
    schema.runs,
    schema.run_targets,
    schema.check_results,
    schema.observations,
)


@dataclass(frozen=True, slots=True)
class StoredRun:
    header: Run
    """The run as stored: how it ended (``end``) is None while it runs or after a kill."""
    target_set: str | None
    targets: int
    done: int


def find_run(database: Database, reference: str) -> StoredRun:
    """The run with id ``reference``, or the only one whose id starts with it."""
    with database.read() as connection:
        rows = connection.execute(
            select(runs).where(runs.c.id.startswith(reference, autoescape=True)).limit(2)
        ).all()
        exact = [row for row in rows if row.id == reference]
        if exact:
            rows = exact
        if len(rows) != 1:
            problem = "no run" if not rows else "more than one run"
            raise StoreError(f"{problem} matches {reference!r} in {database.label}")
        row = rows[0]
        counts = connection.execute(
            select(func.count(), func.count().filter(targets.c.state == "done")).where(
                targets.c.run_id == row.id
            )
        ).one()
    try:
        profile = profile_from_json(row.profile_document, row.id)
    except InputError as exc:
        raise StoreError(str(exc)) from None
    header = Run(
        id=row.id,
        started=row.started,
        profile=profile,
        lang=row.lang,
        settings=settings_from_json(row.settings),
        tool_version=row.tool_version,
        finished=row.finished,
        end=row.end_state,
    )
    return StoredRun(header, row.target_set, counts[0], counts[1])


@dataclass(frozen=True, slots=True)
class RunListing:
    id: str
    started: datetime
    finished: datetime | None
    end_state: str | None
    profile: str
    tool_version: str
    targets: int
    done: int
    mean_total: float | None


def list_runs(database: Database, limit: int) -> list[RunListing]:
    """The latest ``limit`` runs, newest first, with progress and mean score."""
    progress = (
        select(
            targets.c.run_id,
            func.count().label("targets"),
            func.count().filter(targets.c.state == "done").label("done"),
        )
        .group_by(targets.c.run_id)
        .subquery()
    )
    means = (
        select(schema.scores.c.run_id, func.avg(schema.scores.c.total).label("mean"))
        .group_by(schema.scores.c.run_id)
        .subquery()
    )
    query = (
        select(runs, progress.c.targets, progress.c.done, means.c.mean)
        .outerjoin(progress, progress.c.run_id == runs.c.id)
        .outerjoin(means, means.c.run_id == runs.c.id)
        .order_by(runs.c.started.desc(), runs.c.id.desc())
        .limit(limit)
    )
    with database.read() as connection:
        return [
            RunListing(
                id=row.id,
                started=row.started,
                finished=row.finished,
                end_state=row.end_state,
                profile=row.profile,
                tool_version=row.tool_version,
                targets=row.targets or 0,
                done=row.done or 0,
                mean_total=None if row.mean is None else round(row.mean, 1),
            )
            for row in connection.execute(query)
        ]


@dataclass(slots=True)
class StoredTarget:
    """A finished target as stored: its check results and, when asked for, probe outcomes."""

    target: Target
    results: list[CheckResult] = field(default_factory=list)
    outcomes: dict[str, Observation | ProbeFailure] = field(default_factory=dict)


def stored_targets(
    database: Database, run: StoredRun, *, outcomes: bool = False
) -> Iterator[StoredTarget]:
    """The run's finished targets in input order, with results in profile order."""
    order = {check_id: index for index, check_id in enumerate(run.header.profile.check_ids())}
    types = observation_types()
    last = -1
    while True:
        with database.read() as connection:
            page = connection.execute(
                select(targets.c.position, targets.c.raw, targets.c.kind, targets.c.sector)
                .where(targets.c.run_id == run.header.id, targets.c.state == "done")
                .where(targets.c.position > last)
                .order_by(targets.c.position)
                .limit(BATCH)
            ).all()
            if not page:
                return
            span = (page[0].position, page[-1].position)
            found = {
                row.position: StoredTarget(
                    target_from_row(row.raw, row.kind, row.sector, f"run {run.header.id}")
                )
                for row in page
            }
            for row in connection.execute(_in_span(results, run.header.id, span)):
                found[row.position].results.append(
                    CheckResult(
                        id=row.check_id,
                        status=Status(row.status),
                        summary=row.summary,
                        details=row.details,
                        remedy=row.remedy,
                        reason=Reason(row.reason) if row.reason else None,
                    )
                )
            if outcomes:
                for row in connection.execute(_in_span(observations, run.header.id, span)):
                    outcome = outcome_from_json(row.probe, row.failed, row.data, types)
                    if outcome is not None:
                        found[row.position].outcomes[row.probe] = outcome
        for stored in found.values():
            stored.results.sort(key=lambda result: order.get(result.id, len(order)))
            yield stored
        last = span[1]


def _in_span(table: FromClause, run_id: str, span: tuple[int, int]) -> Select[Any]:
    return select(table).where(table.c.run_id == run_id, table.c.position.between(span[0], span[1]))


def previous_complete_run(database: Database, run: StoredRun) -> str | None:
    """The latest complete run before ``run`` with the same profile and the same targets."""
    with database.read() as connection:
        found: str | None = connection.execute(
            select(runs.c.id)
            .where(runs.c.profile == run.header.profile.name)
            .where(runs.c.target_set == run.target_set, runs.c.end_state == "complete")
            .where(runs.c.id != run.header.id, runs.c.started <= run.header.started)
            .order_by(runs.c.started.desc())
            .limit(1)
        ).scalar()
    return found


@dataclass(frozen=True, slots=True)
class ComparedCheck:
    """One check of one target in two runs; None where a run has no such result."""

    target: str
    check_id: str
    before: str | None
    after: str | None
    score_before: float | None
    score_after: float | None


def compared_checks(
    database: Database, before: str, after: str, *, only_after: bool = False
) -> Iterator[ComparedCheck]:
    """Check results of ``before`` beside their counterparts in ``after``, by target name.

    Rows come in ``before``'s input order. With ``only_after``: the results only ``after`` has
    (new targets, or checks a changed profile added), which are usually few.
    """
    first, second = (after, before) if only_after else (before, after)
    query = _pairs(first, second, only_first=only_after).execution_options(yield_per=BATCH)
    with database.read() as connection:
        for row in connection.execute(query):
            mine, theirs = (row.status, row.total), (row.other_status, row.other_total)
            (status_a, total_a), (status_b, total_b) = (
                (theirs, mine) if only_after else (mine, theirs)
            )
            yield ComparedCheck(row.raw, row.check_id, status_a, status_b, total_a, total_b)


def _pairs(first: str, second: str, *, only_first: bool) -> Select[Any]:
    a_t, a_c, a_s = targets.alias("a_t"), results.alias("a_c"), schema.scores.alias("a_s")
    b_t, b_c, b_s = targets.alias("b_t"), results.alias("b_c"), schema.scores.alias("b_s")

    def same_target(table: FromClause, other: FromClause) -> ColumnElement[bool]:
        return and_(table.c.run_id == other.c.run_id, table.c.position == other.c.position)

    query = (
        select(
            a_t.c.raw,
            a_c.c.check_id,
            a_c.c.status,
            a_s.c.total,
            b_c.c.status.label("other_status"),
            b_s.c.total.label("other_total"),
        )
        .select_from(
            a_t.join(a_c, same_target(a_c, a_t))
            .join(a_s, same_target(a_s, a_t))
            .outerjoin(
                b_t, and_(b_t.c.raw == a_t.c.raw, b_t.c.run_id == second, b_t.c.state == "done")
            )
            .outerjoin(b_c, and_(same_target(b_c, b_t), b_c.c.check_id == a_c.c.check_id))
            .outerjoin(b_s, same_target(b_s, b_t))
        )
        .where(a_t.c.run_id == first, a_t.c.state == "done")
        .order_by(a_t.c.position, a_c.c.check_id)
    )
    return query.where(b_c.c.check_id.is_(None)) if only_first else query


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """One complete run seen through a selection of its targets."""

    run_id: str
    started: datetime
    targets: int
    scored: int
    mean_total: float | None
    benchmarks: int
    goals: dict[str, float]
    """Goal to mean score over the selected targets where the goal was measured."""


def trend_points(
    database: Database, profile: str, names: Sequence[str] = (), sector: str | None = None
) -> list[TrendPoint]:
    """Complete runs of ``profile`` in time order, over the named targets or a sector (or all)."""
    scores, goal_scores = schema.scores, schema.goal_scores
    chosen = [runs.c.profile == profile, runs.c.end_state == "complete"]
    if names:
        chosen.append(targets.c.raw.in_(names))
    if sector:
        chosen.append(targets.c.sector == sector)
    base = runs.join(targets, targets.c.run_id == runs.c.id)
    totals = (
        select(
            runs.c.id,
            runs.c.started,
            func.count(scores.c.position).label("targets"),
            func.count(scores.c.total).label("scored"),
            func.avg(scores.c.total).label("mean"),
            func.sum(case((scores.c.benchmark, literal(1)), else_=literal(0))).label("benchmarks"),
        )
        .select_from(
            base.join(
                scores,
                and_(scores.c.run_id == targets.c.run_id, scores.c.position == targets.c.position),
            )
        )
        .where(*chosen)
        .group_by(runs.c.id, runs.c.started)
        .order_by(runs.c.started, runs.c.id)
    )
    goals = (
        select(runs.c.id, goal_scores.c.goal, func.avg(goal_scores.c.value))
        .select_from(
            base.join(
                goal_scores,
                and_(
                    goal_scores.c.run_id == targets.c.run_id,
                    goal_scores.c.position == targets.c.position,
                ),
            )
        )
        .where(*chosen)
        .group_by(runs.c.id, goal_scores.c.goal)
    )
    with database.read() as connection:
        by_run: dict[str, dict[str, float]] = defaultdict(dict)
        for run_id, goal, mean in connection.execute(goals):
            by_run[run_id][goal] = round(mean, 1)
        return [
            TrendPoint(
                run_id=row.id,
                started=row.started,
                targets=row.targets,
                scored=row.scored,
                mean_total=None if row.mean is None else round(row.mean, 1),
                benchmarks=row.benchmarks or 0,
                goals=by_run.get(row.id, {}),
            )
            for row in connection.execute(totals)
            if row.targets
        ]
