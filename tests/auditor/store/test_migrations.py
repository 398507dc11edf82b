"""A database written at the first schema keeps everything when migrated to head."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from tests.auditor.store.samples import PROFILE, SETTINGS
from v6audit.auditor.codec import profile_to_json, settings_to_json, target_set_key
from v6audit.auditor.store.database import Database, current_revision, database_url, migrate
from v6audit.auditor.store.queries import find_run, stored_targets
from v6audit.auditor.store.schema import metadata

STARTED = datetime(2025, 6, 1, 8, 0)


def _table(name: str, *columns: str) -> sa.TableClause:
    return sa.table(name, *(sa.column(c) for c in columns))


def _write_first_schema_data(database: Database) -> None:
    """Rows as version 1 of the schema held them (raw SQL: today's code writes the head)."""
    json = sa.JSON()
    runs = sa.table("runs", sa.column("id"), sa.column("started"), sa.column("finished"),
                    sa.column("end_state"), sa.column("profile"),
                    sa.column("profile_document", json), sa.column("tool_version"),
                    sa.column("lang"), sa.column("settings", json))  # fmt: skip
    targets = _table("run_targets", "run_id", "position", "raw", "kind", "sector", "state")
    results = sa.table(
        "check_results", *(sa.column(c) for c in ("run_id", "position", "check_id", "status",
        "reason", "summary", "remedy")), sa.column("details", json),
    )  # fmt: skip
    observations = sa.table(
        "observations",
        *(sa.column(c) for c in ("run_id", "position", "probe", "failed")),
        sa.column("data", json),
    )
    scores = _table("scores", "run_id", "position", "total", "grade", "benchmark")
    goals = _table("goal_scores", "run_id", "position", "goal", "value")
    with database.write() as connection:
        for run_id, end in (("old-1", "complete"), ("old-2", None)):
            connection.execute(runs.insert().values(
                id=run_id, started=STARTED, finished=STARTED if end else None, end_state=end,
                profile="default", profile_document=profile_to_json(PROFILE),
                tool_version="0.0.9", lang="zh", settings=settings_to_json(SETTINGS)))  # fmt: skip
            connection.execute(targets.insert(), [
                {"run_id": run_id, "position": 0, "raw": "www.old.example", "kind": "domain",
                 "sector": "gov", "state": "done"},
                {"run_id": run_id, "position": 1, "raw": "2001:db8::/64", "kind": "network",
                 "sector": None, "state": "pending"},
            ])  # fmt: skip
            key = {"run_id": run_id, "position": 0}
            connection.execute(results.insert().values(
                **key, check_id="dns.aaaa", status="pass", reason=None, summary="有 1 条 AAAA 记录",
                details={"aaaa": ["3ffe:501:10::80"]}, remedy=None))  # fmt: skip
            connection.execute(observations.insert().values(
                **key, probe="dns.host", failed=False,
                data={"host": "www.old.example", "a": None, "a_error": "timeout",
                      "aaaa": {"cname_chain": [], "canonical": "www.old.example",
                               "addresses": ["3ffe:501:10::80"]}}))  # fmt: skip
            connection.execute(
                scores.insert().values(**key, total=100.0, grade="A", benchmark=True)
            )
            connection.execute(goals.insert().values(**key, goal="single-stack", value=100.0))


def test_first_schema_with_data_migrates_to_head_without_loss(location: str) -> None:
    database = Database(database_url(location))
    notes: list[str] = []
    migrate(database, notes.append, to="1")
    assert current_revision(database) == "1"
    _write_first_schema_data(database)

    migrate(database, notes.append)

    assert current_revision(database) == "2"
    with database.read() as connection:
        counts = {
            table: connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar()
            for table in ("runs", "run_targets", "check_results", "observations", "scores",
                          "goal_scores")
        }  # fmt: skip
    assert counts == {"runs": 2, "run_targets": 4, "check_results": 2, "observations": 2,
                      "scores": 2, "goal_scores": 2}  # fmt: skip
    run = find_run(database, "old-1")
    assert run.header.lang == "zh"
    assert run.header.started == STARTED.replace(tzinfo=UTC)
    assert run.header.settings == SETTINGS
    assert run.header.profile == PROFILE
    assert (run.header.end, run.targets, run.done) == ("complete", 2, 1)
    assert run.target_set == target_set_key(
        [("network", "2001:db8::/64"), ("domain", "www.old.example")]
    )
    [stored] = stored_targets(database, run, outcomes=True)
    assert stored.target.raw == "www.old.example"
    assert stored.results[0].summary == "有 1 条 AAAA 记录"
    assert stored.outcomes["dns.host"].model_dump()["aaaa"]["addresses"] == ["3ffe:501:10::80"]
    if database.is_sqlite:
        [note] = notes
        backup = Path(note.split("backup: ")[1].rstrip(")"))
        assert backup.name.startswith("history.db.rev1-")
        assert backup.stat().st_size > 0
    database.close()


def test_head_schema_is_what_the_code_uses(database: Database) -> None:
    with database.read() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        assert compare_metadata(context, metadata) == []
