"""Choose a writer for an output format; every writer streams targets as they finish."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from v6audit.auditor.inventory import Inventory
from v6audit.auditor.profile import Profile
from v6audit.auditor.records import InputProblem, Run, TargetReport
from v6audit.reports.csv_writer import CsvWriter
from v6audit.reports.html_writer import HtmlWriter
from v6audit.reports.json_writer import JsonWriter
from v6audit.reports.openmetrics import OpenMetricsWriter
from v6audit.reports.text_writer import TextWriter
from v6audit.reports.xlsx_writer import WorkbookWriter

FORMATS = ("text", "json", "html", "csv", "xlsx", "openmetrics")


class Writer(Protocol):
    def add(self, report: TargetReport) -> None: ...
    def add_problem(self, problem: InputProblem) -> None: ...
    def close(self, run: Run) -> None: ...


def open_writer(
    output_format: str,
    output: Path | None,
    *,
    lang: str,
    profile: Profile,
    inventory: Inventory | None,
) -> Writer:
    """The writer for ``output_format``; :class:`InputError` if it cannot write to ``output``
    (a binary workbook to a terminal), before any target is audited."""
    if output_format == "json":
        declared = {
            goal: {item: d.model_dump() for item, d in items.items()}
            for goal, items in (inventory or {}).items()
        }
        return JsonWriter(output, {"declared": declared} if declared else None)
    if output_format == "html":
        return HtmlWriter(output, lang, profile, inventory)
    if output_format == "csv":
        return CsvWriter(output)
    if output_format == "xlsx":
        return WorkbookWriter(output, lang, profile)
    if output_format == "openmetrics":
        return OpenMetricsWriter(output, profile)
    return TextWriter(output)
