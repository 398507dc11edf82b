"""The parts of the JSON output contract (``v6audit/1``) shared by every writer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from auditor.engine import TargetReport

SCHEMA = "v6audit/1"


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
        return {
            "id": self.id,
            "started": iso(self.started),
            "finished": iso(self.finished) if self.finished else None,
            "profile": self.profile,
            "tool_version": self.tool_version,
            "end": self.end,
        }


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
    if target.host is not None and target.host != target.raw.rstrip(".").lower():
        entry["a_label"] = target.host
    return entry
