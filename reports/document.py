"""The parts of the JSON output contract (``v6audit/1``) shared by every writer, and its schema.

The JSON Schema of the contract ships in the package (``reports/schemas``), so consumers can
validate what they read against the version they were given (``v6audit schema``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.resources import files
from typing import Any

from auditor.model import Target
from auditor.records import TargetReport

SCHEMA = "v6audit/1"
SCHEMA_FILE = "v6audit-1.schema.json"


def json_schema() -> str:
    """The JSON Schema of the ``v6audit/1`` document, as shipped."""
    return (files("reports") / "schemas" / SCHEMA_FILE).read_text("utf-8")


@dataclass(slots=True)
class RunInfo:
    id: str
    started: datetime
    profile: str
    tool_version: str
    finished: datetime | None = None
    end: str | None = None
    """complete | deadline | interrupted: whether every target was audited."""
    bound_by: str | None = None
    """Which limit bound the run and the option that moves it (see auditor.binding)."""

    def to_json(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "id": self.id,
            "started": iso(self.started),
            "finished": iso(self.finished) if self.finished else None,
            "profile": self.profile,
            "tool_version": self.tool_version,
            "end": self.end,
        }
        if self.bound_by is not None:
            document["bound_by"] = self.bound_by
        return document


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def target_to_json(report: TargetReport) -> dict[str, Any]:
    target = report.target
    entry: dict[str, Any] = {
        "target": target.raw,
        "kind": target.kind.value,
        "sector": target.sector.value if target.sector else None,
        "checks": [result.model_dump(mode="json") for result in report.results],
        "score": report.score.model_dump(mode="json"),
    }
    if (label := a_label(target)) is not None:
        entry["a_label"] = label
    return entry


def a_label(target: Target) -> str | None:
    """The A-label form of an IDN target, when it is not what the user wrote."""
    if target.host is not None and target.host != target.raw.rstrip(".").lower():
        return target.host
    return None
