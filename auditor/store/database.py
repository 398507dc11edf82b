"""Opening a history database: where it lives, how it is connected, and bringing it to head.

SQLite runs in WAL mode with a busy timeout and takes its write lock when a write transaction
begins, so two scans writing at once wait for each other instead of failing or corrupting the
file. A database written by an older version is migrated on open, inside one transaction; an
SQLite file is first copied beside itself, so even a faulty migration cannot lose history. Any
database error becomes a :class:`StoreError` whose message names the database and the cause.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from v6audit.auditor.extras import MissingExtra, require
from v6audit.auditor.records import JsonText

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
HEAD = "2"
"""The newest schema revision (the last file in migrations/versions); a test checks it."""
VERSION_TABLE = "alembic_version"
BUSY_TIMEOUT = 60.0
"""Seconds a writer waits for another scan's transaction before giving up."""
MIGRATION_LOCK = 0x76366175
"""PostgreSQL advisory lock key ("v6au") held while migrating."""
DRIVERS = {"sqlite": "sqlite", "postgresql": "postgresql+psycopg"}


class StoreError(Exception):
    """The history database cannot be used; the message says which one and why."""


def default_path() -> Path:
    """``$XDG_DATA_HOME/v6audit/history.db``, by default under ``~/.local/share``."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "v6audit" / "history.db"


def database_url(location: str | None) -> URL:
    """The URL for ``--db``: a path (SQLite) or a ``sqlite:`` / ``postgresql:`` URL."""
    if location is None or "://" not in location:
        path = Path(location).expanduser() if location else default_path()
        return URL.create("sqlite", database=str(path.absolute()))
    try:
        url = make_url(location)
    except ArgumentError:
        raise StoreError(f"--db {location!r}: not a database URL") from None
    driver = DRIVERS.get(url.get_backend_name())
    if driver is None:
        raise StoreError(f"--db: {url.get_backend_name()} is not supported (sqlite, postgresql)")
    if driver != "sqlite":
        try:
            require("postgres")
        except MissingExtra as exc:
            raise StoreError(f"--db: {exc}") from None
    return url.set(drivername=driver) if url.drivername != driver else url


def _json_text(value: object) -> str:
    """A JSON column's text: encoded already (outcomes, see :class:`JsonText`), or encoded now."""
    return value if isinstance(value, JsonText) else json.dumps(value)


def _label(url: URL) -> str:
    return url.database or "" if url.get_backend_name() == "sqlite" else url.render_as_string()


class Database:
    """One history database, migrated to the head schema, with read and write transactions."""

    def __init__(self, url: URL) -> None:
        self.url = url
        self.label = _label(url)
        self.is_sqlite = url.get_backend_name() == "sqlite"
        if self.is_sqlite:
            self.engine = create_engine(
                url, connect_args={"timeout": BUSY_TIMEOUT}, json_serializer=_json_text
            )
            event.listen(self.engine, "connect", _sqlite_connect)
            event.listen(self.engine, "begin", _sqlite_begin)
        else:
            self.engine = create_engine(url, pool_pre_ping=True, json_serializer=_json_text)
        self._writer: Engine = self.engine.execution_options(v6audit_write=True)

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.errors(), self.engine.connect() as connection:
            yield connection

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One transaction, committed on success and rolled back on any error."""
        with self.errors(), self._writer.begin() as connection:
            yield connection

    @contextmanager
    def errors(self) -> Iterator[None]:
        try:
            yield
        except SQLAlchemyError as exc:
            cause = getattr(exc, "orig", None) or exc
            raise StoreError(f"history database {self.label}: {cause}") from None

    def close(self) -> None:
        self.engine.dispose()


def _sqlite_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # transactions are begun by _sqlite_begin
    _use_wal(dbapi_connection)
    for pragma in ("synchronous=NORMAL", "foreign_keys=ON"):
        dbapi_connection.execute(f"PRAGMA {pragma}")


def _use_wal(dbapi_connection: sqlite3.Connection) -> None:
    """Switch a new file to WAL once; SQLite answers "locked" at once (no busy wait) when two
    processes create the file together, so the switch is retried within the busy timeout."""
    waited = 0.0
    while dbapi_connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        try:
            dbapi_connection.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError:
            if waited >= BUSY_TIMEOUT:
                raise
            time.sleep(0.05)
            waited += 0.05


def _sqlite_begin(connection: Connection) -> None:
    immediate = connection.get_execution_options().get("v6audit_write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def open_database(location: str | None, notify: Callable[[str], None]) -> Database:
    """Open (creating if needed) and migrate the database at ``--db`` LOCATION."""
    url = database_url(location)
    if url.get_backend_name() == "sqlite" and url.database:
        directory = Path(url.database).parent
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"history database {url.database}: {exc.strerror}") from None
    database = Database(url)
    try:
        migrate(database, notify)
    except BaseException:
        database.close()
        raise
    return database


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(database: Database) -> str | None:
    with database.read() as connection:
        if not inspect(connection).has_table(VERSION_TABLE):
            return None
        revision = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
        return str(revision) if revision is not None else None


def migrate(database: Database, notify: Callable[[str], None], to: str = "head") -> None:
    """Bring the schema to ``to`` in one transaction (tests pass an older revision).

    A database already at ``HEAD`` (every scan's case) is checked with one query; Alembic, which
    costs a tenth of a second and 10 MB to load, is only imported when there is work to do.
    """
    if to == "head" and current_revision(database) == HEAD:
        return
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = _config()
    script = ScriptDirectory.from_config(config)
    target = head_revision() if to == "head" else to
    current = current_revision(database)
    if current == target:
        return
    known = {revision.revision for revision in script.walk_revisions()}
    if current is not None and current not in known:
        raise StoreError(
            f"history database {database.label} has schema revision {current}, written by a "
            f"newer v6audit; upgrade v6audit to use it"
        )
    if current is not None and database.is_sqlite:
        backup = backup_sqlite(database, current)
        notify(f"v6audit: migrating history {database.label} (backup: {backup})")
    with database.write() as connection:
        if not database.is_sqlite:  # one migrator at a time; the others wait, then find it done
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        current = MigrationContext.configure(connection).get_current_revision()
        if current is None and inspect(connection).get_table_names():
            raise StoreError(f"{database.label} holds other tables: not a v6audit history")
        if current != target:
            config.attributes["connection"] = connection
            command.upgrade(config, target)


def backup_sqlite(database: Database, revision: str) -> Path:
    """Copy the database (consistently, through SQLite) to a file named after its revision."""
    assert database.url.database
    source_path = Path(database.url.database)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    backup = source_path.with_name(f"{source_path.name}.rev{revision}-{stamp}.bak")
    try:
        with (
            closing(sqlite3.connect(source_path)) as source,
            closing(sqlite3.connect(backup)) as copy,
        ):
            source.backup(copy)
    except sqlite3.Error as exc:
        raise StoreError(f"history database {source_path}: cannot back up ({exc})") from None
    return backup
