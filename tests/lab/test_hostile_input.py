"""Input that stalls, and signals at any moment: the deadline and Ctrl-C always end the run.

Each scan runs as a subprocess of the CLI in the lab, fed by a real FIFO or pipe that gets one
target and then nothing more, without being closed. The outer timeouts only detect a hang.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lab import netns
from lab.build import Lab
from tests.lab import slowscan

HANG = 60
"""Seconds after which a scan that should have ended counts as hung."""
STORE = pytest.mark.parametrize("store", [["--no-store"], []], ids=["no-store", "history"])
PROCESSES = pytest.mark.parametrize("processes", ["1", "2"])


def _scan(lab: Lab, tmp_path: Path, source: str, *extra: str) -> subprocess.Popen[bytes]:
    argv = netns.exec_argv(lab.namespace(), [
        sys.executable, "-m", "v6audit", "scan", "-q", "--format", "json",
        "-o", str(tmp_path / "out.json"), "--db", str(tmp_path / "history.db"),
        *lab.resolver_args(), "-f", source, *extra,
    ])  # fmt: skip
    return subprocess.Popen(
        argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def _stalled_fifo(tmp_path: Path) -> tuple[Path, int]:
    """A FIFO holding one target, kept open for writing (so no end of file ever comes)."""
    fifo = tmp_path / "targets.fifo"
    os.mkfifo(fifo)
    writer = os.open(fifo, os.O_RDWR)  # does not wait for a reader
    os.write(writer, b"www.good.lab\n")
    return fifo, writer


def _report_begun(tmp_path: Path) -> None:
    """Wait until the scan has opened its report (its spool file appears beside it), and a
    moment more: a loaded machine can take seconds to start Python and its imports."""
    waited = 0.0
    while not any(tmp_path.glob(".v6audit-*.part")) and waited < HANG:
        time.sleep(0.1)
        waited += 0.1
    time.sleep(1)


def _ended(process: subprocess.Popen[bytes]) -> tuple[int, str]:
    try:
        _out, errors = process.communicate(timeout=HANG)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise AssertionError(f"the scan hung for {HANG} s") from None
    return process.returncode, errors.decode("utf-8", "replace")


def _run_end(tmp_path: Path) -> str:
    end: str = json.loads((tmp_path / "out.json").read_text("utf-8"))["run"]["end"]
    return end


@pytest.mark.lab
@STORE
@PROCESSES
def test_deadline_ends_a_run_whose_fifo_stalls(
    lab: Lab, tmp_path: Path, store: list[str], processes: str
) -> None:
    fifo, writer = _stalled_fifo(tmp_path)
    try:
        process = _scan(
            lab, tmp_path, str(fifo), "--deadline", "3", "--processes", processes, *store
        )
        code, errors = _ended(process)
    finally:
        os.close(writer)
    assert code == 3, errors
    assert "Traceback" not in errors
    assert "never retrieved" not in errors
    assert _run_end(tmp_path) == "deadline"


@pytest.mark.lab
@STORE
@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGINT])
def test_signal_ends_a_run_whose_standard_input_stalls(
    lab: Lab, tmp_path: Path, store: list[str], signal_number: int
) -> None:
    process = _scan(lab, tmp_path, "-", *store)
    assert process.stdin is not None
    process.stdin.write(b"www.good.lab\n")
    process.stdin.flush()  # and nothing more, the pipe left open
    _report_begun(tmp_path)
    assert process.poll() is None
    process.send_signal(signal_number)
    code, errors = _ended(process)
    process.stdin.close()
    assert code == 130, errors
    assert "Traceback" not in errors
    assert "never retrieved" not in errors
    assert _run_end(tmp_path) == "interrupted"


@pytest.mark.lab
@pytest.mark.parametrize("delay", [0.1, 0.3, 0.6, 1.0, 1.5, 2.5])
@pytest.mark.parametrize("signal_number", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_at_any_moment_ends_a_run_of_two_processes_as_interrupted(
    lab: Lab, tmp_path: Path, delay: float, signal_number: int
) -> None:
    """Ctrl-C on a terminal (or a supervisor's SIGTERM) signals the whole process group: while
    the program loads, while it opens the history, while it starts its child, while it audits."""
    argv = netns.exec_argv(lab.namespace(), [
        sys.executable, "-m", "v6audit", "scan", "-q", "--format", "json",
        "-o", str(tmp_path / "out.json"), "--db", str(tmp_path / "history.db"),
        *lab.resolver_args(), "--timeout", "20", "--processes", "2",
        "www.good.lab", "v4.good.lab", "www.dead.lab",
    ])  # fmt: skip
    process = subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    time.sleep(delay)
    os.killpg(process.pid, signal_number)
    code, errors = _ended(process)
    assert code == 130, errors
    assert "Traceback" not in errors
    assert "interrupted" in errors.splitlines()[-1]


@pytest.mark.lab
@pytest.mark.parametrize("output_format", ["text", "json"])
def test_a_report_on_a_full_disk_fails_in_one_line_and_the_history_keeps_the_targets(
    lab: Lab, tmp_path: Path, output_format: str
) -> None:
    full = tmp_path / "full"
    os.mknod(full, stat.S_IFCHR | 0o666, os.makedev(1, 7))  # every write: no space left
    db = tmp_path / "history.db"
    result = lab.auditor([
        "scan", "-q", "--format", output_format, "-o", str(full), "--db", str(db),
        *lab.resolver_args(), "www.good.lab", "v4.good.lab",
    ])  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip().splitlines() == [
        "Error: cannot write the report: No space left on device"
    ]
    assert full.is_char_device()
    # the history has every target that finished; a run the failure stopped is resumable
    with sqlite3.connect(db) as connection:
        (run_id, end), *_ = connection.execute("SELECT id, end_state FROM runs").fetchall()
    if end == "failed":
        resumed = lab.auditor(["scan", "-q", "--resume", run_id, "--db", str(db)])
        assert resumed.returncode == 0, resumed.stderr
    else:
        assert end == "complete"
    assert slowscan.done_per_run(db) == [2]


@pytest.mark.lab
def test_targets_finished_while_the_input_stalls_are_reported(lab: Lab, tmp_path: Path) -> None:
    """With --processes 2, a child's reports must not wait for the next line of input."""
    fifo, writer = _stalled_fifo(tmp_path)
    os.write(writer, b"v4.good.lab\n")
    try:
        process = _scan(
            lab, tmp_path, str(fifo), "--deadline", "10", "--processes", "2", "--no-store"
        )
        code, errors = _ended(process)
    finally:
        os.close(writer)
    assert code == 3, errors
    document = json.loads((tmp_path / "out.json").read_text("utf-8"))
    assert sorted(t["target"] for t in document["targets"]) == ["v4.good.lab", "www.good.lab"]
