from __future__ import annotations

import json
import subprocess
import sys
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

from tests.contract import load_report
from v6audit.auditor.model import CheckResult, Score, Status
from v6audit.auditor.profile import load_profile
from v6audit.auditor.records import InputProblem, Run, TargetReport
from v6audit.auditor.targets import parse_target
from v6audit.probes.model import Reason
from v6audit.probes.net.settings import ScanSettings
from v6audit.reports.document import target_json
from v6audit.reports.json_writer import JsonWriter


def _report(name: str) -> TargetReport:
    result = CheckResult(id="dns.aaaa", status=Status.PASS, summary="ok <b>", details={"aaaa": []})
    score = Score(total=100.0, goals={"g": 100.0}, grade="A", benchmark=True, not_measured=[])
    return TargetReport(parse_target(name), [result], score, {})


def _run() -> Run:
    return Run("r1", datetime(2026, 1, 1, tzinfo=UTC), load_profile("default"), "en",
               ScanSettings(), "0.1.0")  # fmt: skip


def test_document_follows_the_contract(tmp_path: Path) -> None:
    output = tmp_path / "r.json"
    writer = JsonWriter(output)
    writer.add(_report("www.example.cn"))
    writer.add(_report("政府.中国"))
    writer.add_problem(InputProblem("f:3", "bad..x", "empty label"))
    assert not output.exists()  # nothing half-written at the final path
    run = _run()
    run.finished, run.end = datetime(2026, 1, 1, 0, 1, tzinfo=UTC), "complete"
    writer.close(run)
    document = load_report(output.read_text("utf-8"))
    assert document["schema"] == "v6audit/1"
    assert document["run"]["started"] == "2026-01-01T00:00:00Z"
    assert [t["target"] for t in document["targets"]] == ["www.example.cn", "政府.中国"]
    assert document["targets"][1]["a_label"] == "xn--mxtq1m.xn--fiqs8s"
    check = document["targets"][0]["checks"][0]
    assert set(check) == {"id", "status", "summary", "details", "remedy", "reason"}
    assert document["targets"][0]["score"]["total"] == 100.0
    assert document["input_errors"] == [
        {"source": "f:3", "input": "bad..x", "error": "empty label"}
    ]
    assert not list(tmp_path.glob(".v6audit-*"))  # the spool is removed


def test_input_errors_are_spooled_not_held(tmp_path: Path) -> None:
    """A target file of 20,000 bad lines (a spreadsheet given as a list): the writer holds
    none of them in memory, and the document still lists every one, in order."""
    output = tmp_path / "r.json"
    writer = JsonWriter(output)
    tracemalloc.start()
    try:
        for line in range(1, 20_001):
            writer.add_problem(InputProblem(f"f.csv:{line}", "域名,行业\u2028x", "bad label"))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000  # a list of them held 5 MB
    writer.add(_report("www.example.cn"))
    writer.close(_run())
    document = load_report(output.read_text("utf-8"))
    errors = document["input_errors"]
    assert len(errors) == 20_000
    last = {"source": "f.csv:20000", "input": "域名,行业\u2028x", "error": "bad label"}
    assert errors[-1] == last
    assert [t["target"] for t in document["targets"]] == ["www.example.cn"]
    assert not list(tmp_path.glob(".v6audit-*"))


def test_empty_run_is_valid_json(tmp_path: Path) -> None:
    output = tmp_path / "r.json"
    writer = JsonWriter(output)
    run = _run()
    writer.close(run)
    assert load_report(output.read_text("utf-8"))["targets"] == []


def test_the_run_says_what_bound_it_when_known(tmp_path: Path) -> None:
    output = tmp_path / "r.json"
    writer = JsonWriter(output)
    run = _run()
    run.bound_by = "bound by the per-host limit (--per-host)"
    writer.close(run)
    assert load_report(output.read_text("utf-8"))["run"]["bound_by"] == run.bound_by


def test_writing_json_loads_neither_the_engine_nor_the_network_clients() -> None:
    """A writer reads records only: importing one must not pull in the engine, the probes, the
    network clients or their libraries (in a fresh interpreter: other tests' imports don't
    count). The measurement vocabulary it reads (``probes.model``) is all it takes from below."""
    code = "import sys, v6audit.reports.json_writer; print(' '.join(sys.modules))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout.split()
    heavy = {
        *(
            "v6audit.auditor.engine",
            "v6audit.probes.base",
            "v6audit.probes.net.context",
            "v6audit.probes.net.errors",
            "click",
        ),
        *(
            "v6audit.probes.net.dnsclient",
            "v6audit.probes.net.webclient",
            "v6audit.probes.net.tcpclient",
            "v6audit.probes.net.udpclient",
        ),
        *("httpx", "httpcore", "dns"),
    }
    assert sorted(heavy.intersection(loaded)) == []


def test_a_target_entry_holds_what_its_results_and_score_dump_to() -> None:
    """The entry is written by pydantic's serializer: it must read back as the models' JSON
    form, key order included, whatever the details hold."""
    results = [
        CheckResult(id="web.http6", status=Status.FAIL, summary="无法访问 \u2028 </script>",
                    details={"urls": ["http://政府.中国/"], "n": 1.5, "nested": {"ok": None}},
                    remedy="修复", reason=None),
        CheckResult(id="dns.aaaa", status=Status.ERROR, summary="not measured",
                    details={}, reason=Reason.TIMEOUT),
    ]  # fmt: skip
    score = Score(total=None, goals={"g": None}, grade="F", benchmark=False, not_measured=["x"])
    report = TargetReport(parse_target("政府.中国"), results, score, {})
    entry = json.loads(target_json(report))
    assert list(entry) == ["target", "kind", "sector", "checks", "score", "a_label"]
    assert entry["checks"] == [r.model_dump(mode="json") for r in results]
    assert entry["score"] == score.model_dump(mode="json")
    assert entry["a_label"] == "xn--mxtq1m.xn--fiqs8s"
    assert "\n" not in target_json(report)  # one spool line
