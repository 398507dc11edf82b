"""A scan slow enough to be hit midway (killed, or a worker process lost), and its resumption.

200 DNS-only targets at 40 network operations per second take about ten seconds; tests start
it in the background, wait until some targets are stored, strike, then check that
``--resume`` completes the run with every target exactly once.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from lab import netns
from lab.build import Lab
from tests.contract import load_report

TARGETS = 200
RATE = "40"
"""Network operations per second: two lookups per target make the run last about ten seconds."""
DNS_ONLY = str(Path(__file__).parents[1] / "data" / "dns-only.toml")


def write_targets(tmp_path: Path) -> Path:
    path = tmp_path / "targets.txt"
    names = ["www.good.lab gov", "v4.good.lab"] + [f"n{i}.good.lab" for i in range(TARGETS - 2)]
    path.write_text("\n".join(names) + "\n", "utf-8")
    return path


def done(db: Path) -> int:
    """Targets the run has stored so far."""
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as connection:
            row = connection.execute("SELECT count(*) FROM run_targets WHERE state = 'done'")
            return int(row.fetchone()[0])
    except sqlite3.OperationalError:  # not created yet
        return 0


def done_per_run(db: Path) -> list[int]:
    """Targets stored by each run of the history, oldest run first."""
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT count(*) FROM run_targets JOIN runs ON runs.id = run_targets.run_id "
            "WHERE state = 'done' GROUP BY run_id ORDER BY min(runs.started)"
        ).fetchall()
    return [count for (count,) in rows]


def start(lab: Lab, tmp_path: Path, *extra: str) -> subprocess.Popen[bytes]:
    """Start the slow scan in the lab's client namespace (its pid is the auditor's own)."""
    argv = netns.exec_argv(lab.namespace(), [
        sys.executable, "-m", "v6audit", "scan", "-q", "--db", str(tmp_path / "history.db"),
        *lab.resolver_args(), "--profile", DNS_ONLY, "--rate", RATE, "--concurrency", "4",
        "-f", str(write_targets(tmp_path)), "-o", str(tmp_path / "first.json"),
        "--format", "json", *extra,
    ])  # fmt: skip
    with (tmp_path / "scan.log").open("w") as log:  # the scan keeps its own descriptor
        return subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=log)


def wait_for_stored(scan: subprocess.Popen[bytes], tmp_path: Path, count: int) -> None:
    deadline = time.monotonic() + 60
    while done(tmp_path / "history.db") < count:
        assert scan.poll() is None, (tmp_path / "scan.log").read_text()
        assert time.monotonic() < deadline, "the scan stored nothing in a minute"
        time.sleep(0.05)


def assert_resume_completes(lab: Lab, db: Path) -> None:
    """The stored run is intact; ``--resume`` finishes it with one row set per target."""
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        ((run_id,),) = connection.execute("SELECT id FROM runs").fetchall()
    resumed = lab.auditor(["scan", "-q", "--db", str(db), "--resume", run_id[:10],
                           "--format", "json"])  # fmt: skip
    assert resumed.returncode == 0, resumed.stderr
    document = load_report(resumed.stdout)
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
