"""The HTML report of a real lab scan, opened in a real browser."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from lab.build import Lab
from tests.browser import open_page
from tests.conftest import scan_json
from tests.reports.fixtures import HOSTILE, SCRIPT_BREAKER, report, run_info
from v6audit.auditor.model import Status
from v6audit.auditor.registry import all_checks
from v6audit.reports.html_writer import HtmlWriter

LAB_TARGETS = ["www.good.lab gov", "v4.good.lab 教育", "alias.good.lab", "alias4.good.lab finance",
               "missing.good.lab"]  # fmt: skip


def _lab_report(lab: Lab, tmp_path: Path, lang: str) -> Path:
    targets = tmp_path / "targets.txt"
    targets.write_text("\n".join(LAB_TARGETS) + "\n", "utf-8")
    output = tmp_path / f"report-{lang}.html"
    result = lab.auditor(["scan", "-q", "-f", str(targets), *lab.resolver_args(),
                          "--format", "html", "--lang", lang, "-o", str(output)])  # fmt: skip
    assert result.returncode == 0, result.stderr
    return output


@pytest.mark.lab
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_loads_offline_without_errors(lab: Lab, tmp_path: Path, lang: str) -> None:
    output = _lab_report(lab, tmp_path, lang)
    with open_page(output) as visit:
        assert visit.requests == [output.resolve().as_uri()]
        assert visit.console_errors == []
        assert visit.page.locator("#list > details.t").count() == len(LAB_TARGETS)
        visit.screenshot(f"lab-report-{lang}.png")


@pytest.mark.lab
def test_chinese_report_expands_a_target(lab: Lab, tmp_path: Path) -> None:
    output = _lab_report(lab, tmp_path, "zh")
    with open_page(output) as visit:
        page = visit.page
        page.select_option("#se", "education")
        target = page.locator("#list > details.t:visible")
        assert target.locator(".name").all_inner_texts() == ["v4.good.lab"]
        assert "教育" in target.locator("summary").inner_text()
        assert "失败" in target.locator("summary").inner_text()  # its failure count
        target.locator("summary").click()
        target.locator("table.checks").wait_for()  # built on the toggle event
        details = target.inner_text()
        assert all_checks()["dns.aaaa"].title.zh in details
        assert "整改建议" in details
        target.locator("details.how summary").click()
        assert "得分计算方式" in details
        assert target.locator("details.how td.id").count() > 0
        assert visit.console_errors == []
        visit.screenshot("lab-report-zh-details.png")


@pytest.mark.lab
def test_filter_by_text_status_and_sector(lab: Lab, tmp_path: Path) -> None:
    output = _lab_report(lab, tmp_path, "en")
    with open_page(output) as visit:
        page = visit.page
        visible = page.locator("#list > details.t:visible")
        page.fill("#q", "alias4")
        expect(page.locator("#shown")).to_have_text("1")  # after the input debounce
        assert visible.locator(".name").all_inner_texts() == ["alias4.good.lab"]
        page.fill("#q", "")
        document = scan_json(lab, [line.split()[0] for line in LAB_TARGETS])
        failing = sorted(
            t["target"]
            for t in document["targets"]
            if any(c["status"] == "fail" for c in t["checks"])
        )
        assert "v4.good.lab" in failing
        page.select_option("#st", "fail")
        assert sorted(visible.locator(".name").all_inner_texts()) == failing
        page.select_option("#st", "")
        page.select_option("#se", "education")
        assert visible.locator(".name").all_inner_texts() == ["v4.good.lab"]
        page.select_option("#se", "")
        page.select_option("#st", "error")
        assert visible.locator(".name").all_inner_texts() == ["missing.good.lab"]
        page.locator("#list > details.t:visible summary").first.click()
        visit.screenshot("lab-report-filtered.png")


def test_hostile_content_renders_as_text(tmp_path: Path) -> None:
    from v6audit.auditor.profile import load_profile

    output = tmp_path / "hostile.html"
    writer = HtmlWriter(output, "en", load_profile("default"), None)
    writer.add(report("bad.example", Status.FAIL, summary=HOSTILE, details={"title": HOSTILE}))
    writer.add(report("worse.example", Status.WARN, summary=SCRIPT_BREAKER,
                      details={SCRIPT_BREAKER: [SCRIPT_BREAKER]}))  # fmt: skip
    writer.close(run_info())
    with open_page(output) as visit:
        targets = visit.page.locator("#list > details.t")
        assert targets.count() == 2  # the data did not end its script element early
        for index, text in enumerate((HOSTILE, SCRIPT_BREAKER)):
            targets.nth(index).locator("summary").click()
            targets.nth(index).locator("table.checks").wait_for()  # built on the toggle event
            assert text in targets.nth(index).inner_text()
        visit.page.fill("#q", "</script><!--")
        expect(visit.page.locator("#shown")).to_have_text("1")
        assert visit.dialogs == []
        assert visit.console_errors == []
        assert visit.requests == [output.resolve().as_uri()]


def test_long_lists_show_a_page_at_a_time(tmp_path: Path) -> None:
    from v6audit.auditor.profile import load_profile

    output = tmp_path / "long.html"
    writer = HtmlWriter(output, "zh", load_profile("default"), None)
    for number in range(450):
        writer.add(report(f"site{number}.example", Status.FAIL if number % 2 else Status.PASS))
    writer.close(run_info())
    with open_page(output) as visit:
        page, rows = visit.page, visit.page.locator("#list > details.t")
        expect(page.locator("#shown")).to_have_text("450")
        assert rows.count() == 200
        page.click("#more")
        page.click("#more")
        assert rows.count() == 450
        assert page.locator("#more").is_hidden()
        page.select_option("#st", "fail")  # a filter starts again from the first page
        expect(page.locator("#shown")).to_have_text("225")
        assert rows.count() == 200
        assert "显示更多 (25)" in page.inner_text("#more")
        assert visit.console_errors == []
