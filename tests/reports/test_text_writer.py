from __future__ import annotations

from pathlib import Path

from auditor.model import Status
from reports.text_writer import TextWriter
from tests.reports.fixtures import report, run_info


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
