"""The text report: one line per cause when many checks could not be measured the same way."""

from __future__ import annotations

import json
from pathlib import Path

from tests.reports.fixtures import report, run_info
from v6audit.auditor.model import CheckResult, Status
from v6audit.auditor.profile import load_profile
from v6audit.auditor.records import TargetReport
from v6audit.auditor.scoring import score_results
from v6audit.auditor.targets import parse_target
from v6audit.probes.model import Reason
from v6audit.reports.json_writer import JsonWriter
from v6audit.reports.text_writer import TextWriter

NXDOMAIN = "not measured: nxdomain (gone.example.cn does not exist)"


def _unresolved(checks: int) -> TargetReport:
    """A target whose name does not resolve: every check unmeasured for that one cause, and one
    check unmeasured for another."""
    results = [
        CheckResult(id=f"check.{n}", status=Status.ERROR, summary=NXDOMAIN, details={},
                    reason=Reason.NXDOMAIN)
        for n in range(checks)
    ]  # fmt: skip
    results.append(
        CheckResult(id="net.icmp6", status=Status.ERROR, summary="not measured: needs_root (x)",
                    details={}, reason=Reason.NEEDS_ROOT)
    )  # fmt: skip
    results.append(CheckResult(id="dns.aaaa", status=Status.FAIL, summary="no AAAA", details={}))
    score = score_results(results, load_profile("default"))
    return TargetReport(parse_target("gone.example.cn"), results, score, {})


def test_a_shared_cause_is_one_line_with_its_count(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    writer = TextWriter(path)
    writer.add(_unresolved(18))
    writer.close(run_info())
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if "nxdomain" in line] == [
        f"  ERR   18 checks          {NXDOMAIN} [nxdomain]"
    ]
    # a cause only one check has keeps its own line, as do measured verdicts
    assert any(line.split()[:2] == ["ERR", "net.icmp6"] for line in lines)
    assert any(line.split()[:2] == ["FAIL", "dns.aaaa"] for line in lines)


def test_the_json_report_keeps_every_checks_error(tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    writer = JsonWriter(path)
    writer.add(_unresolved(18))
    writer.close(run_info())
    checks = json.loads(path.read_text(encoding="utf-8"))["targets"][0]["checks"]
    assert sum(c["reason"] == "nxdomain" for c in checks) == 18


def test_the_run_line_says_what_bound_the_run(tmp_path: Path) -> None:
    output = tmp_path / "r.txt"
    writer = TextWriter(output)
    writer.add(report("www.good.example", Status.PASS))
    run = run_info()
    run.bound_by = "bound by the global rate (raise --rate): 90% of operation time"
    writer.close(run)
    lines = output.read_text("utf-8").splitlines()
    assert lines[-2].startswith(f"run {run.id} complete")
    assert lines[-1] == run.bound_by
