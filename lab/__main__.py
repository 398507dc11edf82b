"""``python -m lab demo|up``: the README's main job, with no internet needed.

``demo`` brings the sealed lab up, runs ``v6audit scan`` on every lab target from inside the
client namespace, writes the reports and their history database under ``--output`` and tears
the lab down.
``up`` keeps the lab running until Ctrl-C, to try the auditor by hand.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
from pathlib import Path

from lab.build import Lab
from lab.scenarios import full_lab
from lab.spec import VANTAGE

REPORTS = (
    ("json", "lab-report.json"),
    ("html", "lab-report.html"),
    ("csv", "lab-report.csv"),
    ("xlsx", "lab-report.xlsx"),
    ("openmetrics", "lab-report.prom"),
    ("text", "lab-report.txt"),
)
HISTORY = "lab-history.db"
"""The demo's runs go to a history beside its reports, not to the user's own."""


def _targets_file(lab: Lab, directory: Path) -> Path:
    path = directory / "lab-targets.txt"
    lines = ["# every target of the lab scenarios"]
    lines += sorted(
        {e.target for e in lab.scenario.expectations if e.vantage == "cli" and e.target != VANTAGE}
    )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def demo(output: Path) -> int:
    """Scan once into the JSON report and the history, then render the other formats from the
    stored run (``v6audit rescore`` judges the stored observations again: no second scan)."""
    output.mkdir(parents=True, exist_ok=True)
    history = ["--db", str(output / HISTORY)]
    with Lab(full_lab()) as lab:
        targets = _targets_file(lab, output)
        (fmt, name), *others = REPORTS
        scan = ["scan", "-q", "-f", str(targets), *lab.resolver_args(), *history]
        if not _ran(lab, [*scan, "--format", fmt, "--output", str(output / name)]):
            return 1
        run_id = json.loads((output / name).read_text(encoding="utf-8"))["run"]["id"]
        for fmt, name in others:
            rescore = ["rescore", run_id, "--profile", "default", *history]
            if not _ran(lab, [*rescore, "--format", fmt, "--output", str(output / name)]):
                return 1
    print((output / "lab-report.txt").read_text(encoding="utf-8"))
    print(f"reports written to {output}/: {', '.join(name for _fmt, name in REPORTS)}")
    return 0


def _ran(lab: Lab, args: list[str]) -> bool:
    result = lab.auditor(args)
    sys.stderr.write(result.stderr)
    if result.returncode != 0:
        print(f"v6audit {args[0]} exited with {result.returncode}", file=sys.stderr)
    return result.returncode == 0


def up() -> int:
    with Lab(full_lab()) as lab:
        print(
            f"lab is up; audit from the client namespace, e.g.:\n"
            f"  ip netns exec {lab.namespace()} v6audit scan {' '.join(lab.resolver_args())} "
            f"www.good.lab\nCtrl-C tears it down."
        )
        signal.sigwait({signal.SIGINT, signal.SIGTERM})
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m lab", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run_demo = commands.add_parser("demo", help="scan the lab and write reports")
    run_demo.add_argument("--output", type=Path, default=Path("out"))
    commands.add_parser("up", help="keep the lab running until Ctrl-C")
    args = parser.parse_args()
    if args.command == "demo":
        return demo(args.output)
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    return up()


if __name__ == "__main__":
    sys.exit(main())
