"""The tables of the history store, as the code reads and writes them (the head schema).

The migrations under ``migrations/versions`` are the history of how a database got here; this
module is what the application queries. A test checks the two agree.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Dialect,
    Float,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out, whatever the database keeps (SQLite drops the zone)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData()

runs = Table(
    "runs",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("started", UtcDateTime(), nullable=False),
    Column("finished", UtcDateTime()),
    Column("end_state", String(16)),
    # complete | deadline | interrupted; NULL while running, or after the process was killed
    Column("profile", String(200), nullable=False),
    Column("profile_document", JSON, nullable=False),
    Column("tool_version", String(32), nullable=False),
    Column("lang", String(8), nullable=False),
    Column("settings", JSON, nullable=False),
    Column("target_set", String(64)),
    Index("ix_runs_profile_target_set", "profile", "target_set", "started"),
)

run_targets = Table(
    "run_targets",
    metadata,
    Column("run_id", String(64), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("raw", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("sector", String(16)),
    Column("state", String(8), nullable=False),  # pending | done
    ForeignKeyConstraint(["run_id"], ["runs.id"], ondelete="CASCADE"),
    Index("ix_run_targets_state", "run_id", "state", "position"),
    Index("ix_run_targets_raw", "raw", "run_id"),
)


def _target_key() -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["run_id", "position"],
        ["run_targets.run_id", "run_targets.position"],
        ondelete="CASCADE",
    )


observations = Table(
    "observations",
    metadata,
    Column("run_id", String(64), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("probe", String(64), primary_key=True),
    Column("failed", Boolean, nullable=False),
    Column("data", JSON, nullable=False),
    _target_key(),
)

check_results = Table(
    "check_results",
    metadata,
    Column("run_id", String(64), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("check_id", String(64), primary_key=True),
    Column("status", String(16), nullable=False),
    Column("reason", String(16)),
    Column("summary", Text, nullable=False),
    Column("details", JSON, nullable=False),
    Column("remedy", Text),
    _target_key(),
)

scores = Table(
    "scores",
    metadata,
    Column("run_id", String(64), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("total", Float),
    Column("grade", String(16), nullable=False),
    Column("benchmark", Boolean, nullable=False),
    _target_key(),
)

goal_scores = Table(
    "goal_scores",
    metadata,
    Column("run_id", String(64), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("goal", String(64), primary_key=True),
    Column("value", Float, nullable=False),  # only measured goals are stored
    _target_key(),
)
