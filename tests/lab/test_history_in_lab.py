"""History on real scans: a scan killed with SIGKILL midway, then resumed; scans writing at once."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from lab import netns
from lab.build import Lab
from tests.lab import slowscan


@pytest.mark.lab
def test_scan_killed_midway_is_resumed_without_redoing_targets(lab: Lab, tmp_path: Path) -> None:
    db = tmp_path / "history.db"
    with slowscan.start(lab, tmp_path) as scan:
        try:
            slowscan.wait_for_stored(scan, tmp_path, 30)
            scan.send_signal(signal.SIGKILL)
        finally:
            scan.wait(timeout=30)
    assert scan.returncode == -signal.SIGKILL

    with sqlite3.connect(db) as connection:
        ((end,),) = connection.execute("SELECT end_state FROM runs").fetchall()
    assert end is None
    assert 30 <= slowscan.done(db) < slowscan.TARGETS
    assert not (tmp_path / "first.json").exists()  # reports appear whole or not at all
    slowscan.assert_resume_completes(lab, db)


@pytest.mark.lab
def test_scans_writing_at_once_both_complete(lab: Lab, tmp_path: Path) -> None:
    db = tmp_path / "history.db"
    names = [f"c{i}.good.lab" for i in range(60)]
    scans = [
        subprocess.Popen(netns.exec_argv(lab.namespace(), [
            sys.executable, "-m", "v6audit", "scan", "-q", "--db", str(db), "--format", "json",
            "--profile", slowscan.DNS_ONLY,
            *lab.resolver_args(), *names[part::2]]),
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for part in (0, 1)
    ]  # fmt: skip
    for scan in scans:
        _out, err = scan.communicate(timeout=120)
        assert scan.returncode == 0, err
    listing = lab.auditor(["runs", "--db", str(db), "--format", "json"])
    runs = json.loads(listing.stdout)
    assert [(r["end"], r["done"]) for r in runs] == [("complete", 30), ("complete", 30)]


@pytest.mark.lab
def test_fail_under_gives_its_exit_code_and_reason(lab: Lab, tmp_path: Path) -> None:
    db = str(tmp_path / "history.db")
    args = ["scan", "-q", "--db", db, *lab.resolver_args(), "--profile", slowscan.DNS_ONLY,
            "www.good.lab", "v4.good.lab"]  # fmt: skip
    result = lab.auditor([*args, "--fail-under", "60", "-o", str(tmp_path / "r.txt")])
    assert result.returncode == 5
    assert "mean score 50 is low (--fail-under 60)" in result.stderr
    again = lab.auditor([*args, "--fail-on-regression", "-o", str(tmp_path / "r.txt")])
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "r.txt").read_text("utf-8").count("score") == 2
