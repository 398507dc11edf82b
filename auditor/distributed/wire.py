"""What travels through the broker: batches of targets out, their reports back, as plain JSON.

Targets travel as the user wrote them and are parsed again by the worker (as a resumed run does),
and reports come back as check results plus each probe's observation in the history store's
encoding, so a distributed report is exactly what the same target gives in a local run.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from v6audit.auditor.codec import (
    profile_from_json,
    profile_to_json,
    settings_from_json,
    settings_to_json,
    target_from_row,
)
from v6audit.auditor.model import CheckResult
from v6audit.auditor.profile import Profile
from v6audit.auditor.records import JsonText, StoredOutcome, TargetReport
from v6audit.auditor.scoring import score_results
from v6audit.probes.model import Target
from v6audit.probes.net.settings import ScanSettings

Batch = dict[str, Any]
Reports = list[dict[str, Any]]


def batch(settings: ScanSettings, profile: Profile, lang: str, targets: Iterable[Target]) -> Batch:
    """One batch for a worker. The run's deadline stays with the scan: a worker audits the whole
    batch, and the scan stops waiting for batches when the deadline passes."""
    unbounded = replace(settings, timeouts=replace(settings.timeouts, deadline=None))
    return {
        "settings": settings_to_json(unbounded),
        "profile": profile_to_json(profile),
        "lang": lang,
        "targets": [_target_to_json(target) for target in targets],
    }


def batch_settings(document: Batch) -> tuple[ScanSettings, Profile, str, list[Target]]:
    targets = [target_from_row(*row) for row in document["targets"]]
    profile = profile_from_json(document["profile"], "distributed")
    return settings_from_json(document["settings"]), profile, document["lang"], targets


def report_to_json(index: int, report: TargetReport) -> dict[str, Any]:
    """The report of the batch's ``index``-th target (workers finish targets in any order)."""
    return {
        "index": index,
        "results": [result.model_dump(mode="json") for result in report.results],
        "outcomes": {
            probe: {"failed": outcome.failed, "data": outcome.data}
            for probe, outcome in report.outcomes.items()
        },
    }


def report_from_json(
    document: Mapping[str, Any], targets: list[Target], profile: Profile
) -> TargetReport:
    """The report as the worker judged it; the score is a pure function of the results.

    The outcomes stay the text the worker encoded, as the history stores them: their shape is
    checked only when a run is judged again. Text that is not JSON is left out here, as an
    outcome that no longer reads is then: stored, it would break every later read of the run.
    A worker of a version that sent outcomes as documents is understood too.
    """
    results = [CheckResult.model_validate(result) for result in document["results"]]
    outcomes = {
        probe: StoredOutcome(bool(stored["failed"]), text)
        for probe, stored in document["outcomes"].items()
        if (text := _json_text(stored["data"])) is not None
    }
    target = targets[document["index"]]
    return TargetReport(target, results, score_results(results, profile), outcomes)


def _json_text(data: object) -> JsonText | None:
    if not isinstance(data, str):
        return JsonText(json.dumps(data))
    try:
        json.loads(data)
    except ValueError:
        return None
    return JsonText(data)


def _target_to_json(target: Target) -> list[str | None]:
    sector = target.sector.value if target.sector is not None else None
    return [target.raw, target.kind.value, sector, target.source]
