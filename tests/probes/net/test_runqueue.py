"""The calling thread's wait for a CPU, as Linux counts it."""

from __future__ import annotations

from pathlib import Path

import pytest

from v6audit.probes.net import runqueue


def test_the_wait_never_decreases() -> None:
    first = runqueue.waited()
    if first is None:
        pytest.fail("this kernel does not count run-queue waits (/proc/thread-self/schedstat)")
    second = runqueue.waited()
    assert second is not None
    assert second >= first >= 0


def test_no_count_where_the_kernel_gives_none(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(runqueue, "SCHEDSTAT", tmp_path / "absent")
    assert runqueue.waited() is None
    garbled = tmp_path / "schedstat"
    garbled.write_text("12\n")
    monkeypatch.setattr(runqueue, "SCHEDSTAT", garbled)
    assert runqueue.waited() is None
