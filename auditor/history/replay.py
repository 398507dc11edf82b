"""Stored targets turned back into target reports, as judged then or judged again now.

Both feed the ordinary report writers, so a resumed scan's report holds every target of the run,
and a rescored run reads exactly like a scan report.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from v6audit.auditor.evaluation import Evaluator
from v6audit.auditor.profile import Profile
from v6audit.auditor.records import TargetReport
from v6audit.auditor.scoring import score_results
from v6audit.auditor.store.queries import StoredTarget
from v6audit.probes.net.settings import Scope


def replayed(stored: Iterable[StoredTarget], profile: Profile) -> Iterator[TargetReport]:
    """Reports as the run judged them (the score is recomputed from them: it is a pure function
    of the results, and so gives its breakdown back)."""
    for item in stored:
        score = score_results(item.results, profile)
        yield TargetReport(item.target, item.results, score)


def rescored(
    stored: Iterable[StoredTarget], profile: Profile, scope: Scope, lang: str
) -> Iterator[TargetReport]:
    """Reports judged again from stored observations with today's checks under ``profile``.

    A check whose probe the run did not record (a probe added since) is not measured, with
    reason ``no_data`` (see :meth:`Evaluator.evaluate`).
    """
    evaluator = Evaluator(profile, scope, lang)
    for item in stored:
        results, score = evaluator.judge(item.target.kind, item.outcomes)
        yield TargetReport(item.target, results, score)
