"""The self-contained HTML report for administrators.

One file with inline CSS, SVG and script, and a Content-Security-Policy that forbids any network
request, so it opens offline and scanned content can never load anything. The summary is
rendered here (Jinja2 autoescaping renders every scanned string as text); the targets travel as
compact JSON (:mod:`reports.embedded`) that the page's small script turns into rows, and into a
target's details only when it is opened, always through ``textContent``. So a 10,000-target
report stays a few megabytes and opens in about a second instead of carrying every table as
markup. Targets are spooled while the run goes and streamed into the page on close, so a
100k-target report costs disk, not memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jinja2

from v6audit.auditor import __version__
from v6audit.auditor.inventory import Inventory
from v6audit.auditor.model import Status
from v6audit.auditor.profile import Profile
from v6audit.auditor.records import InputProblem, Run, TargetReport
from v6audit.auditor.registry import all_checks
from v6audit.probes.model import Sector
from v6audit.reports.document import target_json
from v6audit.reports.embedded import PackedText, StringTable, script_json
from v6audit.reports.files import Spool, atomic_output
from v6audit.reports.i18n import Translator
from v6audit.reports.summary import RunSummary

EVIDENCE_LIMIT = 600
PROBLEMS_SHOWN = 200
UI_WORDS = ("result", "check", "evidence", "remedy", "how_scored", "goals", "weight", "earned",
            "not_measured", "show_more", "old_browser")  # fmt: skip

environment = jinja2.Environment(
    loader=jinja2.PackageLoader("v6audit.reports", "templates"),
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


def compact(entry: dict[str, Any], table: StringTable) -> list[Any]:
    """One target as the page's script reads it (see ``report.html.j2``): positional arrays,
    repeated strings as indexes into ``table``, evidence already flattened and shortened."""
    ref = table.ref
    score = entry["score"]
    checks = [
        [ref(check["id"]), ref(check["status"]), ref(check.get("reason") or ""),
         ref(check["summary"]), [ref(text) for pair in evidence(check["details"]) for text in pair],
         ref(check.get("remedy") or "")]
        for check in entry["checks"]
    ]  # fmt: skip
    breakdown = [
        [ref(goal), score["goals"].get(goal),
         [item for part in parts for item in (ref(part["check"]), part["weight"],
                                             ref(part["status"] or ""), part["earned"])]]
        for goal, parts in score["breakdown"].items()
    ]  # fmt: skip
    return [entry["target"], entry.get("a_label") or "", ref(entry.get("sector") or ""),
            score["total"], ref(score["grade"]), checks, breakdown]  # fmt: skip


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
        self._spool.append(target_json(report))

    def add_problem(self, problem: InputProblem) -> None:
        self._problem_count += 1
        if len(self._problems) < PROBLEMS_SHOWN:
            self._problems.append(problem)

    def close(self, run: Run) -> None:
        t = Translator(self._lang)
        template = environment.get_template("report.html.j2")
        try:
            with atomic_output(self._output) as out:
                for chunk in template.generate(
                    t=t, lang=self._lang, run=run, profile=self._profile,
                    summary=self._summary, inventory=self._inventory,
                    problems=self._problems, problem_count=self._problem_count,
                    checks=all_checks(), sectors=list(Sector), words=script_json(words(t)),
                    packed=self._packed(),
                    generated=datetime.now(UTC), version=__version__,
                ):  # fmt: skip
                    out.write(chunk)
        finally:
            self._spool.discard()

    def _packed(self) -> Iterator[str]:
        """The spooled targets as ``{"rows": [...], "strings": [...]}``, gzip and base64."""
        table, packer = StringTable(), PackedText()
        yield packer.feed('{"rows":[')
        for number, entry in enumerate(self._spool.entries()):
            row = json.dumps(compact(entry, table), ensure_ascii=False, separators=(",", ":"))
            yield packer.feed(("," if number else "") + row)
        yield packer.feed('],"strings":' + json.dumps(table.strings(), ensure_ascii=False) + "}")
        yield packer.finish()


def words(t: Translator) -> dict[str, Any]:
    """What the page's script writes besides scanned data, in the report's language."""
    return {
        "status": {s.value: t(f"status.{s.value}") for s in Status},
        "sector": {s.value: t(f"sector.{s.value}") for s in Sector},
        "title": {id_: t.text(spec.title) for id_, spec in all_checks().items()},
        "ui": {key: t(key) for key in UI_WORDS},
    }
