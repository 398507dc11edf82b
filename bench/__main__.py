"""``python -m bench``: build the benchmark lab, run the auditor and the baseline, print figures.

Both runs are child processes in the lab's client namespace; each is measured with wait4 (wall
time, user+system CPU of the process and of its own children, such as ``--processes``), so the
two figures are comparable. Peak RSS is the largest sum over the process tree, sampled every
tenth of a second (wait4's figure is one process's peak). The share of all CPUs busy during the
run shows how much room the machine (which also runs the lab's servers) had left. The auditor
runs as a user would: reading the target file as it goes, storing its history (the default) and
writing a JSON report, so the peak RSS shows whether it streams end to end. Both run in as many
processes (``--processes``). A shared two-core machine varies by a fifth from one run to the
next: ``--repeats N`` runs the two alternately N times and judges the medians, printing the
ratios' spread. ``--compare DIR`` runs another checkout's auditor (with its own ``.venv``) after
this one's in each repeat, on the same lab and targets, and prints both and their ratio: a
before/after of a change under the same load, which a two-core machine's drift from one hour to
the next would otherwise hide.

Then an HTML report of ``--report-targets`` synthesized targets is written and opened in
headless Chromium (:mod:`bench.report`): its size and time to interactive are printed too.

The efficiency targets are checked at the end: the baseline's throughput at least
(``MIN_THROUGHPUT_RATIO``), no more CPU per domain than it (``MAX_CPU_RATIO``), peak RSS under
``MAX_RSS_MB``, and the report's size and time to interactive; the exit status is 1 when one is
missed. There is no absolute rate: on a machine of 2 cores what counts is the work the auditor
adds on top of the libraries it uses.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from bench.baseline import FAILED
from bench.layers import layer_table, layers
from bench.report import ReportFigures, measure_report
from bench.zone import MIXES, bench_part, write_targets
from lab import netns
from lab.build import Lab
from lab.scenarios import base_scenario
from lab.spec import combine
from v6audit.auditor.metering import machine_cpu

PROFILE = Path(__file__).with_name("profile.toml")
MIN_THROUGHPUT_RATIO = 1.0
MAX_CPU_RATIO = 1.0
MAX_RSS_MB = 250.0
MAX_REPORT_MB = 15.0
MAX_OPEN_S = 3.0
SAMPLE_EVERY = 0.1
"""Seconds between samples of the process tree's memory."""


@dataclass
class Measure:
    label: str
    domains: int
    wall: float
    cpu: float
    peak_rss_mb: float
    machine_busy: float
    """Share of all the machine's CPU time that was busy during the run (lab servers too)."""
    requests: int
    """HTTP requests the lab's web server logged during the run."""
    sent: dict[str, int]
    """What the client namespace's kernel counted during the run (``/proc/net/snmp``): UDP
    datagrams sent (DNS, mostly), TCP connections opened, ICMP messages sent."""

    @property
    def rate(self) -> float:
        return self.domains / self.wall

    def line(self) -> str:
        return (
            f"{self.label:<9} {self.domains:>7} domains  {self.wall:8.2f} s  "
            f"{self.rate:8.1f} dom/s  {1000 * self.cpu / self.domains:7.2f} ms CPU/dom  "
            f"peak RSS {self.peak_rss_mb:7.1f} MB  machine CPU busy {100 * self.machine_busy:3.0f}%"
            f"  {self.requests / self.domains:5.2f} HTTP requests/dom  per dom: "
            + ", ".join(f"{count / self.domains:.2f} {kind}" for kind, count in self.sent.items())
        )


def measure(
    label: str,
    argv: list[str],
    domains: int,
    access_log: Path,
    namespace: str,
    directory: Path | None = None,
) -> Measure:
    """Run ``argv`` (in ``directory``, if given) and measure it; ``access_log``: the lab web
    server's, whose new lines are the run's HTTP requests; ``namespace``: the one it runs in,
    whose packet counters tell the run's exchanges."""
    logged_before, sent_before = _lines(access_log), _sent(namespace)
    started, cpu_before = time.monotonic(), _machine_cpu()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=errors, cwd=directory)
        peak = _TreeMemory(process.pid)
        peak.start()
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.monotonic() - started
        peak.stop.set()
        peak.join()
        (busy, total) = (now - then for now, then in zip(_machine_cpu(), cpu_before, strict=True))
        process.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        tail = errors.read().decode(errors="replace")[-3000:]
        if process.returncode not in (0, 4):
            raise SystemExit(f"{label} failed ({process.returncode}):\n{tail}")
        for line in tail.splitlines():
            if line.startswith(FAILED):  # what the baseline did not manage to do
                print(f"{label} {line}")
    cpu = usage.ru_utime + usage.ru_stime
    rss = max(peak.bytes, usage.ru_maxrss * 1024) / 2**20
    requests = _lines(access_log) - logged_before
    sent = {kind: count - sent_before[kind] for kind, count in _sent(namespace).items()}
    return Measure(label, domains, wall, cpu, rss, busy / total, requests, sent)


SNMP_COUNTERS = {
    ("Udp", "OutDatagrams"): "UDP datagrams",
    ("Tcp", "ActiveOpens"): "TCP opens",
    ("Icmp", "OutMsgs"): "ICMP",
}
SNMP6_COUNTERS = {"Udp6OutDatagrams": "UDP datagrams", "Icmp6OutMsgs": "ICMP"}


def _sent(namespace: str) -> dict[str, int]:
    """The namespace's counters of what it sent, both families summed (``SNMP_COUNTERS``;
    ``/proc/net/snmp6`` has IPv6's UDP and ICMP, TCP's counters cover both)."""
    argv = netns.exec_argv(namespace, ["cat", "/proc/net/snmp", "/proc/net/snmp6"])
    text = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    counters: dict[tuple[str, str], int] = {}
    lines = text.splitlines()
    for names, values in pairwise(lines):
        group, _, fields = names.partition(": ")
        if values.startswith(group + ": ") and not fields[:1].isdigit():
            for field, value in zip(fields.split(), values.split()[1:], strict=False):
                counters[group, field] = int(value)
    found = {label: counters.get(key, 0) for key, label in SNMP_COUNTERS.items()}
    for line in lines:  # snmp6: a counter a line
        name, _, value = line.partition(" ")
        label = SNMP6_COUNTERS.get(name)
        if label is not None:
            found[label] += int(value)
    return found


def _lines(path: Path) -> int:
    """Lines in ``path`` so far (0 before it exists)."""
    try:
        with path.open("rb") as handle:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    except FileNotFoundError:
        return 0


def bound_by_of(report: Path) -> str:
    """What the auditor's run summary says bound the run (its JSON report's ``bound_by``)."""
    with report.open(encoding="utf-8") as handle:
        run: dict[str, str] = json.load(handle)["run"]
    return run.get("bound_by", "too short to tell")


def _machine_cpu() -> tuple[int, int]:
    figures = machine_cpu()
    if figures is None:
        raise SystemExit("the benchmark reads /proc/stat: it runs on Linux only")
    return figures


class _TreeMemory(threading.Thread):
    """Samples the resident memory of a process and all its descendants; keeps the peak."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.bytes, self.stop = pid, 0, threading.Event()
        self.page = os.sysconf("SC_PAGE_SIZE")

    def run(self) -> None:
        while not self.stop.wait(SAMPLE_EVERY):
            self.bytes = max(self.bytes, sum(self._rss(pid) for pid in self._tree(self.pid)))

    def _tree(self, pid: int) -> list[int]:
        return [pid, *(p for child in netns.children(pid) for p in self._tree(child))]

    def _rss(self, pid: int) -> int:
        try:
            return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * self.page
        except (OSError, IndexError):
            return 0


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--domains", type=int, default=10_000)
    parser.add_argument(
        "--mix", choices=MIXES, default="spread", help="names on their own addresses, or shared"
    )
    parser.add_argument("--concurrency", type=int, default=256)
    parser.add_argument(
        "--per-host", type=int, default=4, help="both runs' limit per address (the default's)"
    )
    parser.add_argument("--rate", type=float, default=50_000)
    parser.add_argument(
        "--processes",
        type=int,
        default=os.cpu_count() or 1,
        help="processes of each run, the auditor's and the baseline's (CPUs)",
    )
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument(
        "--repeats",
        type=int,
        default=1,
        help="run both so many times, alternately; the targets are checked on the medians",
    )
    parser.add_argument(
        "--compare",
        type=Path,
        help="another checkout (with its own .venv) whose auditor runs alternately with this "
        "one's on the same lab, for a before/after under the same load",
    )
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument(
        "--cprofile",
        type=Path,
        help="run the auditor under cProfile into FILE, and the baseline into FILE.baseline; "
        "print where the time went, per layer (main processes only: use --processes 1)",
    )
    parser.add_argument(
        "--profile", default=str(PROFILE), help="the auditor's profile (default: the bench one)"
    )
    parser.add_argument(
        "--report-targets", type=int, default=10_000, help="HTML report size to time (0: none)"
    )
    args = parser.parse_args()

    scenario = combine("bench", [base_scenario(), bench_part(args.domains, args.mix)])
    runs: list[tuple[Measure, Measure | None]] = []
    compared: list[Measure] = []
    # a profile file named absolutely: the compared checkout runs from its own directory
    profile = str(Path(args.profile).resolve()) if Path(args.profile).is_file() else args.profile
    with tempfile.TemporaryDirectory(prefix="v6bench-") as scratch, Lab(scenario) as lab:
        targets = write_targets(Path(scratch) / "targets.txt", args.domains)
        client = lab.namespace()
        outputs = (args.cprofile, f"{args.cprofile}.baseline") if args.cprofile else None
        profiler, base_profiler = (
            (["-m", "cProfile", "-o", str(path)] for path in outputs) if outputs else ([], [])
        )
        baseline = netns.exec_argv(client, [
            sys.executable, *base_profiler, "-m", "bench.baseline", "--targets", str(targets),
            "--resolver", scenario.resolver(6), "--ca-bundle", str(lab.ca_path),
            "--concurrency", str(args.concurrency), "--per-host", str(args.per_host),
            "--processes", str(args.processes),
        ])  # fmt: skip
        access_log = lab.workdir / "nginx-access.log"
        for repeat in range(args.repeats):  # alternately, so both see the same machine
            scan = [
                "scan", "-q", "-f", str(targets),
                "--resolver", scenario.resolver(6), "--ca-bundle", str(lab.ca_path),
                "--root-hints", str(lab.root_hints_path),
                "--profile", profile, "--format", "json",
                "--concurrency", str(args.concurrency), "--rate", str(args.rate),
                "--processes", str(args.processes), "--per-host", str(args.per_host),
            ]  # fmt: skip
            auditor = netns.exec_argv(client, [
                sys.executable, *profiler, "-m", "v6audit", *scan,
                "--db", str(Path(scratch) / f"history-{repeat}.db"),
                "-o", str(Path(scratch) / "out.json"),
            ])  # fmt: skip
            ours = measure("v6audit", auditor, args.domains, access_log, client)
            if args.compare is not None:  # run from its own directory (-m imports from there)
                other = args.compare.resolve()
                argv = netns.exec_argv(client, [
                    str(other / ".venv" / "bin" / "python"), "-B", "-m", "v6audit", *scan,
                    "--db", str(Path(scratch) / f"compared-{repeat}.db"),
                    "-o", str(Path(scratch) / "compared.json"),
                ])  # fmt: skip
                compared.append(measure("compared", argv, args.domains, access_log, client, other))
            base = None
            if not args.skip_baseline:
                base = measure("baseline", baseline, args.domains, access_log, client)
            runs.append((ours, base))
        bound_by = bound_by_of(Path(scratch) / "out.json")
    print(
        f"benchmark: {args.domains} domains ({args.mix} mix), concurrency {args.concurrency}, "
        f"{args.processes} processes each, {args.per_host} per host, {os.cpu_count()} CPUs"
    )
    for ours, base in runs:
        print(ours.line())
        if base is not None:
            print(base.line())
    print(f"v6audit bound by: {bound_by}")
    if compared:
        for measured in compared:
            print(measured.line())
        this, that = median_measure([ours for ours, _ in runs]), median_measure(compared)
        print(
            f"ratio v6audit/compared ({args.compare}, medians): throughput "
            f"{this.rate / that.rate:.2f}, CPU per domain {this.cpu / that.cpu:.2f}"
        )
    results = [median_measure([ours for ours, _ in runs])]
    bases = [base for _, base in runs if base is not None]
    if bases:
        results.append(median_measure(bases))
        rates, cpus = zip(*((o.rate / b.rate, o.cpu / b.cpu) for o, b in runs if b), strict=True)
        ours, base = results
        ratio = f"throughput {ours.rate / base.rate:.2f}, CPU per domain {ours.cpu / base.cpu:.2f}"
        if len(bases) == 1:
            print(f"ratio v6audit/baseline: {ratio}")
        else:
            spread = f"throughput {_span(rates)}, CPU {_span(cpus)}"
            print(f"ratio v6audit/baseline (medians): {ratio} (repeats: {spread})")
    if args.cprofile and bases:
        print(layer_table(layers(args.cprofile), layers(Path(f"{args.cprofile}.baseline"))))
    report = measure_report(args.report_targets) if args.report_targets else None
    if report is not None:
        print(report.line())
    if args.json:
        figures = [r.__dict__ | {"rate": r.rate} for r in results]
        if report is not None:
            figures.append(report.__dict__ | {"interactive": report.interactive})
        args.json.write_text(json.dumps(figures, indent=1))
    return 0 if meets_targets(results, report) else 1


def _span(values: Sequence[float]) -> str:
    return f"{min(values):.2f} to {max(values):.2f}"


def median_measure(runs: list[Measure]) -> Measure:
    """The median of each figure over repeated runs (the highest peak RSS: a limit, not a
    typical value)."""
    first = runs[0]
    return Measure(
        first.label,
        first.domains,
        statistics.median(r.wall for r in runs),
        statistics.median(r.cpu for r in runs),
        max(r.peak_rss_mb for r in runs),
        statistics.median(r.machine_busy for r in runs),
        round(statistics.median(r.requests for r in runs)),
        {kind: round(statistics.median(r.sent[kind] for r in runs)) for kind in first.sent},
    )


def meets_targets(results: list[Measure], report: ReportFigures | None) -> bool:
    """Print each target the run can speak to, and whether it was met."""
    ours = results[0]
    verdicts = [
        (f"peak RSS <= {MAX_RSS_MB:.0f} MB", ours.peak_rss_mb <= MAX_RSS_MB),
    ]
    if report is not None:
        verdicts += [
            (f"HTML report <= {MAX_REPORT_MB:.0f} MB", report.size_mb <= MAX_REPORT_MB),
            (f"HTML report interactive <= {MAX_OPEN_S:.0f} s", report.interactive <= MAX_OPEN_S),
        ]
    if len(results) == 2:
        base = results[1]
        verdicts += [
            (
                f"throughput >= {MIN_THROUGHPUT_RATIO} x baseline",
                ours.rate >= MIN_THROUGHPUT_RATIO * base.rate,
            ),
            (f"CPU per domain <= {MAX_CPU_RATIO} x baseline", ours.cpu <= MAX_CPU_RATIO * base.cpu),
        ]
    for label, met in verdicts:
        print(f"target {label}: {'met' if met else 'MISSED'}")
    return all(met for _, met in verdicts)


if __name__ == "__main__":
    sys.exit(main())
