"""Run-level behaviour on real servers: silent resolvers, input errors, output files."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lab import netns
from lab.build import Lab
from lab.scenarios import SILENT_RESOLVER6
from tests.contract import load_report
from tests.lab import slowscan


@pytest.mark.lab
def test_silent_resolver_gives_timeout_without_hanging(lab: Lab) -> None:
    started = time.monotonic()
    result = lab.auditor(
        [
            "scan",
            "-q",
            "--format",
            "json",
            "--timeout",
            "3",
            "--resolver",
            SILENT_RESOLVER6,
            "www.good.lab",
            "v4.good.lab",
        ]
    )
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    checks = [t["checks"][0] for t in load_report(result.stdout)["targets"]]
    assert [(c["status"], c["reason"]) for c in checks] == [("error", "timeout")] * 2
    assert elapsed < 20  # bounded by --timeout, not by the resolver


@pytest.mark.lab
def test_bad_lines_are_reported_and_the_rest_scanned(lab: Lab, tmp_path: Path) -> None:
    targets = tmp_path / "targets.txt"
    targets.write_text("www.good.lab gov\nbad..name\n# comment\n\nv4.good.lab 教育\n", "utf-8")
    output = tmp_path / "out.json"
    result = lab.auditor(
        [
            "scan",
            "-q",
            "--format",
            "json",
            "-o",
            str(output),
            *lab.resolver_args(),
            "-f",
            str(targets),
        ]
    )
    assert result.returncode == 4
    assert f"{targets}:2" in result.stderr
    document = load_report(output.read_text("utf-8"))
    assert sorted((t["target"], t["sector"]) for t in document["targets"]) == [
        ("v4.good.lab", "education"),
        ("www.good.lab", "gov"),
    ]
    assert document["input_errors"][0]["source"] == f"{targets}:2"
    assert document["run"]["end"] == "complete"


def _start_scan(lab: Lab, output: Path, *extra: str) -> subprocess.Popen[str]:
    argv = netns.exec_argv(lab.namespace(), [
        sys.executable, "-m", "v6audit", "scan", "-q", "--format", "json", "-o", str(output),
        *lab.resolver_args(), "--timeout", "60", *extra,
        "www.good.lab", "v4.good.lab", "www.dead.lab", "alias.good.lab",
    ])  # fmt: skip
    return subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


PROCESSES = pytest.mark.parametrize("processes", ["1", "2"])
"""The engine in this process only, and here and in a child process (--processes)."""


@pytest.mark.lab
@PROCESSES
@pytest.mark.parametrize("signal_number", [signal.SIGINT, signal.SIGTERM])
def test_interrupt_keeps_finished_targets(
    lab: Lab, tmp_path: Path, signal_number: int, processes: str
) -> None:
    output = tmp_path / "out.json"
    db = tmp_path / "history.db"
    process = _start_scan(lab, output, "--processes", processes, "--db", str(db))
    deadline = time.monotonic() + 30
    while slowscan.done(db) < 3:  # the healthy names finish; www.dead.lab hangs on a silent server
        assert process.poll() is None
        assert time.monotonic() < deadline, "the healthy names were not stored in 30 s"
        time.sleep(0.05)
    process.send_signal(signal_number)
    _out, errors = process.communicate(timeout=30)
    assert process.returncode == 130, errors
    document = load_report(output.read_text("utf-8"))
    assert document["run"]["end"] == "interrupted"
    done = sorted(t["target"] for t in document["targets"])
    assert done == ["alias.good.lab", "v4.good.lab", "www.good.lab"]


@pytest.mark.lab
@PROCESSES
def test_deadline_ends_the_run_cleanly(lab: Lab, tmp_path: Path, processes: str) -> None:
    output = tmp_path / "out.json"
    process = _start_scan(lab, output, "--deadline", "3", "--processes", processes)
    _out, errors = process.communicate(timeout=60)
    assert process.returncode == 3, errors
    document = load_report(output.read_text("utf-8"))
    assert document["run"]["end"] == "deadline"
    assert "www.dead.lab" not in [t["target"] for t in document["targets"]]
    assert len(document["targets"]) == 3
