"""Turn a target's check results into goal scores under a profile.

Rules, in one place: pass earns a check's full weight, warn the profile's ``warn_points`` share,
fail nothing; ``info`` and ``not_applicable`` do not count; ``error`` is *not measured*: listed,
never scored as pass or fail. A goal with nothing measured has no score, and the total is the
weighted mean of measured goals only. When errors leave less than the profile's
``min_coverage`` of the weight measured (a name that does not exist, a resolver that never
answered), there is no total either: a score resting on a sliver of the checks would mislead.
The breakdown keeps every step visible, so a reader can redo the arithmetic.
"""

from __future__ import annotations

from collections.abc import Iterable

from v6audit.auditor.model import CheckResult, Contribution, Score, Status
from v6audit.auditor.profile import Profile

GRADES = ((90.0, "A"), (75.0, "B"), (50.0, "C"), (0.0, "D"))


def points(status: Status, profile: Profile) -> float | None:
    if status is Status.PASS:
        return 1.0
    if status is Status.WARN:
        return profile.warn_points
    if status is Status.FAIL:
        return 0.0
    return None


def score_results(results: Iterable[CheckResult], profile: Profile) -> Score:
    by_id = {result.id: result for result in results}
    goal_scores: dict[str, float | None] = {}
    breakdown: dict[str, list[Contribution]] = {}
    scored_weight = error_weight = 0.0
    for goal_name, goal in profile.goals.items():
        earned_total = possible = 0.0
        contributions = []
        for check_id, weight in goal.checks.items():
            result = by_id.get(check_id)
            share = None if result is None else points(result.status, profile)
            earned = None if share is None else weight * share
            contributions.append(
                Contribution(
                    check=check_id,
                    weight=weight,
                    status=result.status if result else None,
                    earned=earned,
                )
            )
            if earned is not None:
                earned_total += earned
                possible += weight
            elif result is not None and result.status is Status.ERROR:
                error_weight += weight
        breakdown[goal_name] = contributions
        goal_scores[goal_name] = round(100.0 * earned_total / possible, 1) if possible else None
        scored_weight += possible
    judged = scored_weight + error_weight
    coverage = round(scored_weight / judged, 3) if judged else None
    measured = [(profile.goals[name].weight, s) for name, s in goal_scores.items() if s is not None]
    total = (
        round(sum(w * s for w, s in measured) / sum(w for w, _ in measured), 1)
        if measured and coverage is not None and coverage >= profile.min_coverage
        else None
    )
    return Score(
        total=total,
        goals=goal_scores,
        grade=grade_for(total),
        benchmark=total is not None and total >= profile.benchmark,
        not_measured=sorted(i for i, r in by_id.items() if r.status is Status.ERROR),
        coverage=coverage,
        breakdown=breakdown,
    )


def grade_for(total: float | None) -> str:
    if total is None:
        return "not_measured"
    return next(letter for floor, letter in GRADES if total >= floor)
