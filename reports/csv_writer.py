"""One CSV row per target and check, for spreadsheets.

The file starts with a UTF-8 byte-order mark, always: Excel and WPS open a CSV without one in the
system's legacy code page (GBK on a Chinese Windows), which garbles every Chinese summary and
IDN, and with one they read UTF-8. Programs read it too (Python's ``utf-8-sig``); a program that
wants plain UTF-8 is better served by the JSON report. Rows end in CRLF, as RFC 4180 and Excel
expect.

Cells that come from scanned content could start with ``=``, ``+``, ``-`` or ``@`` and run as a
formula when a spreadsheet opens the file; such cells get a leading apostrophe (OWASP's advice
against CSV injection).
"""

from __future__ import annotations

import csv
from contextlib import ExitStack
from pathlib import Path

from v6audit.auditor.records import InputProblem, Run, TargetReport
from v6audit.reports.files import atomic_output

BOM = "\ufeff"
COLUMNS = [
    "target", "kind", "sector", "check", "status", "reason", "summary", "remedy",
    "target_score", "target_grade",
]  # fmt: skip


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class CsvWriter:
    def __init__(self, output: Path | None) -> None:
        self._stack = ExitStack()
        self._out = self._stack.enter_context(atomic_output(output))
        self._out.write(BOM)
        self._rows = csv.writer(self._out)
        self._rows.writerow(COLUMNS)

    def add(self, report: TargetReport) -> None:
        target = report.target
        score = report.score
        for result in report.results:
            self._rows.writerow(
                _cell(value)
                for value in (
                    target.raw, target.kind.value, target.sector.value if target.sector else "",
                    result.id, result.status.value, result.reason.value if result.reason else "",
                    result.summary, result.remedy, score.total, score.grade,
                )
            )  # fmt: skip

    def add_problem(self, problem: InputProblem) -> None:
        summary = f"{problem.source}: {problem.error}"
        row = (problem.text, "", "", "", "error", "bad_input", summary, "", "", "")
        self._rows.writerow(_cell(value) for value in row)

    def close(self, run: Run) -> None:
        del run  # the CSV has no header block; the run is in the JSON and HTML reports
        self._stack.close()
