"""The first history schema: runs, their targets, observations, check results and scores.

Revision ID: 1
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "1"
down_revision = None
branch_labels = None
depends_on = None

RUN_ID = sa.String(64)


def _target_key() -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["run_id", "position"],
        ["run_targets.run_id", "run_targets.position"],
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", RUN_ID, primary_key=True),
        sa.Column("started", sa.DateTime(), nullable=False),
        sa.Column("finished", sa.DateTime()),
        sa.Column("end_state", sa.String(16)),
        sa.Column("profile", sa.String(200), nullable=False),
        sa.Column("profile_document", sa.JSON(), nullable=False),
        sa.Column("tool_version", sa.String(32), nullable=False),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
    )
    op.create_table(
        "run_targets",
        sa.Column("run_id", RUN_ID, primary_key=True),
        sa.Column("position", sa.Integer(), primary_key=True),
        sa.Column("raw", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("sector", sa.String(16)),
        sa.Column("state", sa.String(8), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], ondelete="CASCADE"),
    )
    op.create_index("ix_run_targets_state", "run_targets", ["run_id", "state", "position"])
    op.create_index("ix_run_targets_raw", "run_targets", ["raw", "run_id"])
    op.create_table(
        "observations",
        sa.Column("run_id", RUN_ID, primary_key=True),
        sa.Column("position", sa.Integer(), primary_key=True),
        sa.Column("probe", sa.String(64), primary_key=True),
        sa.Column("failed", sa.Boolean(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        _target_key(),
    )
    op.create_table(
        "check_results",
        sa.Column("run_id", RUN_ID, primary_key=True),
        sa.Column("position", sa.Integer(), primary_key=True),
        sa.Column("check_id", sa.String(64), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(16)),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("remedy", sa.Text()),
        _target_key(),
    )
    op.create_table(
        "scores",
        sa.Column("run_id", RUN_ID, primary_key=True),
        sa.Column("position", sa.Integer(), primary_key=True),
        sa.Column("total", sa.Float()),
        sa.Column("grade", sa.String(16), nullable=False),
        sa.Column("benchmark", sa.Boolean(), nullable=False),
        _target_key(),
    )
    op.create_table(
        "goal_scores",
        sa.Column("run_id", RUN_ID, primary_key=True),
        sa.Column("position", sa.Integer(), primary_key=True),
        sa.Column("goal", sa.String(64), primary_key=True),
        sa.Column("value", sa.Float(), nullable=False),
        _target_key(),
    )
