"""Alembic's entry point: migrate the connection :mod:`auditor.store.database` hands over.

The application always opens the database itself (pragmas, error handling) and passes the
connection in, so there is one way to reach a database and no ``alembic.ini`` to keep in step.
"""

from __future__ import annotations

from alembic import context

from v6audit.auditor.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
