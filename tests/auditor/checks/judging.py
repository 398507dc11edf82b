"""Run one registered judge on observations built by hand: no network, no engine."""

from __future__ import annotations

from auditor.model import Observation
from auditor.registry import JudgeContext, Observations, Verdict, get_check
from auditor.settings import Scope


def judge(check_id: str, observation: Observation, scope: Scope = Scope.INTERNET) -> Verdict:
    spec = get_check(check_id)
    (probe,) = spec.probes
    return spec.judge(Observations({probe.name: observation}), JudgeContext(scope=scope))
