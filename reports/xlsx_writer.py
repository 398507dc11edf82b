"""The report as a workbook for Excel and WPS: targets, checks, sectors and the run, one sheet each.

Every sheet has a frozen header row and a filter on its columns; scores, counts and coverage are
number cells, so a spreadsheet sorts and sums them without conversion. Scanned text is always
written as a string cell, never as a formula or a link, so content from a target cannot run in
the reader's spreadsheet. XlsxWriter's constant-memory mode flushes each row as it is written,
so a large run costs disk, not memory; a sheet that reaches the format's row limit continues on
another ("checks 2"). The workbook is written to a temporary name and renamed into place.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from xlsxwriter import Workbook
from xlsxwriter.worksheet import Worksheet

from v6audit.auditor.profile import Profile
from v6audit.auditor.records import InputProblem, Run, TargetReport
from v6audit.probes.model import Sector
from v6audit.probes.net.errors import InputError
from v6audit.reports.document import a_label, iso
from v6audit.reports.files import atomic_path, regular_destination
from v6audit.reports.i18n import Translator
from v6audit.reports.summary import RunSummary

MAX_ROWS = 1_048_576
"""Rows a worksheet holds in the xlsx format, its header included."""
OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}
TARGET_COLUMNS = [
    ("target", 32),
    ("a_label", 24),
    ("kind", 9),
    ("sector", 13),
    ("score", 8),
    ("grade", 13),
    ("benchmark", 11),
    ("coverage", 10),
    ("not_measured", 30),
]
CHECK_COLUMNS = [
    ("target", 32),
    ("sector", 13),
    ("check", 18),
    ("status", 14),
    ("reason", 14),
    ("summary", 60),
    ("remedy", 60),
]
SECTOR_COLUMNS = [
    ("sector", 14),
    ("name", 16),
    ("targets", 9),
    ("benchmarks", 12),
    ("goal", 8),
    ("reached", 9),
]
PROBLEM_COLUMNS = [("source", 24), ("input", 32), ("error", 60)]


def refuse_terminal(output: Path | None) -> None:
    """A workbook is binary: refuse to pour it onto a terminal before any work is done."""
    if output is None and sys.stdout.isatty():
        raise InputError(
            "--format xlsx writes a binary workbook: give -o FILE.xlsx "
            "(or redirect standard output to a file)"
        )


class _Sheet:
    """One table: a bold frozen header, typed cells, a filter, and overflow onto a next sheet."""

    def __init__(self, book: Workbook, name: str, columns: Sequence[tuple[str, float]]) -> None:
        self._book = book
        self._name = name
        self._columns = columns
        self._bold = book.add_format({"bold": True})
        self._number = book.add_format({"num_format": "0.0"})
        self._pages = 0
        self._sheet = self._new_page()
        self._row = 1

    def _new_page(self) -> Worksheet:
        self._pages += 1
        name = self._name if self._pages == 1 else f"{self._name} {self._pages}"
        sheet = self._book.add_worksheet(name)
        for index, (title, width) in enumerate(self._columns):
            sheet.set_column(index, index, width)
            sheet.write_string(0, index, title, self._bold)
        sheet.freeze_panes(1, 0)
        return sheet

    def add(self, values: Sequence[object]) -> None:
        if self._row == MAX_ROWS:
            self._close_page()
            self._sheet = self._new_page()
            self._row = 1
        for column, value in enumerate(values):
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                self._sheet.write_boolean(self._row, column, value)
            elif isinstance(value, float):
                self._sheet.write_number(self._row, column, value, self._number)
            elif isinstance(value, int):
                self._sheet.write_number(self._row, column, value)
            else:
                self._sheet.write_string(self._row, column, str(value))
        self._row += 1

    def _close_page(self) -> None:
        self._sheet.autofilter(0, 0, self._row - 1, len(self._columns) - 1)

    def close(self) -> None:
        self._close_page()


class WorkbookWriter:
    def __init__(self, output: Path | None, lang: str, profile: Profile) -> None:
        refuse_terminal(output)
        self._stack = ExitStack()
        self._buffer: io.BytesIO | None = None
        destination = regular_destination(output) if output is not None else None
        self._through = output if destination is None else None
        """Standard output (None) or a FIFO or device: written through from a buffer."""
        if destination is None:
            self._buffer = io.BytesIO()
            self._book = Workbook(self._buffer, OPTIONS)
        else:
            temporary = self._stack.enter_context(atomic_path(destination))
            self._book = Workbook(str(temporary), OPTIONS)
        self._t = Translator(lang)
        self._profile = profile
        self._goals = list(profile.goals)
        self._summary = RunSummary(profile)
        self._targets = _Sheet(
            self._book, "targets", TARGET_COLUMNS + [(g, 12) for g in self._goals]
        )
        self._checks = _Sheet(self._book, "checks", CHECK_COLUMNS)
        self._sectors = _Sheet(self._book, "sectors", SECTOR_COLUMNS)
        self._run = _Sheet(self._book, "run", [("item", 16), ("value", 40)])
        self._problems: _Sheet | None = None
        self._problem_count = 0

    def add(self, report: TargetReport) -> None:
        self._summary.add(report)
        target, score = report.target, report.score
        sector = target.sector.value if target.sector else None
        self._targets.add([
            target.raw, a_label(target), target.kind.value, sector, score.total, score.grade,
            score.benchmark, score.coverage, ", ".join(score.not_measured),
            *(score.goals.get(goal) for goal in self._goals),
        ])  # fmt: skip
        for result in report.results:
            reason = result.reason.value if result.reason else None
            self._checks.add([target.raw, sector, result.id, result.status.value, reason,
                              result.summary, result.remedy])  # fmt: skip

    def add_problem(self, problem: InputProblem) -> None:
        if self._problems is None:
            self._problems = _Sheet(self._book, "input errors", PROBLEM_COLUMNS)
        self._problems.add([problem.source, problem.text, problem.error])
        self._problem_count += 1

    def close(self, run: Run) -> None:
        with self._stack:  # an error here leaves no file at the output path
            self._write_sectors()
            self._write_run(run)
            for sheet in (self._targets, self._checks, self._sectors, self._run, self._problems):
                if sheet is not None:
                    sheet.close()
            self._book.close()
            if self._buffer is not None and self._through is not None:
                self._through.write_bytes(self._buffer.getvalue())
            elif self._buffer is not None:
                sys.stdout.buffer.write(self._buffer.getvalue())
                sys.stdout.buffer.flush()

    def _write_sectors(self) -> None:
        goal = self._profile.sector_goal
        for sector in Sector:
            tally = self._summary.sectors.get(sector)
            targets, benchmarks = (tally.targets, tally.benchmarks) if tally else (0, 0)
            name = self._t(f"sector.{sector.value}")
            self._sectors.add([sector.value, name, targets, benchmarks, goal, benchmarks >= goal])
        untagged = self._summary.sectors.get(None)
        if untagged is not None:
            self._sectors.add(["", self._t("untagged"), untagged.targets, untagged.benchmarks])

    def _write_run(self, run: Run) -> None:
        summary = self._summary
        items: list[tuple[str, Any]] = [
            ("run", run.id),
            ("started", iso(run.started)),
            ("finished", iso(run.finished) if run.finished else None),
            ("end", run.end),
            ("profile", run.profile.name),
            ("tool_version", run.tool_version),
            ("targets", summary.targets),
            ("scored", summary.scored),
            ("score", summary.mean_total),
            ("benchmarks", summary.benchmarks),
            ("input_errors", self._problem_count),
        ]
        items += [(f"goal {goal}", summary.goal_mean(goal)) for goal in self._goals]
        for item in items:
            self._run.add(item)
