from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.auditor.store.samples import PROFILE
from tests.browser import open_page
from tests.reports.fixtures import HOSTILE
from v6audit.auditor.store.queries import TrendPoint
from v6audit.reports.svg_chart import line_chart
from v6audit.reports.trend_writer import trend_html, trend_json, write_trend

START = datetime(2026, 1, 1, tzinfo=UTC)


def _points(*totals: float | None) -> list[TrendPoint]:
    return [
        TrendPoint(f"run-{i}", START + timedelta(days=i), 10, 8, total, 4,
                   {"single-stack": total} if total is not None else {})
        for i, total in enumerate(totals)
    ]  # fmt: skip


def test_chart_breaks_lines_where_a_run_has_no_value() -> None:
    chart = line_chart([("total", [0.0, 50.0, None, 100.0])], ["a", "b", "c", "d"])
    [line] = chart.lines
    assert len(line.segments) == 2
    assert [value for _x, _y, value in line.dots] == [0.0, 50.0, 100.0]
    ys = [y for _x, y, _v in line.dots]
    assert ys[0] > ys[1] > ys[2]  # higher scores are drawn higher
    single = line_chart([("total", [75.0])], ["a"])
    assert single.lines[0].dots[0][0] == (single.left + single.right) / 2


def test_trend_json_lists_runs_in_time_order() -> None:
    document = json.loads(trend_json(_points(50.0, 75.0), "default", {"sector": "gov"}))
    assert document["schema"] == "v6audit-trend/1"
    assert [(r["run"], r["total"], r["benchmark_share"]) for r in document["runs"]] == [
        ("run-0", 50.0, 40.0), ("run-1", 75.0, 40.0)]  # fmt: skip


def test_trend_page_is_self_contained_escaped_and_bilingual(tmp_path: Path) -> None:
    html = trend_html(_points(50.0, None, 90.0), PROFILE, [HOSTILE], "zh")
    assert HOSTILE not in html
    assert "&lt;script&gt;" in html
    assert "default-src 'none'" in html
    assert "<script" not in html
    assert "http://" not in html
    assert "https://" not in html
    assert '<html lang="zh-CN">' in html
    assert "IPv6 就绪度趋势" in html
    assert html.count('<svg class="chart"') == 2
    output = tmp_path / "trend.html"
    write_trend(html, output)
    with open_page(output) as visit:
        assert visit.requests == [output.resolve().as_uri()]
        assert visit.console_errors == []
        assert visit.page.locator("svg.chart polyline").count() >= 3
        visit.screenshot("trend-zh.png")


def test_empty_trend_says_so() -> None:
    assert "No complete run of this profile" in trend_html([], PROFILE, [], "en")
