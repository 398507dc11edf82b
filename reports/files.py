"""File plumbing shared by the writers: a spool for finished targets and atomic outputs.

Reports stream: each finished target goes to a spool file, not memory, and the final document is
written to a temporary name and renamed into place, so an output path never holds half a report,
whether the run ends normally, by deadline or by Ctrl-C.
"""

from __future__ import annotations

import json
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any


def _spool_directory(near: Path | None) -> Path | None:
    """Beside a regular output (same file system, same free space); else the system's."""
    destination = regular_destination(near) if near is not None else None
    return destination.parent if destination is not None else None


class Spool:
    """Finished targets as JSON lines in a temporary file beside the output."""

    def __init__(self, near: Path | None) -> None:
        self._file: IO[str] = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in discard()
            "w+",
            encoding="utf-8",
            dir=_spool_directory(near),
            prefix=".v6audit-",
            suffix=".part",
            delete=False,
        )
        self.count = 0

    def append(self, entry: str) -> None:
        """Add one entry, given as JSON text on one line."""
        self._file.write(entry)
        self._file.write("\n")
        self.count += 1

    def lines(self) -> Iterator[str]:
        """The spooled entries as JSON text, one per item, without the newline."""
        self._file.flush()
        self._file.seek(0)
        for line in self._file:
            yield line.rstrip("\n")

    def entries(self) -> Iterator[dict[str, Any]]:
        for line in self.lines():
            entry: dict[str, Any] = json.loads(line)
            yield entry

    def discard(self) -> None:
        self._file.close()
        Path(self._file.name).unlink(missing_ok=True)


def regular_destination(path: Path) -> Path | None:
    """Where an atomic write of ``path`` goes: the file a symlink points to, followed, so the
    link stays a link; None for anything that is not a regular file (a FIFO, a device,
    ``/dev/stdout``), which must be written through, never replaced."""
    real = Path(os.path.realpath(path))
    try:
        mode = real.stat().st_mode
    except FileNotFoundError:
        return real
    return real if stat.S_ISREG(mode) else None


@contextmanager
def atomic_output(path: Path | None) -> Iterator[IO[str]]:
    """Write to ``path`` via a temporary file renamed on success; standard output for None.

    A path that is no regular file (a FIFO, a device) is written through as it is.
    """
    if path is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    destination = regular_destination(path)
    if destination is None:
        with path.open("w", encoding="utf-8", newline="") as out:
            yield out
        return
    with (
        atomic_path(destination) as temporary,
        temporary.open("w", encoding="utf-8", newline="") as out,
    ):
        yield out
        out.flush()
        os.fsync(out.fileno())


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary name beside ``path`` to write to, renamed to ``path`` if the block succeeds.

    ``path`` is a regular file's (:func:`regular_destination`). The name starts with a dot and
    ends in ``.tmp``, so collectors that read ``*.prom`` or ``*.json`` from the directory never
    see it.
    """
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        yield temporary
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)
