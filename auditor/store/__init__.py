"""The history store: every run, its targets, observations, check results and scores.

SQLite by default (a file in the user's data directory, no set-up) and PostgreSQL by URL for
teams, both through SQLAlchemy Core, with the schema versioned by Alembic migrations shipped in
this package. Writes are one transaction per finished target, so a run killed at any moment
leaves a consistent database whose unfinished targets are still marked pending.
"""
