from __future__ import annotations

from pathlib import Path

from auditor.inventory import Declaration
from auditor.model import Sector, Status
from auditor.profile import load_profile
from reports.html_writer import HtmlWriter, evidence, search_keys
from reports.writers import open_writer
from tests.reports.fixtures import HOSTILE, report, run_info


def _render(tmp_path: Path, lang: str = "en", **kwargs: object) -> str:
    output = tmp_path / "r.html"
    writer = HtmlWriter(output, lang, load_profile("default"), kwargs.get("inventory"))  # type: ignore[arg-type]
    writer.add(report("www.good.example", Status.PASS, sector=Sector.GOV))
    writer.add(report("bad.example", Status.FAIL, summary=HOSTILE, details={"title": HOSTILE}))
    writer.close(run_info())
    return output.read_text("utf-8")


def test_scanned_content_is_escaped(tmp_path: Path) -> None:
    html = _render(tmp_path)
    assert HOSTILE not in html
    assert "&lt;script&gt;alert(" in html
    assert "<img src=x" not in html
    assert html.count("<script>") == 1  # only the report's own filter script


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


def test_search_keys_hold_failing_checks_only() -> None:
    entry = {"target": "A.example", "sector": None, "checks": [
        {"id": "dns.aaaa", "status": "fail", "summary": "no AAAA record"},
        {"id": "dns.other", "status": "pass", "summary": "fine"}]}  # fmt: skip
    keys = search_keys(entry)
    assert "dns.aaaa" in keys
    assert "a.example" in keys
    assert "dns.other" not in keys


def test_writers_for_each_format(tmp_path: Path) -> None:
    profile = load_profile("default")
    for fmt in ("json", "html", "csv", "text"):
        output = tmp_path / f"r.{fmt}"
        writer = open_writer(fmt, output, lang="en", profile=profile, inventory=None)
        writer.add(report("www.good.example", Status.PASS))
        writer.close(run_info())
        assert output.stat().st_size > 0
