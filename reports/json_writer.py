"""The JSON document of the output contract, streamed one target at a time.

Targets are spooled as they finish and the document is assembled on close, so memory stays flat,
the ``run`` header (which needs the finish time) still comes first, and the output appears
atomically (see :mod:`reports.files`). Input errors are spooled too: a list of a million lines
that are all wrong (a spreadsheet export given as a target file) must not hold a million
entries in memory.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any

from v6audit.auditor.records import InputProblem, Run, TargetReport
from v6audit.reports.document import SCHEMA, run_to_json, target_json
from v6audit.reports.files import Spool, atomic_output


class JsonWriter:
    def __init__(self, output: Path | None, extra: dict[str, Any] | None = None) -> None:
        self._output = output
        self._spool = Spool(output)
        self._problems = Spool(output)
        self._extra = extra or {}

    def add(self, report: TargetReport) -> None:
        self._spool.append(target_json(report))

    def add_problem(self, problem: InputProblem) -> None:
        entry = {"source": problem.source, "input": problem.text, "error": problem.error}
        self._problems.append(json.dumps(entry, ensure_ascii=False))

    def close(self, run: Run) -> None:
        head: dict[str, Any] = {"schema": SCHEMA, "run": run_to_json(run), **self._extra}
        try:
            with atomic_output(self._output) as out:
                self._assemble(out, head)
        finally:
            self._spool.discard()
            self._problems.discard()

    def _assemble(self, out: IO[str], head: dict[str, Any]) -> None:
        text = json.dumps(head, ensure_ascii=False, indent=1)
        out.write(text[: text.rfind("}")].rstrip())
        if self._problems.count:
            _write_list(out, "input_errors", self._problems)
        _write_list(out, "targets", self._spool)
        out.write("\n}\n")


def _write_list(out: IO[str], key: str, spool: Spool) -> None:
    """A member of the document whose value is the spool's entries, one per line."""
    out.write(f',\n "{key}": [')
    for index, line in enumerate(spool.lines()):
        out.write(",\n  " if index else "\n  ")
        out.write(line)
    out.write("\n ]" if spool.count else "]")
