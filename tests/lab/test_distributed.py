"""Distributed mode on the lab: a real Redis broker, real workers in a lab namespace.

The same targets are scanned locally and through two workers (batches of two, so both take
work); every target must get the same status for every check, and the distributed run must be
in the history like a local one.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lab import netns
from lab.build import Lab
from tests.conftest import statuses
from tests.redisserver import redis_server

TARGETS = ["www.good.lab", "v4.good.lab", "alias.good.lab", "alias4.good.lab",
           "missing.good.lab"]  # fmt: skip
QUEUE = "lab-dual-stack"


@pytest.fixture
def broker(lab: Lab, tmp_path: Path) -> Iterator[str]:
    """A broker with two workers on the lab's client vantage, consuming its queue."""
    with redis_server() as url:
        workers = []
        for index in range(2):
            argv = netns.exec_argv(lab.namespace(), [
                sys.executable, "-m", "auditor", "worker", "--broker", url, "--queue", QUEUE,
                "--concurrency", "1",
            ])  # fmt: skip
            log = (tmp_path / f"worker{index}.log").open("w")
            workers.append((subprocess.Popen(argv, stdout=log, stderr=log), log))
        try:
            yield url
        finally:
            for worker, log in workers:
                worker.terminate()
                worker.wait(timeout=30)
                log.close()


def _scan(lab: Lab, tmp_path: Path, name: str, *extra: str) -> dict[str, Any]:
    output = tmp_path / f"{name}.json"
    result = lab.auditor(["scan", "-q", "--format", "json", "-o", str(output),
                          "--db", str(tmp_path / "history.db"), *lab.resolver_args(), *extra,
                          *TARGETS])  # fmt: skip
    assert result.returncode == 0, result.stderr
    document: dict[str, Any] = json.loads(output.read_text("utf-8"))
    return document


@pytest.mark.lab
def test_distributed_scan_gives_the_local_results(lab: Lab, broker: str, tmp_path: Path) -> None:
    local = _scan(lab, tmp_path, "local")
    distributed = _scan(lab, tmp_path, "distributed", "--distributed", broker, "--queue", QUEUE,
                        "--batch-size", "2")  # fmt: skip
    assert sorted(statuses(local)) == sorted(TARGETS)
    assert statuses(distributed) == statuses(local)
    with sqlite3.connect(tmp_path / "history.db") as connection:
        rows = connection.execute(
            "SELECT run_id, count(*) FROM run_targets WHERE state = 'done' GROUP BY run_id"
        ).fetchall()
    assert [count for _run, count in rows] == [len(TARGETS)] * 2
