"""``python -m bench.latency``: web.latency6's verdicts on the lab's latency sites, CPUs saturated.

web.latency6 compares timings, so the load of the auditing machine is its enemy: a stall of the
auditor itself must never pass for a slower IPv6, nor hide a real penalty. This builds the whole
lab's ``deep`` part (``--lab full``: the whole lab, as in the lab tests), starts ``--busy``
processes that spin on the CPUs, scans every target of that lab ``--repeats`` times (the
latency sites with the others, so the auditor's own event loop is busy too) and counts the
verdicts on the healthy twins (must never warn) and on the late sites (must always warn):
``plain`` (HTTP only, every IPv6 answer 150 ms late), ``late`` (the same over HTTPS) and
``slow`` (IPv6 pages 0.4 s late), the latter also named by its URL.

Every other verdict the lab's scenarios expect of those targets is checked too: load must not
change any of them (a timeout of the auditor's own making read as the site's, say). The
expected verdicts that came out otherwise are counted per checkout and listed.

``--compare DIR`` also runs another checkout of the auditor (with its own ``.venv``) on the same
lab, alternating with this one scan by scan, so that both meet the same load: before and after
in one run. Counts, not timings: the exit status is 1 when a twin warned, a late site did not, or
an expected verdict came out otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from lab import netns
from lab.build import Lab
from lab.load import saturated
from lab.scenarios import base_scenario, full_lab
from lab.scenarios.deep import TWINS, deep_scenario
from lab.spec import VANTAGE, combine, verdict

CHECK = "web.latency6"
LATE = ("plain.deep.lab", "late.deep.lab", "slow.deep.lab", "http://slow.deep.lab/")
"""Sites whose IPv6 answers come late (the servers' doing: this kernel has no netem)."""


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.latency", description=__doc__)
    parser.add_argument("--busy", type=int, default=4, help="processes spinning on the CPUs")
    parser.add_argument("--repeats", type=int, default=5, help="scans of every lab target")
    parser.add_argument("--lab", choices=("deep", "full"), default="deep", help="lab to scan")
    parser.add_argument("--compare", type=Path, help="another checkout to run alternately")
    parser.add_argument("--json", type=Path, help="also write each scan's web.latency6 details")
    args = parser.parse_args()

    runners = {"this": ([sys.executable, "-m", "v6audit"], Path.cwd())}
    if args.compare is not None:  # from its own directory (``-m`` imports from there first),
        checkout = args.compare.resolve()  # and leaving no bytecode behind in it
        python = str(checkout / ".venv" / "bin" / "python")
        # a checkout from before the one namespace runs its CLI as the module ``auditor``
        module = "v6audit" if (checkout / "v6audit").is_dir() else "auditor"
        runners[str(args.compare)] = ([python, "-B", "-m", module], checkout)
    counts: dict[tuple[str, str], Counter[str]] = {}
    wrong: dict[str, Counter[str]] = {label: Counter() for label in runners}
    details: list[dict[str, Any]] = []
    scenario = (
        full_lab() if args.lab == "full" else combine("latency", [base_scenario(), deep_scenario()])
    )
    with Lab(scenario) as lab:
        expected = [
            e for e in lab.scenario.expectations if e.vantage == "cli" and e.target != VANTAGE
        ]
        targets = sorted({e.target for e in expected})
        with saturated(args.busy):
            for repeat in range(args.repeats):
                for label, (auditor, directory) in runners.items():
                    argv = [*auditor, "scan", "-q", "--format", "json", *lab.resolver_args()]
                    scanned = _scan(lab, argv + targets, directory)
                    for expect in expected:
                        for check_id, want in expect.verdicts.items():
                            got = verdict(scanned[expect.target][check_id])
                            if got != want:
                                wrong[label][f"{expect.target} {check_id} {got} (not {want})"] += 1
                    found = {t: scanned[t][CHECK] for t in (*TWINS, *LATE) if t in scanned}
                    for target, check in found.items():
                        group = "late" if target in LATE else "twins"
                        counts.setdefault((label, group), Counter())[check["status"]] += 1
                        details.append(
                            {"auditor": label, "repeat": repeat, "target": target, **check}
                        )
                    print(f"scan {repeat + 1}/{args.repeats} {label}: {_line(found)}", flush=True)
    print(
        f"{CHECK} verdicts, {args.busy} busy processes on {os.cpu_count()} CPUs, "
        f"{args.repeats} scans of the {args.lab} lab's {len(targets)} targets each"
    )
    for (label, group), counted in sorted(counts.items()):
        listed = ", ".join(f"{status} {n}" for status, n in sorted(counted.items()))
        print(f"{label:<20} {group:<6} {listed}")
    total = args.repeats * sum(len(e.verdicts) for e in expected)
    for label, differed in wrong.items():
        print(f"{label:<20} expected verdicts that came out otherwise: {sum(differed.values())}"
              f" of {total}")  # fmt: skip
        for line, n in differed.most_common():
            print(f"    {n}x {line}")
    if args.json:
        args.json.write_text(json.dumps(details, indent=1))
    sound = all(
        counted["warn"] == 0 if group == "twins" else counted["warn"] + counted["fail"] == scans
        for (label, group), counted in counts.items()
        if label == "this" and (scans := sum(counted.values()))
    )
    return 0 if sound and not wrong["this"] else 1


def _scan(lab: Lab, argv: list[str], directory: Path) -> dict[str, dict[str, dict[str, Any]]]:
    """Every check of every target of one scan of ``argv``, by target and check ID."""
    command = netns.exec_argv(lab.namespace(), argv)
    result = subprocess.run(
        command, cwd=directory, capture_output=True, text=True, timeout=600, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"scan failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return {
        entry["target"]: {check["id"]: check for check in entry["checks"]}
        for entry in json.loads(result.stdout)["targets"]
    }


def _line(found: dict[str, dict[str, Any]]) -> str:
    return " ".join(
        f"{target.removeprefix('http://').split('.')[0]}{'/' if '://' in target else ''}"
        f"={check['status']}"
        for target, check in sorted(found.items())
    )


if __name__ == "__main__":
    sys.exit(main())
