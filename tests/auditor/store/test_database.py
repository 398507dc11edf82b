from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from v6audit.auditor.cli import main
from v6audit.auditor.store.database import (
    HEAD,
    Database,
    StoreError,
    current_revision,
    database_url,
    default_path,
    head_revision,
    open_database,
)


def test_new_database_is_created_at_head(database: Database) -> None:
    assert current_revision(database) == head_revision()


def test_the_head_constant_is_the_newest_migration() -> None:
    assert head_revision() == HEAD  # add a migration, move HEAD with it


def test_default_path_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_path() == tmp_path / "v6audit" / "history.db"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert default_path() == Path.home() / ".local" / "share" / "v6audit" / "history.db"


def test_locations_become_urls(tmp_path: Path) -> None:
    assert database_url(str(tmp_path / "h.db")).database == str(tmp_path / "h.db")
    assert database_url("postgresql://u@db/h").drivername == "postgresql+psycopg"
    with pytest.raises(StoreError, match="mysql is not supported"):
        database_url("mysql://u@db/h")


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    database = open_database(str(tmp_path / "h.db"), print)
    with database.read() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 60_000


def test_corrupt_file_is_a_clear_error_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    garbage = b"this is not an SQLite database\n" * 200
    path.write_bytes(garbage)
    with pytest.raises(StoreError, match="file is not a database"):
        open_database(str(path), print)
    assert path.read_bytes() == garbage
    result = CliRunner().invoke(main, ["runs", "--db", str(path)])
    assert result.exit_code == 1
    assert "file is not a database" in result.output
    assert "Traceback" not in result.output
    assert path.read_bytes() == garbage


def test_database_of_a_newer_version_is_refused(location: str) -> None:
    database = open_database(location, print)
    with database.write() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '99'"))
    database.close()
    with pytest.raises(StoreError, match="revision 99, written by a newer v6audit"):
        open_database(location, print)


def test_other_applications_database_is_refused(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE accounts (id INTEGER)")
    with pytest.raises(StoreError, match="not a v6audit history"):
        open_database(str(path), print)


def test_unwritable_location_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="history database"):
        open_database(str(blocker / "sub" / "h.db"), print)
