"""The trend of a selection of targets across complete runs: JSON, or one self-contained page.

The page shares the report's head (offline-only CSP, style) and its catalogue, draws its charts
as inline SVG and autoescapes every stored string, so a target name from a scanned list can never
become markup.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from v6audit.auditor import __version__
from v6audit.auditor.profile import Profile
from v6audit.auditor.store.queries import TrendPoint
from v6audit.reports.document import iso
from v6audit.reports.files import atomic_output
from v6audit.reports.html_writer import environment
from v6audit.reports.i18n import Translator
from v6audit.reports.svg_chart import line_chart

TREND_SCHEMA = "v6audit-trend/1"


def benchmark_share(point: TrendPoint) -> float:
    return round(100.0 * point.benchmarks / point.targets, 1)


def trend_json(points: Sequence[TrendPoint], profile: str, selection: dict[str, Any]) -> str:
    document = {
        "schema": TREND_SCHEMA,
        "profile": profile,
        "selection": selection,
        "runs": [
            {
                "run": point.run_id,
                "started": iso(point.started),
                "targets": point.targets,
                "scored": point.scored,
                "total": point.mean_total,
                "goals": point.goals,
                "benchmarks": point.benchmarks,
                "benchmark_share": benchmark_share(point),
            }
            for point in points
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=1)


def trend_html(
    points: Sequence[TrendPoint], profile: Profile, selection: list[str], lang: str
) -> str:
    t = Translator(lang)
    labels = [f"{point.started:%Y-%m-%d}" for point in points]
    scores = line_chart(
        [
            (t("overall"), [point.mean_total for point in points]),
            (t("trend.benchmark_share"), [benchmark_share(point) for point in points]),
        ],
        labels,
    )
    measured = [name for name, goal in profile.goals.items() if goal.checks]
    goals = line_chart(
        [(t.text(profile.goals[name].title.text()), [p.goals.get(name) for p in points])
         for name in measured],
        labels,
    )  # fmt: skip
    return environment.get_template("trend.html.j2").render(
        t=t, lang=lang, profile=profile, points=points, selection=selection,
        scores=scores, goals=goals, goal_names=measured, share=benchmark_share,
        generated=datetime.now(UTC), version=__version__,
    )  # fmt: skip


def write_trend(text: str, output: Path | None) -> None:
    with atomic_output(output) as out:
        out.write(text)
        out.write("\n")
