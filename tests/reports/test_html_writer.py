from __future__ import annotations

import base64
import gzip
import json
import re
from pathlib import Path
from typing import Any

from tests.reports.fixtures import HOSTILE, report, run_info
from v6audit.auditor.inventory import Declaration
from v6audit.auditor.model import Status
from v6audit.auditor.profile import load_profile
from v6audit.probes.model import Sector
from v6audit.reports.embedded import StringTable
from v6audit.reports.html_writer import HtmlWriter, compact, evidence
from v6audit.reports.writers import open_writer


def _render(tmp_path: Path, lang: str = "en", **kwargs: object) -> str:
    output = tmp_path / "r.html"
    writer = HtmlWriter(output, lang, load_profile("default"), kwargs.get("inventory"))  # type: ignore[arg-type]
    writer.add(report("www.good.example", Status.PASS, sector=Sector.GOV))
    writer.add(report("bad.example", Status.FAIL, summary=HOSTILE, details={"title": HOSTILE}))
    writer.close(run_info())
    return output.read_text("utf-8")


def _targets_data(html: str) -> dict[str, Any]:
    """The targets the page's script reads: gzip-deflated JSON in base64."""
    match = re.search(r'<script type="application/octet-stream" id="v6-targets">([^<]*)</', html)
    assert match is not None
    data: dict[str, Any] = json.loads(gzip.decompress(base64.b64decode(match.group(1))))
    return data


def test_scanned_content_is_escaped(tmp_path: Path) -> None:
    html = _render(tmp_path)
    assert HOSTILE not in html
    assert "<img src=x" not in html
    assert html.count("<script>") == 1  # only the report's own script
    data = _targets_data(html)  # the hostile text is there, as data
    assert [row[0] for row in data["rows"]] == ["www.good.example", "bad.example"]
    assert HOSTILE in data["strings"]


def test_many_targets_stream_through_the_packed_data(tmp_path: Path) -> None:
    output = tmp_path / "r.html"
    writer = HtmlWriter(output, "zh", load_profile("default"), None)
    for number in range(3000):
        writer.add(report(f"site{number}.example", Status.PASS, summary=f"{number} AAAA record(s)"))
    writer.close(run_info())
    rows = _targets_data(output.read_text("utf-8"))["rows"]
    assert [row[0] for row in rows] == [f"site{number}.example" for number in range(3000)]


def test_self_contained(tmp_path: Path) -> None:
    html = _render(tmp_path)
    assert "default-src 'none'" in html
    for needle in ("http://", "https://", "<link", 'src="http'):
        assert needle not in html


def test_chinese_report_and_declared_items(tmp_path: Path) -> None:
    inventory = {"ipv6-plus": {"srv6": Declaration(deployed=True, note="骨干网 2024")}}
    html = _render(tmp_path, "zh", inventory=inventory)
    assert '<html lang="zh-CN">' in html
    assert "IPv6 就绪度评估报告" in html
    assert "已部署（申报）" in html
    assert "骨干网 2024" in html
    assert "政务" in html


def test_summary_counts_sector_benchmarks(tmp_path: Path) -> None:
    html = _render(tmp_path)
    assert "1 / 20" in html  # the gov target is a benchmark


def test_evidence_is_shortened_and_flattened() -> None:
    items = dict(evidence({"aaaa": ["2001:db8::1", "2001:db8::2"], "none": None, "long": "x" * 900,
                           "nested": {"a": 1}}))  # fmt: skip
    assert items["aaaa"] == "2001:db8::1, 2001:db8::2"
    assert "none" not in items
    assert items["long"].endswith("(+300)")
    assert items["nested"] == '{"a": 1}'


def test_compact_rows_share_repeated_strings() -> None:
    table = StringTable()
    entry = {"target": "A.example", "sector": "gov", "checks": [
        {"id": "dns.aaaa", "status": "fail", "summary": "no AAAA record", "details": {},
         "remedy": "Publish AAAA records", "reason": None}],
        "score": {"total": 40.0, "grade": "D", "goals": {"reach": 40.0},
                  "breakdown": {"reach": [{"check": "dns.aaaa", "weight": 3.0,
                                           "status": "fail", "earned": 0.0}]}}}  # fmt: skip
    first, second = compact(entry, table), compact(entry | {"target": "b.example"}, table)
    assert (first[0], second[0]) == ("A.example", "b.example")  # names stay whole
    assert first[1:] == second[1:]  # everything else points into the table
    strings = table.strings()
    assert strings[first[2]] == "gov"
    assert [strings[i] for i in first[5][0][:2]] == ["dns.aaaa", "fail"]
    assert first[6][0][2] == [first[5][0][0], 3.0, first[5][0][1], 0.0]


def test_writers_for_each_format(tmp_path: Path) -> None:
    profile = load_profile("default")
    for fmt in ("json", "html", "csv", "text"):
        output = tmp_path / f"r.{fmt}"
        writer = open_writer(fmt, output, lang="en", profile=profile, inventory=None)
        writer.add(report("www.good.example", Status.PASS))
        writer.close(run_info())
        assert output.stat().st_size > 0
