"""The self-contained HTML report for administrators.

One file with inline CSS, SVG and script, and a Content-Security-Policy that forbids any network
request, so it opens offline and scanned content can never load anything. Jinja2 autoescaping
renders every scanned string as text. Targets are spooled while the run goes and streamed into
the template on close, so a 100k-target report costs disk, not memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jinja2

from auditor import __version__
from auditor.engine import TargetReport
from auditor.inventory import Inventory
from auditor.model import Sector
from auditor.profile import Profile
from auditor.registry import all_checks
from auditor.targets import InputProblem
from reports.document import RunInfo, target_to_json
from reports.files import Spool, atomic_output
from reports.i18n import Translator
from reports.summary import RunSummary

EVIDENCE_LIMIT = 600
PROBLEMS_SHOWN = 200

environment = jinja2.Environment(
    loader=jinja2.PackageLoader("reports", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def evidence(details: dict[str, Any]) -> list[tuple[str, str]]:
    """Evidence as (label, text) pairs, each value shortened to stay readable."""
    items = []
    for key, value in details.items():
        if value is None or value == [] or value == {}:
            continue
        if isinstance(value, list):
            text = ", ".join(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)
                             for v in value)  # fmt: skip
        elif isinstance(value, dict):
            text = json.dumps(value, ensure_ascii=False)
        else:
            text = str(value)
        if len(text) > EVIDENCE_LIMIT:
            text = text[:EVIDENCE_LIMIT] + f"… (+{len(text) - EVIDENCE_LIMIT})"
        items.append((key, text))
    return items


def search_keys(entry: dict[str, Any]) -> str:
    """What the filter box matches: names, sector, and the checks that did not pass."""
    words = [entry["target"], entry.get("a_label") or "", entry.get("sector") or ""]
    for check in entry["checks"]:
        if check["status"] != "pass":
            words += [check["id"], check["summary"]]
    return " ".join(words).lower()


class HtmlWriter:
    def __init__(
        self, output: Path | None, lang: str, profile: Profile, inventory: Inventory | None
    ) -> None:
        self._output = output
        self._spool = Spool(output)
        self._summary = RunSummary(profile)
        self._lang = lang
        self._profile = profile
        self._inventory = inventory
        self._problems: list[InputProblem] = []
        self._problem_count = 0

    def add(self, report: TargetReport) -> None:
        self._summary.add(report)
        self._spool.append(target_to_json(report))

    def add_problem(self, problem: InputProblem) -> None:
        self._problem_count += 1
        if len(self._problems) < PROBLEMS_SHOWN:
            self._problems.append(problem)

    def close(self, run: RunInfo) -> None:
        t = Translator(self._lang)
        template = environment.get_template("report.html.j2")
        try:
            with atomic_output(self._output) as out:
                for chunk in template.generate(
                    t=t, lang=self._lang, run=run, profile=self._profile,
                    summary=self._summary, inventory=self._inventory,
                    problems=self._problems, problem_count=self._problem_count,
                    checks=all_checks(), sectors=list(Sector), targets=self._entries(),
                    evidence=evidence, generated=datetime.now(UTC), version=__version__,
                ):  # fmt: skip
                    out.write(chunk)
        finally:
            self._spool.discard()

    def _entries(self) -> Iterator[dict[str, Any]]:
        for entry in self._spool.entries():
            entry["search"] = search_keys(entry)
            entry["statuses"] = " ".join(sorted({c["status"] for c in entry["checks"]}))
            yield entry
