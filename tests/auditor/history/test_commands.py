"""The history commands and scan's history options, on stored runs (no network)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.auditor.store.samples import PROFILE, store_run
from tests.contract import load_report
from v6audit.auditor.cli import main
from v6audit.auditor.history.commands import (
    EXIT_REGRESSION,
    EXIT_UNDER_SCORE,
    HistoryOptions,
    gate_exit,
)
from v6audit.auditor.history.replay import replayed
from v6audit.auditor.history.session import ScanHistory
from v6audit.auditor.records import resume_fixes
from v6audit.auditor.store.database import Database
from v6audit.auditor.store.queries import find_run, stored_targets
from v6audit.reports.summary import RunSummary


@pytest.fixture
def history(database: Database) -> Database:
    store_run(database, "run-a", {"up.example": False, "down.example": True}, day=0)
    store_run(database, "run-b", {"up.example": True, "down.example": False}, day=1)
    return database


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_runs_lists_newest_first(history: Database, location: str) -> None:
    code, out, _ = _invoke("runs", "--db", location)
    assert code == 0
    assert out.index("run-b") < out.index("run-a")
    assert "complete     2/2 targets" in out
    code, out, _ = _invoke("runs", "--db", location, "--format", "json")
    assert [r["id"] for r in json.loads(out)] == ["run-b", "run-a"]


def test_diff_shows_improved_and_regressed(history: Database, location: str) -> None:
    code, out, _ = _invoke("diff", "--db", location, "run-a", "run-b")
    assert code == 0
    assert "up.example  score 0 -> 100\n  IMPROVED   dns.aaaa" in out
    assert "down.example  score 100 -> 0\n  REGRESSED  dns.aaaa" in out
    code, out, _ = _invoke("diff", "--db", location, "run-a", "run-b", "--format", "json")
    document = json.loads(out)
    assert document["summary"]["checks"]["regressed"] == 1
    assert [t["target"] for t in document["targets"]] == ["up.example", "down.example"]


def test_rescore_writes_a_report_of_the_stored_run(history: Database, location: str) -> None:
    dns_only = str(Path(__file__).parents[2] / "data" / "dns-only.toml")
    code, out, _ = _invoke("rescore", "--db", location, "run-b", "--profile", dns_only,
                           "--format", "json")  # fmt: skip
    document = load_report(out)
    assert code == 0
    assert document["run"]["id"] == "run-b"
    assert [t["score"]["total"] for t in document["targets"]] == [100.0, 0.0]
    # the default profile asks for probes these runs never recorded: too little is measured
    code, out, _ = _invoke("rescore", "--db", location, "run-b", "--profile", "default",
                           "--format", "json")  # fmt: skip
    assert [t["score"]["grade"] for t in load_report(out)["targets"]] == ["not_measured"] * 2


def test_trend_json_and_html(history: Database, location: str) -> None:
    code, out, _ = _invoke(
        "trend", "--db", location, "--profile", "samples", "up.example", "--format", "json"
    )
    assert code == 0
    assert [p["total"] for p in json.loads(out)["runs"]] == [0.0, 100.0]
    code, out, _ = _invoke("trend", "--db", location, "--profile", "samples", "--lang", "zh")
    assert code == 0
    assert "IPv6 就绪度趋势" in out
    assert out.count("<polyline") >= 2


def test_unknown_run_is_a_clear_error(history: Database, location: str) -> None:
    code, _, err = _invoke("diff", "--db", location, "run-a", "nope")
    assert code == 1
    assert "no run matches 'nope'" in err


def _gate(
    database: Database, run_id: str, fail_under: float | None = None, regression: bool = False
) -> int | None:
    run = find_run(database, run_id)
    summary = RunSummary(PROFILE)
    for report in replayed(stored_targets(database, run), PROFILE):
        summary.add(report)
    options = HistoryOptions(None, True, None, fail_under, regression)
    return gate_exit(options, summary, ScanHistory(database, run))


def test_gates_give_their_exit_codes_and_say_why(
    history: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _gate(history, "run-b", fail_under=50) is None
    assert _gate(history, "run-b", fail_under=60) == EXIT_UNDER_SCORE
    assert "mean score 50 is low (--fail-under 60)" in capsys.readouterr().err
    assert _gate(history, "run-b", regression=True) == EXIT_REGRESSION
    assert "1 check(s) regressed since run run-a: down.example dns.aaaa pass -> fail" in (
        capsys.readouterr().err
    )
    assert _gate(history, "run-a", regression=True) is None
    assert "no previous complete run" in capsys.readouterr().err
    both = _gate(history, "run-b", fail_under=60, regression=True)
    assert both == EXIT_REGRESSION


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--no-store", "--fail-on-regression", "a.example"], "--fail-on-regression needs"),
        (["--no-store", "--resume", "run-a"], "--resume needs the history"),
        (["--resume", "run-a", "a.example"], "give no TARGET"),
        (["--resume", "run-a", "--profile", "default"], "drop --profile"),
        (["--resume", "run-a", "--rate", "5"], "drop --rate"),
        (["--resume", "run-a", "--pairing", "hex"], "drop --pairing"),
        (["--resume", "run-a", "--processes", "2"], "drop --processes"),
    ],
)
def test_scan_history_usage_errors(
    history: Database, location: str, args: list[str], message: str
) -> None:
    code, _, err = _invoke("scan", "--db", location, *args)
    assert code == 2
    assert message in err


def test_the_options_a_resumed_run_refuses_are_the_scan_and_vantage_options() -> None:
    """A renamed option keeps its protection only if the settings name it by its new name."""
    commands = (main.commands["scan"], main.commands["vantage"])
    options = {flag for command in commands for param in command.params for flag in param.opts}
    assert resume_fixes() <= options


def test_bad_pairing_plans_are_named(tmp_path: Path) -> None:
    bad = tmp_path / "pairs.csv"
    bad.write_text("11.62.1.20,3ffe:501:63:1::20\n11.62.1.20\n11.62.1.0/24,x\n")
    code, _, err = _invoke("scan", "--no-store", "--pairs", str(bad), "11.62.1.0/24")
    assert code == 2
    assert "line 2: '11.62.1.20' is not a numbering convention" in err
    assert "line 3: 'x' is not an IPv6 prefix" in err
    code, _, err = _invoke("scan", "--no-store", "--pairing", "octal", "11.62.1.0/24")
    assert code == 2
    assert "'octal' is not a numbering convention" in err
    code, _, err = _invoke("scan", "--no-store", "--pairs", str(tmp_path / "none"), "11.62.1.0/24")
    assert code == 2
    assert "cannot read" in err


def test_resuming_a_complete_run_is_refused(history: Database, location: str) -> None:
    code, _, err = _invoke("scan", "--db", location, "--resume", "run-a")
    assert code == 1
    assert "run run-a has no target left to audit" in err
