"""A scheduled scan's exports on a real run: metrics for Prometheus, then a workbook of it."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from prometheus_client.openmetrics.parser import text_string_to_metric_families

from lab.build import Lab
from tests.lab.slowscan import DNS_ONLY


@pytest.mark.lab
def test_scan_to_metrics_then_the_stored_run_to_a_workbook(lab: Lab, tmp_path: Path) -> None:
    db, metrics, book_path = tmp_path / "history.db", tmp_path / "v6audit.prom", tmp_path / "r.xlsx"
    targets = tmp_path / "targets.txt"
    targets.write_text("www.good.lab 政务\nv4.good.lab\nbad..name\n", "utf-8")
    scan = lab.auditor(["scan", "-q", "--db", str(db), "--profile", DNS_ONLY,
                        *lab.resolver_args(), "--format", "openmetrics", "-o", str(metrics),
                        "-f", str(targets)])  # fmt: skip
    assert scan.returncode == 4, scan.stderr  # the bad line is reported; the rest audited
    samples = {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(metrics.read_text("utf-8"))
        for sample in family.samples
    }
    profile = (("profile", "dns-only"),)
    assert samples[("v6audit_targets", profile)] == 2
    assert samples[("v6audit_input_errors", profile)] == 1
    assert samples[("v6audit_run_end_state", (*profile, ("state", "complete")))] == 1
    assert samples[("v6audit_run_duration_seconds", profile)] > 0
    check = (("check", "dns.aaaa"), ("profile", "dns-only"))
    assert samples[("v6audit_check_results", (*check, ("status", "pass")))] == 1
    assert samples[("v6audit_check_results", (*check, ("status", "fail")))] == 1
    assert samples[("v6audit_sector_targets", (*profile, ("sector", "gov")))] == 1

    [run] = json.loads(lab.auditor(["runs", "--db", str(db), "--format", "json"]).stdout)
    rescore = lab.auditor(["rescore", "--db", str(db), run["id"], "--profile", DNS_ONLY,
                           "--lang", "zh", "--format", "xlsx", "-o", str(book_path)])  # fmt: skip
    assert rescore.returncode == 0, rescore.stderr
    book = openpyxl.load_workbook(book_path)
    scores = {row[0]: row[4] for row in book["targets"].iter_rows(min_row=2, values_only=True)}
    assert scores == {"www.good.lab": 100, "v4.good.lab": 0}
    sectors = {row[0]: row[1:4] for row in book["sectors"].iter_rows(min_row=2, values_only=True)}
    assert sectors["gov"] == ("政务", 1, 1)
