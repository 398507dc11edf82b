from __future__ import annotations

import sqlite3
import tracemalloc

import pytest

from v6audit.auditor.seen import SeenKeys


def test_a_key_is_new_once_and_kinds_do_not_mix() -> None:
    with SeenKeys() as seen:
        assert seen.first("domain", "a.example")
        assert not seen.first("domain", "a.example")
        assert seen.first("url", "a.example")  # the same text as another kind of target
        assert seen.first("domain", "A.example")  # keys are compared exactly
        assert seen.first("domain", "政府.example")
        assert not seen.first("domain", "政府.example")


def test_keys_are_kept_outside_the_python_heap() -> None:
    """A set of 100,000 names would hold some 17 MB of Python objects; the keys here hold
    none (SQLite's page cache is bounded, and spills to its temporary file)."""
    with SeenKeys() as seen:
        tracemalloc.start()
        try:
            for index in range(100_000):
                seen.first("domain", f"host{index}.example.cn")
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert peak < 1_000_000
        assert not seen.first("domain", "host99999.example.cn")


def test_close_ends_it() -> None:
    seen = SeenKeys()
    seen.first("domain", "a.example")
    seen.close()
    seen.close()  # twice is harmless


def test_a_temporary_file_that_fails_is_an_os_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> sqlite3.Connection:
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(sqlite3, "connect", refuse)
    with pytest.raises(OSError, match="temporary file: unable to open database file"):
        SeenKeys()
