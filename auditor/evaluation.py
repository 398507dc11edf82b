"""Judging: from probe outcomes to check results and a score, with no I/O.

The engine judges fresh measurements with it and ``v6audit rescore`` judges stored ones, so a
stored run re-judged under the same profile gives exactly what the scan gave, and a change to a
judge or a profile reaches old runs without re-scanning.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from v6audit.auditor.model import CheckResult, Score, Status
from v6audit.auditor.profile import Profile
from v6audit.auditor.registry import CheckSpec, JudgeContext, Observations, all_checks
from v6audit.auditor.scoring import score_results
from v6audit.probes.base import Probe, ProbeParams
from v6audit.probes.model import Observation, ProbeFailure, Reason, TargetKind
from v6audit.probes.net.errors import describe
from v6audit.probes.net.settings import Scope

log = logging.getLogger(__name__)


def _not_recorded(probe: str) -> ProbeFailure:
    return ProbeFailure(probe=probe, reason=Reason.NO_DATA, message="not recorded in this run")


Outcomes = Mapping[str, Observation | ProbeFailure]
"""Probe name to what the probe returned, or why it could not measure."""


class Evaluator:
    """The profile's checks and their judge contexts, ready to judge any target's outcomes."""

    def __init__(self, profile: Profile, scope: Scope, lang: str = "en") -> None:
        self.profile = profile
        self._lang = lang
        registry = all_checks()
        self.checks: Sequence[CheckSpec] = [registry[c] for c in profile.check_ids()]
        self._contexts = {
            spec.id: JudgeContext(scope=scope, params=profile.params_for(spec))
            for spec in self.checks
        }

    def checks_for(self, kind: TargetKind) -> list[CheckSpec]:
        return [spec for spec in self.checks if spec.kind is kind]

    def probes_for(self, kind: TargetKind) -> list[type[Probe[Any]]]:
        """The probes a target of ``kind`` needs, each once, in check order."""
        return list(dict.fromkeys(p for spec in self.checks_for(kind) for p in spec.probes))

    def probe_params(self, probe: type[Probe[Any]]) -> ProbeParams:
        """``probe``'s parameter model, from the parameters of every check that uses it
        (merged in profile order); a probe only required by others gets its defaults."""
        merged: dict[str, Any] = {}
        for spec in self.checks:
            if probe in spec.probes:
                merged.update(self._contexts[spec.id].params)
        return probe.Params.model_validate(
            {key: value for key, value in merged.items() if key in probe.Params.model_fields}
        )

    def judge(self, kind: TargetKind, outcomes: Outcomes) -> tuple[list[CheckResult], Score]:
        """Every check of the profile for ``kind``, then the score of those results."""
        results = [self.evaluate(spec, outcomes) for spec in self.checks_for(kind)]
        return results, score_results(results, self.profile)

    def evaluate(self, spec: CheckSpec, outcomes: Outcomes) -> CheckResult:
        """Judge one check from probe outcomes, classifying judge crashes.

        A probe with no outcome at all (a stored run made before the probe existed) leaves the
        check not measured, with reason ``no_data``: there is no data for it.
        """
        wanted = {p.name: outcomes.get(p.name) or _not_recorded(p.name) for p in spec.probes}
        failures = [o for o in wanted.values() if isinstance(o, ProbeFailure)]
        if failures:
            failure = failures[0]
            return CheckResult(
                id=spec.id,
                status=Status.ERROR,
                summary=f"not measured: {failure.reason.value} ({failure.message})",
                details={"probe": failure.probe, "message": failure.message},
                reason=failure.reason,
            )
        observations = Observations(wanted)  # type: ignore[arg-type]
        try:
            verdict = spec.judge(observations, self._contexts[spec.id])
        except Exception as exc:
            log.exception("check %s crashed", spec.id)
            return CheckResult(
                id=spec.id,
                status=Status.ERROR,
                summary=f"not measured: internal error ({describe(exc)})",
                details={},
                reason=Reason.INTERNAL,
            )
        remedy = None
        if verdict.status in (Status.WARN, Status.FAIL):
            remedy = (verdict.remedy or spec.remedy).get(self._lang)
        return CheckResult(
            id=spec.id,
            status=verdict.status,
            summary=verdict.summary.get(self._lang),
            details=verdict.details,
            remedy=remedy,
            reason=(verdict.reason or Reason.INTERNAL) if verdict.status is Status.ERROR else None,
        )
