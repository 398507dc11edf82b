"""``python -m bench.report``: size and opening time of a large HTML report.

The report's targets are SYNTHESIZED, not scanned: each is a copy, under a new name and sector,
of one target of a real lab scan (``bench/report-sample.json.gz``: the checks and scores of every
target of ``python -m lab demo``, 19 checks each with their evidence), with every mention of the
original name replaced, so names and URLs in the evidence are distinct as in a real run. They go
through the real :class:`~reports.html_writer.HtmlWriter`; the file is then opened in headless
Chromium (the one the browser tests drive) and timed until its script is done (``data-ready``),
until a filter typed in the search box has been applied, and until a target's details show.

Refresh the sample after changing checks: ``python -m lab demo --output out`` then
``python -m bench.report --sample-from out/lab-report.json``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from v6audit.auditor.model import CheckResult, Score
from v6audit.auditor.profile import load_profile
from v6audit.auditor.records import Run, TargetReport
from v6audit.auditor.targets import parse_target
from v6audit.probes.model import Sector
from v6audit.probes.net.settings import ScanSettings
from v6audit.reports.html_writer import HtmlWriter

SAMPLE = Path(__file__).with_name("report-sample.json.gz")
SECTORS: tuple[Sector | None, ...] = (*Sector, None)
FILTER = "site1"
"""Typed into the search box: matches about a ninth of the synthesized names."""


@dataclass
class ReportFigures:
    targets: int
    size_mb: float
    ready: float
    """Seconds from navigation to the page's script having listed the targets."""
    filtered: float
    """Seconds from typing the filter to the list showing its matches (debounce included)."""
    details: float
    """Seconds from clicking a target to its checks showing."""

    @property
    def interactive(self) -> float:
        return self.ready + self.filtered

    def line(self) -> str:
        return (
            f"HTML report {self.targets} targets (synthesized): {self.size_mb:.1f} MB, "
            f"interactive in {self.interactive:.2f} s (open {self.ready:.2f} s + filter "
            f"{self.filtered:.2f} s), details {self.details:.2f} s"
        )


def synthesized(count: int) -> Iterator[TargetReport]:
    """``count`` reports made from the sample's targets, renamed (see the module docstring)."""
    with gzip.open(SAMPLE, "rt", encoding="utf-8") as sample:
        templates = [t for t in json.load(sample) if t["kind"] == "domain"]
    for index in range(count):
        template = templates[index % len(templates)]
        sector = SECTORS[index % len(SECTORS)]
        name = f"site{index}.{sector.value if sector else 'misc'}.example.cn"
        text = json.dumps(template, ensure_ascii=False).replace(template["target"], name)
        entry = json.loads(text)
        results = [CheckResult.model_validate(check) for check in entry["checks"]]
        score = Score.model_validate(entry["score"])
        yield TargetReport(parse_target(name, sector=sector), results, score, {})


def write_report(path: Path, count: int, lang: str) -> None:
    profile = load_profile("default")
    writer = HtmlWriter(path, lang, profile, None)
    for report in synthesized(count):
        writer.add(report)
    run = Run("bench", datetime.now(UTC), profile, lang, ScanSettings(), "bench")
    run.finished, run.end = run.started, "complete"
    writer.close(run)


def open_times(path: Path) -> tuple[float, float, float]:
    """Seconds to ready, to a filter applied and to a target's details, in headless Chromium."""
    from playwright.sync_api import expect, sync_playwright

    from tests.browser import CHROMIUM, FLAGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            started = time.monotonic()
            page.goto(path.resolve().as_uri(), timeout=600_000)
            page.wait_for_selector("body[data-ready='1']", state="attached", timeout=600_000)
            ready = time.monotonic() - started
            total = page.inner_text("#shown")
            started = time.monotonic()
            page.fill("#q", FILTER)
            expect(page.locator("#shown")).not_to_have_text(total, timeout=600_000)
            filtered = time.monotonic() - started
            started = time.monotonic()
            page.locator("#list > details.t:visible summary").first.click()
            page.wait_for_selector("#list > details.t[open] table.checks", timeout=600_000)
            details = time.monotonic() - started
        finally:
            browser.close()
    return ready, filtered, details


def measure_report(count: int, lang: str = "zh") -> ReportFigures:
    with tempfile.TemporaryDirectory(prefix="v6bench-report-") as scratch:
        path = Path(scratch) / "report.html"
        write_report(path, count, lang)
        size = path.stat().st_size / 2**20
        return ReportFigures(count, size, *open_times(path))


def save_sample(report_json: Path) -> None:
    """Keep the targets of a JSON report (what the HTML writer needs) as the sample."""
    targets = json.loads(report_json.read_text(encoding="utf-8"))["targets"]
    with gzip.open(SAMPLE, "wt", encoding="utf-8") as out:
        json.dump(targets, out, ensure_ascii=False)
    print(f"{SAMPLE}: {len(targets)} targets")


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.report", description=__doc__)
    parser.add_argument("--targets", type=int, default=10_000)
    parser.add_argument("--lang", choices=("en", "zh"), default="zh")
    parser.add_argument("--sample-from", type=Path, help="make the sample from a JSON report")
    args = parser.parse_args()
    if args.sample_from:
        save_sample(args.sample_from)
        return 0
    print(measure_report(args.targets, args.lang).line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
