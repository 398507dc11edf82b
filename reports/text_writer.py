"""A readable text summary for terminals and logs, printed as targets finish.

Checks that could not be measured for one shared cause (a name that does not resolve leaves
every check of the target unmeasured the same way) are printed as one line with their count:
the cause is what the reader needs, once. The JSON report keeps every check's own error.
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

from v6audit.auditor.model import CheckResult, Status
from v6audit.auditor.records import InputProblem, Run, TargetReport
from v6audit.reports.files import atomic_output

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
        shared = shared_errors(report.results)
        printed: set[tuple[str, str]] = set()
        for result in report.results:
            key = _error_key(result)
            if key is not None and key in shared:
                if key not in printed:
                    printed.add(key)
                    checks = f"{shared[key]} checks"
                    line = f"{checks:<18} {result.summary} [{key[0]}]"
                    self._out.write(f"  {_MARKS[Status.ERROR]}  {line}\n")
                continue
            reason = f" [{result.reason.value}]" if result.reason else ""
            self._out.write(
                f"  {_MARKS[result.status]}  {result.id:<18} {result.summary}{reason}\n"
            )
            if result.remedy:
                self._out.write(f"        fix: {result.remedy}\n")
        self._out.flush()

    def add_problem(self, problem: InputProblem) -> None:
        self._out.write(f"SKIPPED  {problem.source}: {problem.error}\n")

    def close(self, run: Run) -> None:
        self._out.write(f"run {run.id} {run.end}; profile {run.profile.name}\n")
        if run.bound_by:
            self._out.write(f"{run.bound_by}\n")
        self._stack.close()


def _error_key(result: CheckResult) -> tuple[str, str] | None:
    if result.status is not Status.ERROR or result.reason is None:
        return None
    return result.reason.value, result.summary


def shared_errors(results: list[CheckResult]) -> dict[tuple[str, str], int]:
    """Causes (reason, summary) that left two or more checks unmeasured, with their counts."""
    counts: dict[tuple[str, str], int] = {}
    for result in results:
        key = _error_key(result)
        if key is not None:
            counts[key] = counts.get(key, 0) + 1
    return {key: count for key, count in counts.items() if count > 1}
