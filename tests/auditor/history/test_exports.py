"""Spreadsheet and metrics exports of stored runs, through the commands users type."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from prometheus_client.openmetrics.parser import text_string_to_metric_families

from tests.auditor.store.samples import store_run
from v6audit.auditor.cli import main
from v6audit.auditor.store.database import open_database

DNS_ONLY = str(Path(__file__).parents[2] / "data" / "dns-only.toml")


@pytest.fixture
def db(tmp_path: Path) -> str:
    location = str(tmp_path / "history.db")
    database = open_database(location, lambda _message: None)
    store_run(database, "run-a", {"up.example": False, "down.example": True}, day=0)
    store_run(database, "run-b", {"up.example": True, "down.example": False}, day=1)
    database.close()
    return location


def test_rescore_to_a_workbook(db: str, tmp_path: Path) -> None:
    output = tmp_path / "run-b.xlsx"
    result = CliRunner().invoke(main, ["rescore", "--db", db, "run-b", "--profile", DNS_ONLY,
                                       "--format", "xlsx", "-o", str(output)])  # fmt: skip
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(output)
    rows = book["targets"].iter_rows(min_row=2, max_col=5, values_only=True)
    assert {row[0]: row[4] for row in rows} == {"up.example": 100, "down.example": 0}
    assert dict(book["run"].iter_rows(min_row=2, values_only=True))["run"] == "run-b"


def test_a_workbook_is_not_written_to_a_terminal(db: str) -> None:
    """Refused before anything is read or judged, in one line (exit 2, a usage error)."""
    controller, terminal = pty.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "v6audit", "rescore", "--db", db, "run-b", "--profile",
             DNS_ONLY, "--format", "xlsx"],
            stdout=terminal, stderr=subprocess.PIPE, text=True, timeout=120, check=False,
        )  # fmt: skip
    finally:
        os.close(terminal)
        os.close(controller)
    assert result.returncode == 2
    assert "--format xlsx writes a binary workbook: give -o FILE.xlsx" in result.stderr
    assert "Traceback" not in result.stderr


def test_trend_as_openmetrics(db: str, tmp_path: Path) -> None:
    output = tmp_path / "v6audit_trend.prom"
    result = CliRunner().invoke(main, ["trend", "--db", db, "--profile", "samples",
                                       "--format", "openmetrics", "-o", str(output)])  # fmt: skip
    assert result.exit_code == 0, result.output
    samples = {
        sample.name: (sample.labels, sample.value)
        for family in text_string_to_metric_families(output.read_text("utf-8"))
        for sample in family.samples
    }
    assert samples["v6audit_trend_runs"] == ({"profile": "samples", "sector": "all"}, 2)
    assert samples["v6audit_trend_score"][1] == 50
    assert samples["v6audit_trend_targets"][1] == 2
