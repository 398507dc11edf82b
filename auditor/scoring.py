"""Turn a target's check results into goal scores under a profile.

Rules, in one place: pass counts full, warn half, fail nothing; ``info`` and ``not_applicable``
do not count; ``error`` is *not measured*: it is listed, never scored as pass or fail. A goal
with nothing measured has no score, and the total is the weighted mean of measured goals only.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel

from auditor.model import CheckResult, Status
from auditor.profile import Profile

POINTS = {Status.PASS: 1.0, Status.WARN: 0.5, Status.FAIL: 0.0}
GRADES = ((90.0, "A"), (75.0, "B"), (50.0, "C"), (0.0, "D"))


class Score(BaseModel):
    total: float | None
    goals: dict[str, float | None]
    grade: str
    benchmark: bool
    not_measured: list[str]
    """Checks that ended in ``error`` and so were left out of the score."""


def score_results(results: Iterable[CheckResult], profile: Profile) -> Score:
    by_id = {result.id: result for result in results}
    goal_scores: dict[str, float | None] = {}
    for goal_name, goal in profile.goals.items():
        earned = possible = 0.0
        for check_id, weight in goal.checks.items():
            result = by_id.get(check_id)
            if result is None or result.status not in POINTS:
                continue
            earned += weight * POINTS[result.status]
            possible += weight
        goal_scores[goal_name] = round(100.0 * earned / possible, 1) if possible else None
    measured = [(profile.goals[name].weight, s) for name, s in goal_scores.items() if s is not None]
    total = (
        round(sum(w * s for w, s in measured) / sum(w for w, _ in measured), 1)
        if measured
        else None
    )
    return Score(
        total=total,
        goals=goal_scores,
        grade=grade_for(total),
        benchmark=total is not None and total >= profile.benchmark,
        not_measured=sorted(i for i, r in by_id.items() if r.status is Status.ERROR),
    )


def grade_for(total: float | None) -> str:
    if total is None:
        return "not_measured"
    return next(letter for floor, letter in GRADES if total >= floor)
