"""``--processes``: the engine in child processes gives the results of one, and fails safe.

Real scans in the lab: the same targets with one and with two processes must get the same
status for every check; a child killed midway ends the run with an error that names what it
held, and ``--resume`` finishes the run; a parent killed outright leaves no child running.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from lab import netns
from lab.build import Lab
from tests.conftest import scan_json, statuses
from tests.contract import load_report
from tests.lab import slowscan

TARGETS = ["www.good.lab", "v4.good.lab", "alias.good.lab", "alias4.good.lab",
           "missing.good.lab", "ok.web.lab", "diff6.web.lab", "err6.web.lab",
           "lit4.web.lab"]  # fmt: skip


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


@pytest.mark.lab
def test_two_processes_give_the_results_of_one(lab: Lab, tmp_path: Path) -> None:
    db = str(tmp_path / "history.db")
    one = scan_json(lab, TARGETS, "--db", db)
    two = scan_json(lab, TARGETS, "--db", db, "--processes", "2", "--concurrency", "4")
    assert sorted(statuses(one)) == sorted(TARGETS)
    assert statuses(two) == statuses(one)
    assert two["run"]["end"] == "complete"
    assert slowscan.done_per_run(Path(db)) == [len(TARGETS)] * 2


@pytest.mark.lab
def test_a_lost_child_fails_the_run_and_resume_finishes_it(lab: Lab, tmp_path: Path) -> None:
    db = tmp_path / "history.db"
    with slowscan.start(lab, tmp_path, "--processes", "2") as scan:
        try:
            slowscan.wait_for_stored(scan, tmp_path, 20)
            (victim,) = netns.children(scan.pid)  # with two processes: the scan and one child
            os.kill(victim, signal.SIGKILL)
        finally:
            scan.wait(timeout=60)
    log = (tmp_path / "scan.log").read_text()
    assert scan.returncode == 1, log
    assert "an audit process exited (-9) before finishing" in log
    assert "--resume audits them" in log
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT end_state FROM runs").fetchall() == [("failed",)]
    assert load_report((tmp_path / "first.json").read_text())["run"]["end"] == "failed"
    assert 20 <= slowscan.done(db) < slowscan.TARGETS
    slowscan.assert_resume_completes(lab, db)


@pytest.mark.lab
def test_a_killed_parent_leaves_no_child_running(lab: Lab, tmp_path: Path) -> None:
    with slowscan.start(lab, tmp_path, "--processes", "3") as scan:
        try:
            slowscan.wait_for_stored(scan, tmp_path, 10)
            children = netns.children(scan.pid)
            assert len(children) == 2
            scan.send_signal(signal.SIGKILL)
        finally:
            scan.wait(timeout=30)
    deadline = time.monotonic() + 10
    while any(_running(child) for child in children):
        assert time.monotonic() < deadline, "a child outlived its parent by 10 s"
        time.sleep(0.05)
