"""Outputs go where the user said: regular files atomically, anything else written through."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from v6audit.reports.files import Spool, atomic_output


def test_regular_file_is_replaced_atomically(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("old")
    with atomic_output(path) as out:
        out.write("new")
        assert path.read_text() == "old"
    assert path.read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.txt"]


def test_symlink_stays_a_link_and_its_target_gets_the_report(tmp_path: Path) -> None:
    target = tmp_path / "real.txt"
    link = tmp_path / "link.txt"
    link.symlink_to(target)  # dangling until the report is written
    with atomic_output(link) as out:
        out.write("report")
    assert link.is_symlink()
    assert target.read_text() == "report"


def test_fifo_is_written_through(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    with atomic_output(fifo) as out:
        out.write("through the pipe")
    reader.join(timeout=30)
    assert received == [b"through the pipe"]
    assert fifo.is_fifo()


def _device(tmp_path: Path, name: str, minor: int) -> Path:
    """A memory device of our own (1,3 is null, 1,7 is full): a mistake replaces only it."""
    path = tmp_path / name
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    return path


def test_device_is_written_through_not_replaced(tmp_path: Path) -> None:
    null = _device(tmp_path, "null", 3)
    with atomic_output(null) as out:
        out.write("discarded")
    assert null.is_char_device()


def test_full_device_raises_an_os_error(tmp_path: Path) -> None:
    full = _device(tmp_path, "full", 7)
    with pytest.raises(OSError, match="No space left"), atomic_output(full) as out:
        out.write("x" * 100_000)
    assert full.is_char_device()


def test_spool_of_a_device_output_lives_in_the_temporary_directory(tmp_path: Path) -> None:
    spool = Spool(_device(tmp_path, "null", 3))
    try:
        spool.append('{"a": 1}')
        assert list(spool.entries()) == [{"a": 1}]
    finally:
        spool.discard()
