"""Which keys an input has already given, for inputs of any length, in a few megabytes.

Dropping duplicate targets means remembering every target read so far. A Python set of a
million host names holds about 170 MB at its peak, and glibc keeps most of that after the set is
freed; a run of a million domains would spend more on that one set than on auditing. So the keys
go to a private temporary SQLite database instead: SQLite keeps a couple of megabytes of it in
its page cache and the rest in a temporary file that it deletes when the connection closes. The
answer stays exact (no hashes that could collide and silently drop a target), and a key costs
about 2 µs, nothing beside the milliseconds of auditing it.
"""

from __future__ import annotations

import sqlite3
from types import TracebackType


class SeenKeys:
    """Keys met so far; :meth:`first` says whether a key is new, and remembers it.

    Used from one thread at a time (it may be closed from another, as a generator that holds it
    can be finalized anywhere).
    """

    def __init__(self) -> None:
        try:
            # "": a private temporary database on disk, deleted when the connection closes
            self._connection = sqlite3.connect("", isolation_level=None, check_same_thread=False)
            self._connection.execute("PRAGMA journal_mode = OFF")
            self._connection.execute(
                "CREATE TABLE seen (kind TEXT, key TEXT, PRIMARY KEY (kind, key)) WITHOUT ROWID"
            )
            self._connection.execute("BEGIN")  # never committed: nothing outlives it
        except sqlite3.Error as exc:
            raise _unusable(exc) from exc

    def first(self, kind: str, key: str) -> bool:
        """True the first time ``(kind, key)`` is given, False every later time."""
        try:
            cursor = self._connection.execute(
                "INSERT OR IGNORE INTO seen VALUES (?, ?)", (kind, key)
            )
        except sqlite3.Error as exc:
            raise _unusable(exc) from exc
        return cursor.rowcount == 1

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> SeenKeys:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _unusable(error: sqlite3.Error) -> OSError:
    """The temporary file failed (no space, no writable temporary directory): a problem of this
    machine, reported as such, like any other file the run cannot write."""
    return OSError(f"cannot keep the targets read so far in a temporary file: {error}")
