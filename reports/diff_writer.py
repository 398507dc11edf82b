"""The comparison of two runs, as text for people or JSON for tools, streamed per target.

Only targets with a changed check or score are listed; the closing tally counts all of them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from v6audit.auditor.history.diff import Change, DiffTally, TargetChanges
from v6audit.reports.files import atomic_output

DIFF_SCHEMA = "v6audit-diff/1"
DIFF_FORMATS = ("text", "json")


def _score(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def write_diff(
    changes: Iterable[TargetChanges], before: str, after: str, output_format: str,
    output: Path | None,
) -> DiffTally:  # fmt: skip
    tally = DiffTally()
    with atomic_output(output) as out:
        if output_format == "json":
            _write_json(changes, before, after, tally, out)
        else:
            _write_text(changes, before, after, tally, out)
    return tally


def _listed(changes: Iterable[TargetChanges], tally: DiffTally) -> Iterable[TargetChanges]:
    for target in changes:
        tally.add(target)
        if target.checks or target.score_before != target.score_after:
            yield target


def _write_text(
    changes: Iterable[TargetChanges], before: str, after: str, tally: DiffTally, out: IO[str]
) -> None:
    out.write(f"changes from run {before} to run {after}\n")
    for target in _listed(changes, tally):
        scores = f"{_score(target.score_before)} -> {_score(target.score_after)}"
        out.write(f"{target.target}  score {scores}\n")
        for check in target.checks:
            out.write(
                f"  {check.change.value.upper():<10} {check.check_id:<18} "
                f"{check.before or '-'} -> {check.after or '-'}\n"
            )
    counts = ", ".join(f"{tally.checks[change]} {change.value}" for change in Change)
    out.write(f"{tally.changed_targets} of {tally.targets} targets changed; checks: {counts}\n")


def _write_json(
    changes: Iterable[TargetChanges], before: str, after: str, tally: DiffTally, out: IO[str]
) -> None:
    out.write(json.dumps({"schema": DIFF_SCHEMA, "before": before, "after": after})[:-1])
    out.write(', "targets": [')
    for index, target in enumerate(_listed(changes, tally)):
        entry = {
            "target": target.target,
            "score": {"before": target.score_before, "after": target.score_after},
            "checks": [
                {"id": c.check_id, "before": c.before, "after": c.after, "change": c.change.value}
                for c in target.checks
            ],
        }
        out.write(("," if index else "") + "\n " + json.dumps(entry, ensure_ascii=False))
    counts = {change.value: tally.checks[change] for change in Change}
    summary = {"targets": tally.targets, "changed_targets": tally.changed_targets, "checks": counts}
    out.write(f'\n], "summary": {json.dumps(summary)}}}\n')
