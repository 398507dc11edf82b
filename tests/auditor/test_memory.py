from __future__ import annotations

import gc

import pytest

from v6audit.auditor import memory
from v6audit.auditor.memory import HeapTrimmer


def test_the_heap_is_trimmed_once_every_so_many_targets(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def trim(pad: int) -> int:
        calls.append(pad)
        return 1

    monkeypatch.setattr(memory, "_TRIM", trim)
    trimmer = HeapTrimmer(every=3)
    for _ in range(7):
        trimmer.finished()
    assert calls == [0, 0]


def test_glibc_trim_is_found_on_linux() -> None:
    assert memory._TRIM is not None
    assert memory._TRIM(0) in (0, 1)


def test_settling_freezes_what_startup_built_and_makes_collections_rarer() -> None:
    before = gc.get_threshold()
    built = [object() for _ in range(10)]
    try:
        memory.settle()
        assert gc.get_freeze_count() >= len(built)
        assert gc.get_threshold() == memory.GC_THRESHOLDS
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
