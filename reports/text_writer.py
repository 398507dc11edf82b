"""A readable text summary for terminals and logs, printed as targets finish."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

from auditor.engine import TargetReport
from auditor.model import Status
from auditor.targets import InputProblem
from reports.document import RunInfo
from reports.files import atomic_output

_MARKS = {
    Status.PASS: "PASS",
    Status.WARN: "WARN",
    Status.FAIL: "FAIL",
    Status.INFO: "INFO",
    Status.NOT_APPLICABLE: "N/A ",
    Status.ERROR: "ERR ",
}


class TextWriter:
    def __init__(self, output: Path | None) -> None:
        self._stack = ExitStack()
        self._out = self._stack.enter_context(atomic_output(output))

    def add(self, report: TargetReport) -> None:
        target = report.target
        score = report.score
        total = "not measured" if score.total is None else f"{score.total:g}/100 ({score.grade})"
        sector = f" [{target.sector.value}]" if target.sector else ""
        self._out.write(f"{target.raw}{sector}  score {total}\n")
        for result in report.results:
            reason = f" [{result.reason.value}]" if result.reason else ""
            self._out.write(
                f"  {_MARKS[result.status]}  {result.id:<18} {result.summary}{reason}\n"
            )
            if result.remedy:
                self._out.write(f"        fix: {result.remedy}\n")
        self._out.flush()

    def add_problem(self, problem: InputProblem) -> None:
        self._out.write(f"SKIPPED  {problem.source}: {problem.error}\n")

    def close(self, run: RunInfo) -> None:
        self._out.write(f"run {run.id} {run.end}; profile {run.profile}\n")
        if run.bound_by:
            self._out.write(f"{run.bound_by}\n")
        self._stack.close()
