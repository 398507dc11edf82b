"""Stream the JSON document to a file (or stdout) one target at a time.

Targets are spooled to a temporary file beside the output as they finish, and the final
document is assembled on close, so memory stays flat, the ``run`` header (which needs the finish
time) still comes first, and the output path never holds a half-written document: it appears by
atomic rename when the run ends, interrupted or not.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import IO, Any

from auditor.engine import TargetReport
from auditor.targets import InputProblem
from reports.document import SCHEMA, RunInfo, target_to_json


class JsonWriter:
    def __init__(self, output: Path | None) -> None:
        self._output = output
        directory = output.parent if output else None
        self._spool: IO[str] = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in close()
            "w+", encoding="utf-8", dir=directory, prefix=".v6audit-", suffix=".part", delete=False
        )
        self._count = 0
        self._problems: list[dict[str, str]] = []

    def add(self, report: TargetReport) -> None:
        if self._count:
            self._spool.write(",\n")
        json.dump(target_to_json(report), self._spool, ensure_ascii=False)
        self._count += 1

    def add_problem(self, problem: InputProblem) -> None:
        self._problems.append(
            {"source": problem.source, "input": problem.text, "error": problem.error}
        )

    def close(self, run: RunInfo) -> None:
        head: dict[str, Any] = {"schema": SCHEMA, "run": run.to_json()}
        if self._problems:
            head["input_errors"] = self._problems
        self._spool.flush()
        self._spool.seek(0)
        try:
            if self._output is None:
                self._assemble(sys.stdout, head)
                sys.stdout.flush()
                return
            final = self._output.with_name(self._output.name + ".tmp")
            with final.open("w", encoding="utf-8") as out:
                self._assemble(out, head)
                out.flush()
                os.fsync(out.fileno())
            final.replace(self._output)
        finally:
            self._spool.close()
            Path(self._spool.name).unlink(missing_ok=True)

    def _assemble(self, out: IO[str], head: dict[str, Any]) -> None:
        text = json.dumps(head, ensure_ascii=False, indent=1)
        out.write(text[: text.rfind("}")].rstrip())
        out.write(',\n "targets": [\n')
        shutil.copyfileobj(self._spool, out)
        out.write("\n ]\n}\n")
