"""History on real scans: a scan killed with SIGKILL midway, then resumed; scans writing at once."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lab import netns
from lab.build import Lab

TARGETS = 200
RATE = "40"
"""Network operations per second: two lookups per target make the run last about ten seconds."""


def _targets(tmp_path: Path) -> Path:
    path = tmp_path / "targets.txt"
    names = ["www.good.lab gov", "v4.good.lab"] + [f"n{i}.good.lab" for i in range(TARGETS - 2)]
    path.write_text("\n".join(names) + "\n", "utf-8")
    return path


def _done(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as connection:
            row = connection.execute("SELECT count(*) FROM run_targets WHERE state = 'done'")
            return int(row.fetchone()[0])
    except sqlite3.OperationalError:  # not created yet
        return 0


DNS_ONLY = str(Path(__file__).parents[1] / "data" / "dns-only.toml")


@pytest.mark.lab
def test_scan_killed_midway_is_resumed_without_redoing_targets(lab: Lab, tmp_path: Path) -> None:
    db = tmp_path / "history.db"
    argv = netns.exec_argv(lab.namespace(), [
        sys.executable, "-m", "auditor", "scan", "-q", "--db", str(db), *lab.resolver_args(),
        "--profile", DNS_ONLY,
        "--rate", RATE, "--concurrency", "4", "-f", str(_targets(tmp_path)),
        "-o", str(tmp_path / "first.json"), "--format", "json",
    ])  # fmt: skip
    log = tmp_path / "scan.log"
    with log.open("w") as errors, subprocess.Popen(argv, stdout=subprocess.DEVNULL,
                                                   stderr=errors) as scan:  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            while _done(db) < 30:
                assert scan.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "the scan stored nothing in a minute"
                time.sleep(0.05)
            scan.send_signal(signal.SIGKILL)  # ip netns exec execs the auditor: this is its pid
        finally:
            scan.wait(timeout=30)
    assert scan.returncode == -signal.SIGKILL

    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        ((run_id, end),) = connection.execute("SELECT id, end_state FROM runs").fetchall()
        done_before = _done(db)
    assert end is None
    assert 30 <= done_before < TARGETS
    assert not (tmp_path / "first.json").exists()  # reports appear whole or not at all

    resumed = lab.auditor(["scan", "-q", "--db", str(db), "--resume", run_id[:10],
                           "--format", "json"])  # fmt: skip
    assert resumed.returncode == 0, resumed.stderr
    document = json.loads(resumed.stdout)
    assert document["run"]["id"] == run_id
    reported = sorted(t["target"] for t in document["targets"])
    assert len(reported) == TARGETS == len(set(reported))
    by_name = {t["target"]: t for t in document["targets"]}
    assert by_name["www.good.lab"]["checks"][0]["status"] == "pass"
    assert by_name["www.good.lab"]["sector"] == "gov"
    assert by_name["n7.good.lab"]["checks"][0]["reason"] == "nxdomain"

    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        assert connection.execute("SELECT end_state FROM runs").fetchall() == [("complete",)]
        for table in ("scores", "check_results", "observations"):
            rows, distinct = connection.execute(
                f"SELECT count(*), count(DISTINCT position) FROM {table}"
            ).fetchone()
            assert rows == distinct == TARGETS, table
        assert connection.execute(
            "SELECT count(*) FROM run_targets WHERE state = 'done'"
        ).fetchone() == (TARGETS,)


@pytest.mark.lab
def test_scans_writing_at_once_both_complete(lab: Lab, tmp_path: Path) -> None:
    db = tmp_path / "history.db"
    names = [f"c{i}.good.lab" for i in range(60)]
    scans = [
        subprocess.Popen(netns.exec_argv(lab.namespace(), [
            sys.executable, "-m", "auditor", "scan", "-q", "--db", str(db), "--format", "json",
            "--profile", DNS_ONLY,
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
    args = ["scan", "-q", "--db", db, *lab.resolver_args(), "--profile", DNS_ONLY,
            "www.good.lab", "v4.good.lab"]  # fmt: skip
    result = lab.auditor([*args, "--fail-under", "60", "-o", str(tmp_path / "r.txt")])
    assert result.returncode == 5
    assert "mean score 50 is low (--fail-under 60)" in result.stderr
    again = lab.auditor([*args, "--fail-on-regression", "-o", str(tmp_path / "r.txt")])
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "r.txt").read_text("utf-8").count("score") == 2
