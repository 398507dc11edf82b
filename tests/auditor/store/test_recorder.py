from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select, text

from tests.auditor.store.samples import header, observed, report, store_run
from v6audit.auditor.model import CheckResult, Status
from v6audit.auditor.store import schema
from v6audit.auditor.store.database import Database, StoreError, open_database
from v6audit.auditor.store.queries import find_run, stored_targets
from v6audit.auditor.store.recorder import (
    RunRecorder,
    create_run,
    pending_targets,
    store_target,
    store_targets,
)
from v6audit.auditor.targets import parse_target


def _count(database: Database, table: schema.Table, run_id: str) -> int:
    with database.read() as connection:
        return connection.execute(
            select(func.count()).select_from(table).where(table.c.run_id == run_id)
        ).scalar_one()


def _stored_text(database: Database, table: str, column: str) -> str:
    with database.read() as connection:
        query = text(f"SELECT CAST({column} AS TEXT) FROM {table}")
        return str(connection.execute(query).scalar_one())


def test_targets_are_stored_pending_in_input_order(database: Database) -> None:
    names = ["b.example", "a.example", "2001:db8::/64"]
    create_run(database, header("r1"), [parse_target(n) for n in names])
    assert [t.raw for _, t in pending_targets(database, "r1")] == names
    run = find_run(database, "r1")
    assert (run.targets, run.done, run.header.end) == (3, 0, None)


def test_each_finished_target_is_stored_once_with_everything(database: Database) -> None:
    store_run(database, "r1", {"a.example": True, "b.example": False, "c.example": None})
    run = find_run(database, "r1")
    assert (run.targets, run.done, run.header.end) == (3, 3, "complete")
    stored = {s.target.raw: s for s in stored_targets(database, run, outcomes=True)}
    assert [r.status for r in stored["a.example"].results] == [Status.PASS]
    assert [r.status for r in stored["b.example"].results] == [Status.FAIL]
    assert stored["c.example"].results[0].reason == "timeout"
    assert stored["a.example"].outcomes == observed("a.example", True)
    for table in (schema.scores, schema.check_results, schema.observations):
        assert _count(database, table, "r1") == 3
    assert _count(database, schema.goal_scores, "r1") == 2  # the timeout left no goal measured
    with pytest.raises(StoreError, match="already stored"):
        store_target(database, "r1", 0, report("a.example", True))


def test_outcomes_are_stored_as_the_audit_encoded_them(database: Database) -> None:
    create_run(database, header("r1"), [parse_target("a.example")])
    audited = report("a.example", True)
    store_target(database, "r1", 0, audited)
    stored = _stored_text(database, "observations", "data")
    assert stored == audited.outcomes["dns.host"].data  # the text, not a string of it
    settings = _stored_text(database, "runs", "settings")
    assert '"resolvers": ["192.0.2.53"]' in settings  # other JSON columns are encoded here


def test_a_batch_stores_every_target_or_none(database: Database) -> None:
    names = ["a.example", "b.example", "c.example"]
    create_run(database, header("r1"), [parse_target(n) for n in names])
    store_target(database, "r1", 2, report("c.example", True))
    batch = [(0, report("a.example", True)), (1, report("b.example", False))]
    with pytest.raises(StoreError, match="already stored"):
        store_targets(database, "r1", [*batch, (2, report("c.example", True))])
    assert [t.raw for _, t in pending_targets(database, "r1")] == names[:2]
    store_targets(database, "r1", batch)
    assert find_run(database, "r1").done == 3
    for table in (schema.scores, schema.check_results, schema.observations):
        assert _count(database, table, "r1") == 3


def test_a_failing_target_transaction_leaves_nothing_behind(database: Database) -> None:
    create_run(database, header("r1"), [parse_target("a.example")])
    broken = report("a.example", True)
    unstorable = CheckResult(id="dns.aaaa", status=Status.PASS, summary="s",
                             details={"x": object()})  # fmt: skip
    broken.results.append(unstorable)
    with pytest.raises((StoreError, TypeError)):
        store_target(database, "r1", 0, broken)
    assert [t.raw for _, t in pending_targets(database, "r1")] == ["a.example"]
    for table in (schema.scores, schema.check_results, schema.observations):
        assert _count(database, table, "r1") == 0


def test_an_abandoned_run_keeps_its_unfinished_targets_pending(database: Database) -> None:
    create_run(database, header("r1"), [parse_target(f"h{i}.example") for i in range(5)])
    for position, target in list(pending_targets(database, "r1"))[:2]:
        store_target(database, "r1", position, report(target.raw, True))
    run = find_run(database, "r1")
    assert (run.done, run.header.end) == (2, None)
    assert [t.raw for _, t in pending_targets(database, "r1")] == [
        "h2.example", "h3.example", "h4.example"]  # fmt: skip


def test_writer_errors_surface_on_finish(database: Database) -> None:
    create_run(database, header("r1"), [parse_target("a.example")])
    recorder = RunRecorder(database, "r1")
    [target] = recorder.pending()
    store_target(database, "r1", 0, report("a.example", True))  # someone else stored it
    recorder.record(report(target, True))
    with pytest.raises(StoreError, match="already stored"):
        recorder.finish("complete", header("r1").started)


def test_two_scans_writing_at_once_both_succeed(location: str) -> None:
    errors: list[BaseException] = []

    def scan(run_id: str) -> None:
        database = open_database(location, print)
        try:
            store_run(database, run_id, {f"{run_id}-{i}.example": i % 2 == 0 for i in range(40)})
        except BaseException as exc:
            errors.append(exc)
        finally:
            database.close()

    threads = [threading.Thread(target=scan, args=(f"r{n}",)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    database = open_database(location, print)
    for n in range(3):
        run = find_run(database, f"r{n}")
        assert (run.done, run.header.end) == (40, "complete")
    database.close()


def test_one_bad_target_in_a_batch_costs_only_itself(database: Database) -> None:
    create_run(database, header("r1"), [parse_target(f"h{i}.example") for i in range(3)])
    recorder = RunRecorder(database, "r1")
    targets = list(recorder.pending())
    store_target(database, "r1", 1, report(targets[1].raw, True))  # someone else stored it
    for target in (targets[0], targets[2], targets[1]):  # the bad one last: record() raises
        recorder.record(report(target, True))  # errors it has seen; the writer may batch these
    with pytest.raises(StoreError, match="already stored"):
        recorder.finish("complete", header("r1").started)
    assert find_run(database, "r1").done == 3
    assert _count(database, schema.scores, "r1") == 3
