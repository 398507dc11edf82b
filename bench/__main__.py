"""``python -m bench``: build the benchmark lab, run the auditor and the baseline, print figures.

Both runs are child processes in the lab's client namespace; each is measured with wait4 (wall
time, user+system CPU, peak RSS of that process alone), so the two figures are comparable.
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
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args()

    scenario = combine("bench", [base_scenario(), bench_part(args.domains)])
    with tempfile.TemporaryDirectory(prefix="v6bench-") as scratch, Lab(scenario) as lab:
        targets = write_targets(Path(scratch) / "targets.txt", args.domains)
        client = lab.namespace()
        auditor = netns.exec_argv(client, [
            sys.executable, "-m", "auditor", "scan", "-q", "-f", str(targets),
            "--resolver", scenario.resolver(6), "--ca-bundle", str(lab.ca_path),
            "--profile", str(PROFILE), "--format", "json", "-o", str(Path(scratch) / "out.json"),
            "--concurrency", str(args.concurrency), "--rate", str(args.rate),
        ])  # fmt: skip
        baseline = netns.exec_argv(client, [
            sys.executable, "-m", "bench.baseline", "--targets", str(targets),
            "--resolver", scenario.resolver(6), "--concurrency", str(args.concurrency),
        ])  # fmt: skip
        results = [measure("v6audit", auditor, args.domains)]
        if not args.skip_baseline:
            results.append(measure("baseline", baseline, args.domains))
    print(
        f"benchmark: {args.domains} domains, concurrency {args.concurrency}, {os.cpu_count()} CPUs"
    )
    for result in results:
        print(result.line())
    if len(results) == 2:
        ours, base = results
        print(f"ratio v6audit/baseline: throughput {ours.rate / base.rate:.2f}, "
              f"CPU per domain {ours.cpu / base.cpu:.2f}")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ | {"rate": r.rate} for r in results], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
