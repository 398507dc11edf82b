"""Judge hand-built observations the way a scan does: through the real Evaluator.

Check unit tests judge with :func:`judge` rather than calling a judge function themselves, so
each sees what a report would show: the check's parameters as a profile gives them (defaults,
overridden per call and validated like a profile file's), the scope, the summary in the
report's language, a missing observation as ``no_data`` and a crashing judge as ``internal``.
"""

from __future__ import annotations

from typing import Any

from tests.profiles import one_goal_profile
from v6audit.auditor.evaluation import Evaluator
from v6audit.auditor.model import CheckResult
from v6audit.auditor.registry import get_check
from v6audit.probes.model import Observation
from v6audit.probes.net.settings import Scope


def judge(
    check_id: str,
    *observations: Observation,
    scope: Scope = Scope.INTERNET,
    lang: str = "en",
    **params: Any,
) -> CheckResult:
    """The result of ``check_id`` on ``observations`` (each given to the check's probe whose
    observation type it has), under a profile of that one check with ``params``."""
    spec = get_check(check_id)
    outcomes = {
        probe.name: observation
        for probe in spec.probes
        for observation in observations
        if isinstance(observation, probe.observation_type)
    }
    profile = one_goal_profile({check_id: 1}, params={check_id: params} if params else None)
    return Evaluator(profile, scope, lang).evaluate(spec, outcomes)


def outcome(
    check_id: str, *observations: Observation, **params: Any
) -> tuple[str, str, dict[str, Any]]:
    """:func:`judge`, as (status or status/reason, English summary, details)."""
    result = judge(check_id, *observations, **params)
    status = f"{result.status}/{result.reason}" if result.reason else str(result.status)
    return status, result.summary, result.details
