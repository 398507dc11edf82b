"""The parts of the JSON output contract (``v6audit/1``) shared by every writer, and its schema.

The JSON Schema of the contract ships in the package (``reports/schemas``), so consumers can
validate what they read against the version they were given (``v6audit schema``).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from importlib.resources import files
from typing import Any

from pydantic import TypeAdapter

from v6audit.auditor.model import CheckResult
from v6audit.auditor.records import Run, TargetReport
from v6audit.probes.model import Target

SCHEMA = "v6audit/1"
SCHEMA_FILE = "v6audit-1.schema.json"


def json_schema() -> str:
    """The JSON Schema of the ``v6audit/1`` document, as shipped."""
    return (files("v6audit.reports") / "schemas" / SCHEMA_FILE).read_text("utf-8")


def run_to_json(run: Run) -> dict[str, Any]:
    """The document's ``run`` header."""
    document: dict[str, Any] = {
        "id": run.id,
        "started": iso(run.started),
        "finished": iso(run.finished) if run.finished else None,
        "profile": run.profile.name,
        "tool_version": run.tool_version,
        "end": run.end,
    }
    if run.bound_by is not None:
        document["bound_by"] = run.bound_by
    return document


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


_CHECKS = TypeAdapter(list[CheckResult])


def target_json(report: TargetReport) -> str:
    """One entry of the document's ``targets``, as JSON text.

    The verdicts and the score are written by pydantic's serializer in one call each: building
    them as dicts for ``json`` first took four times as long, about 0.1 ms a target, on every
    target of every run. The keys come in the contract's order.
    """
    target = report.target
    head = {
        "target": target.raw,
        "kind": target.kind.value,
        "sector": target.sector.value if target.sector else None,
    }
    text = json.dumps(head, ensure_ascii=False)[:-1]
    text += f', "checks": {_CHECKS.dump_json(report.results).decode()}'
    text += f', "score": {report.score.model_dump_json()}'
    if (label := a_label(target)) is not None:
        text += f', "a_label": {json.dumps(label, ensure_ascii=False)}'
    return text + "}"


def a_label(target: Target) -> str | None:
    """The A-label form of an IDN target, when it is not what the user wrote."""
    if target.host is not None and target.host != target.raw.rstrip(".").lower():
        return target.host
    return None
