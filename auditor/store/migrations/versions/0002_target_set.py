"""Key each run by its set of targets, so a run can be compared with the previous one.

``--fail-on-regression`` looks up the last complete run of the same targets and profile; the
key is filled in for runs stored before this revision from their stored targets.

Revision ID: 2
Revises: 1
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from v6audit.auditor.codec import target_set_key

revision = "2"
down_revision = "1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("runs") as batch:
        batch.add_column(sa.Column("target_set", sa.String(64)))
    op.create_index("ix_runs_profile_target_set", "runs", ["profile", "target_set", "started"])
    runs = sa.table("runs", sa.column("id", sa.String), sa.column("target_set", sa.String))
    targets = sa.table(
        "run_targets", sa.column("run_id", sa.String), sa.column("kind"), sa.column("raw")
    )
    bind = op.get_bind()
    for (run_id,) in bind.execute(sa.select(runs.c.id)).all():
        rows = bind.execute(
            sa.select(targets.c.kind, targets.c.raw).where(targets.c.run_id == run_id)
        )
        key = target_set_key((kind, raw) for kind, raw in rows)
        bind.execute(runs.update().where(runs.c.id == run_id).values(target_set=key))
