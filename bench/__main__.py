"""``python -m bench``: build the benchmark lab, run the auditor and the baseline, print figures.

Both runs are child processes in the lab's client namespace; each is measured with wait4 (wall
time, user+system CPU, peak RSS of that process alone), so the two figures are comparable. The
auditor runs as a user would: reading the target file as it goes, storing its history (the
default) and writing a JSON report, so the peak RSS shows whether it streams end to end.

The issue's targets are checked at the end: at least ``MIN_RATE`` domains/s, at least
``MIN_RATIO`` of the baseline's throughput, peak RSS under ``MAX_RSS_MB``; the exit status is 1
when one is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.zone import bench_part, write_targets
from lab import netns
from lab.build import Lab
from lab.scenarios import base_scenario
from lab.spec import combine

PROFILE = Path(__file__).with_name("profile.toml")
MIN_RATE = 300.0
MIN_RATIO = 0.8
MAX_RSS_MB = 300.0


@dataclass
class Measure:
    label: str
    domains: int
    wall: float
    cpu: float
    peak_rss_mb: float

    @property
    def rate(self) -> float:
        return self.domains / self.wall

    def line(self) -> str:
        return (
            f"{self.label:<9} {self.domains:>7} domains  {self.wall:8.2f} s  "
            f"{self.rate:8.1f} dom/s  {1000 * self.cpu / self.domains:7.2f} ms CPU/dom  "
            f"peak RSS {self.peak_rss_mb:7.1f} MB"
        )


def measure(label: str, argv: list[str], domains: int) -> Measure:
    started = time.monotonic()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    errors = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if process.returncode not in (0, 4):
        raise SystemExit(f"{label} failed ({process.returncode}):\n{errors[-3000:]}")
    return Measure(label, domains, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--domains", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=256)
    parser.add_argument("--rate", type=float, default=50_000)
    parser.add_argument(
        "--processes", type=int, default=os.cpu_count() or 1, help="auditor processes (CPUs)"
    )
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument("--cprofile", type=Path, help="run the auditor under cProfile into FILE")
    args = parser.parse_args()

    scenario = combine("bench", [base_scenario(), bench_part(args.domains)])
    with tempfile.TemporaryDirectory(prefix="v6bench-") as scratch, Lab(scenario) as lab:
        targets = write_targets(Path(scratch) / "targets.txt", args.domains)
        client = lab.namespace()
        profiler = ["-m", "cProfile", "-o", str(args.cprofile)] if args.cprofile else []
        auditor = netns.exec_argv(client, [
            sys.executable, *profiler, "-m", "auditor", "scan", "-q", "-f", str(targets),
            "--resolver", scenario.resolver(6), "--ca-bundle", str(lab.ca_path),
            "--root-hints", str(lab.root_hints_path), "--db", str(Path(scratch) / "history.db"),
            "--profile", str(PROFILE), "--format", "json", "-o", str(Path(scratch) / "out.json"),
            "--concurrency", str(args.concurrency), "--rate", str(args.rate),
            "--processes", str(args.processes),
        ])  # fmt: skip
        baseline = netns.exec_argv(client, [
            sys.executable, "-m", "bench.baseline", "--targets", str(targets),
            "--resolver", scenario.resolver(6), "--ca-bundle", str(lab.ca_path),
            "--concurrency", str(args.concurrency),
        ])  # fmt: skip
        results = [measure("v6audit", auditor, args.domains)]
        if not args.skip_baseline:
            results.append(measure("baseline", baseline, args.domains))
    print(
        f"benchmark: {args.domains} domains, concurrency {args.concurrency}, "
        f"{args.processes} auditor processes, {os.cpu_count()} CPUs"
    )
    for result in results:
        print(result.line())
    if len(results) == 2:
        ours, base = results
        print(f"ratio v6audit/baseline: throughput {ours.rate / base.rate:.2f}, "
              f"CPU per domain {ours.cpu / base.cpu:.2f}")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ | {"rate": r.rate} for r in results], indent=1))
    return 0 if meets_targets(results) else 1


def meets_targets(results: list[Measure]) -> bool:
    """Print each target the run can speak to, and whether it was met."""
    ours = results[0]
    verdicts = [
        (f"peak RSS < {MAX_RSS_MB:.0f} MB", ours.peak_rss_mb < MAX_RSS_MB),
        (f">= {MIN_RATE:.0f} domains/s", ours.rate >= MIN_RATE),
    ]
    if len(results) == 2:
        verdicts.append(
            (f"throughput >= {MIN_RATIO} x baseline", ours.rate >= MIN_RATIO * results[1].rate)
        )
    for label, met in verdicts:
        print(f"target {label}: {'met' if met else 'MISSED'}")
    return all(met for _, met in verdicts)


if __name__ == "__main__":
    sys.exit(main())
