"""The verdicts' vocabulary: statuses, bilingual texts, check results and scores.

Everything that leaves a check is one of these types, so writers, scoring and the history store
never have to guess what a dict might hold. What probes measure (targets, observations, failure
reasons) is :mod:`probes.model`, the layer below.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict

from v6audit.probes.model import Reason


class Status(StrEnum):
    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    INFO = "info"
    NOT_APPLICABLE = "not_applicable"
    ERROR = "error"


class Text(NamedTuple):
    """A user-facing sentence in both report languages."""

    en: str
    zh: str

    def get(self, lang: str) -> str:
        return self.zh if lang.startswith("zh") else self.en


class CheckResult(BaseModel):
    """One verdict, in the shape of the JSON output contract."""

    model_config = ConfigDict(frozen=True)

    id: str
    status: Status
    summary: str
    details: dict[str, Any]
    remedy: str | None = None
    reason: Reason | None = None


class Contribution(BaseModel):
    check: str
    weight: float
    status: Status | None
    """None when the target kind has no such check (e.g. a web check on a network target)."""
    earned: float | None
    """Weight earned; None when the result does not count (info, n/a, error, absent)."""


class Score(BaseModel):
    """A target's score under a profile; :mod:`auditor.scoring` holds the rules that give it."""

    total: float | None
    goals: dict[str, float | None]
    grade: str
    benchmark: bool
    not_measured: list[str]
    """Checks that ended in ``error`` and so were left out of the score."""
    coverage: float | None = None
    """Share of the scoring weight that was measured (errors are the unmeasured part)."""
    breakdown: dict[str, list[Contribution]] = {}
