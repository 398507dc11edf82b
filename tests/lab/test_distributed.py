"""Distributed mode on the lab: a real Redis broker, real workers in lab namespaces.

* The same targets are scanned locally and through two workers (batches of two, so both take
  work); every target must get the same status for every check, and the distributed run must
  be in the history like a local one.
* A queue stands for a vantage point: workers on the dual-stack and on the IPv6-only network
  each consume their own, and a scan sent to a queue sees what a local scan from that
  network sees.
* A worker process killed in the middle of a batch loses nothing: the batch goes back on the
  broker and is audited again, and every target is reported once.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from lab import netns
from lab.build import Lab
from tests.conftest import statuses
from tests.contract import load_report
from tests.lab import slowscan
from tests.redisserver import redis_server

TARGETS = ["www.good.lab", "v4.good.lab", "alias.good.lab", "alias4.good.lab",
           "missing.good.lab"]  # fmt: skip
QUEUE = "lab-dual-stack"
IPV6_ONLY_QUEUE, IPV6_ONLY = "lab-ipv6-only", "v-v6only"


@contextmanager
def _workers(
    lab: Lab, url: str, tmp_path: Path, queues: list[tuple[str, str]]
) -> Iterator[list[subprocess.Popen[bytes]]]:
    """One worker (one pool process) per (vantage, queue), stopped at the end."""
    workers = []
    for index, (vantage, queue) in enumerate(queues):
        argv = netns.exec_argv(lab.namespace(vantage), [
            sys.executable, "-m", "v6audit", "worker", "--broker", url, "--queue", queue,
            "--concurrency", "1",
        ])  # fmt: skip
        with (tmp_path / f"worker{index}.log").open("w") as log:
            workers.append(subprocess.Popen(argv, stdout=log, stderr=log))
    try:
        yield workers
    finally:
        for worker in workers:
            worker.terminate()
            worker.wait(timeout=30)


@pytest.fixture
def broker(lab: Lab, tmp_path: Path) -> Iterator[str]:
    """A broker with two workers on the lab's client vantage, consuming its queue."""
    with redis_server() as url, _workers(lab, url, tmp_path, [("cli", QUEUE)] * 2):
        yield url


def _scan(lab: Lab, tmp_path: Path, name: str, *extra: str, vantage: str = "cli") -> dict[str, Any]:
    output = tmp_path / f"{name}.json"
    result = lab.auditor(["scan", "-q", "--format", "json", "-o", str(output),
                          "--db", str(tmp_path / "history.db"), *lab.resolver_args(vantage),
                          *extra, *TARGETS], vantage=vantage)  # fmt: skip
    assert result.returncode == 0, result.stderr
    document: dict[str, Any] = load_report(output.read_text("utf-8"))
    return document


@pytest.mark.lab
def test_distributed_scan_gives_the_local_results(lab: Lab, broker: str, tmp_path: Path) -> None:
    local = _scan(lab, tmp_path, "local")
    distributed = _scan(lab, tmp_path, "distributed", "--distributed", broker, "--queue", QUEUE,
                        "--batch-size", "2")  # fmt: skip
    assert sorted(statuses(local)) == sorted(TARGETS)
    assert statuses(distributed) == statuses(local)
    assert slowscan.done_per_run(tmp_path / "history.db") == [len(TARGETS)] * 2


@pytest.mark.lab
def test_each_queue_audits_from_its_own_vantage(lab: Lab, tmp_path: Path) -> None:
    queues = [("cli", QUEUE), (IPV6_ONLY, IPV6_ONLY_QUEUE)]
    with redis_server() as url, _workers(lab, url, tmp_path, queues):
        seen = {}
        for vantage, queue in queues:
            local = _scan(lab, tmp_path, f"local-{vantage}", vantage=vantage)
            sent = _scan(lab, tmp_path, f"sent-{queue}", "--distributed", url, "--queue", queue,
                         vantage=vantage)  # fmt: skip
            assert statuses(sent) == statuses(local), vantage
            seen[vantage] = statuses(local)
    # the two networks see v4.good.lab differently, so the queues really are two vantages
    assert seen["cli"]["v4.good.lab"] != seen[IPV6_ONLY]["v4.good.lab"]


@pytest.mark.lab
def test_a_batch_whose_worker_dies_is_audited_again(lab: Lab, tmp_path: Path) -> None:
    with redis_server() as url, _workers(lab, url, tmp_path, [("cli", QUEUE)]) as (worker,):
        # batches of 50 targets take about two seconds each at the slow scan's rate
        scan = slowscan.start(lab, tmp_path, "--distributed", url, "--queue", QUEUE,
                              "--batch-size", "50")  # fmt: skip
        try:
            slowscan.wait_for_stored(scan, tmp_path, 50)  # one batch in: the next is running
            (pool,) = netns.children(worker.pid)
            os.kill(pool, signal.SIGKILL)  # the worker's one pool process, mid-batch
            assert scan.wait(timeout=120) == 0, (tmp_path / "scan.log").read_text()
        finally:
            scan.kill()
            scan.wait()
    log = (tmp_path / "worker0.log").read_text()
    assert "WorkerLostError" in log, log[-3000:]
    received = re.findall(r"audit_batch\[([0-9a-f-]+)\] received", log)
    (again,) = {batch for batch in received if received.count(batch) == 2}
    assert f"audit_batch[{again}] succeeded" in log
    document = load_report((tmp_path / "first.json").read_text())
    reported = [t["target"] for t in document["targets"]]
    assert len(reported) == slowscan.TARGETS == len(set(reported))
    assert slowscan.done(tmp_path / "history.db") == slowscan.TARGETS
    by_name = {t["target"]: t for t in document["targets"]}
    assert by_name["www.good.lab"]["checks"][0]["status"] == "pass"
    assert by_name["n7.good.lab"]["checks"][0]["reason"] == "nxdomain"
