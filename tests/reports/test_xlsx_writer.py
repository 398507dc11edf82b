"""The workbook, read back the way a spreadsheet would see it (openpyxl)."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from tests.reports.fixtures import report, run_info
from v6audit.auditor.model import Status
from v6audit.auditor.profile import load_profile
from v6audit.auditor.records import InputProblem
from v6audit.probes.model import Reason, Sector
from v6audit.probes.net.errors import InputError
from v6audit.reports import xlsx_writer
from v6audit.reports.xlsx_writer import WorkbookWriter


def _write(path: Path, lang: str = "en") -> None:
    writer = WorkbookWriter(path, lang, load_profile("default"))
    writer.add(report("政府.中国", Status.PASS, sector=Sector.GOV))
    writer.add(report("bad.example", Status.FAIL, summary='=HYPERLINK("http://x")'))
    writer.add(report("lost.example", Status.ERROR, reason=Reason.TIMEOUT))
    writer.add_problem(InputProblem("t.txt:3", "-bad", "empty label"))
    assert not path.exists()  # atomic: appears on close
    writer.close(run_info())


def test_sheets_have_frozen_filtered_headers_and_typed_cells(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    _write(path, lang="zh")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["targets", "checks", "sectors", "run", "input errors"]
    for sheet in book:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == sheet.dimensions
        assert all(cell.font.b for cell in sheet[1])
    targets = [[cell.value for cell in row] for row in book["targets"].iter_rows()]
    header = targets[0]
    assert header[:9] == [column for column, _width in xlsx_writer.TARGET_COLUMNS]
    assert "single-stack" in header
    rows = {row[0]: dict(zip(header, row, strict=True)) for row in targets[1:]}
    good = rows["政府.中国"]
    assert good["a_label"] == "xn--mxtq1m.xn--fiqs8s"
    assert good["sector"] == "gov"
    assert good["score"] == 100.0
    assert good["benchmark"] is True
    assert good["single-stack"] == 100.0
    numbers = [book["targets"].cell(row, header.index("score") + 1) for row in (2, 3)]
    assert [cell.data_type for cell in numbers] == ["n", "n"]  # numbers, not text
    assert rows["bad.example"]["score"] == 0.0
    assert rows["lost.example"]["score"] is None  # not measured: blank, never zero
    assert rows["lost.example"]["not_measured"] == "dns.aaaa"

    checks = [[cell.value for cell in row] for row in book["checks"].iter_rows(min_row=2)]
    assert [row[:5] for row in checks] == [
        ["政府.中国", "gov", "dns.aaaa", "pass", None],
        ["bad.example", None, "dns.aaaa", "fail", None],
        ["lost.example", None, "dns.aaaa", "error", "timeout"],
    ]
    formula = book["checks"]["F3"]
    assert formula.value == '=HYPERLINK("http://x")'
    assert formula.data_type == "s"  # scanned text stays text, never a formula

    sectors = {row[0]: row for row in book["sectors"].iter_rows(min_row=2, values_only=True)}
    assert sectors["gov"] == ("gov", "政务", 1, 1, 20, False)
    assert sectors["finance"][2:] == (0, 0, 20, False)
    assert sectors[None][1:4] == ("未分行业", 2, 0)
    run = dict(book["run"].iter_rows(min_row=2, values_only=True))
    assert run["run"] == "20260101T000000Z-abcdef"
    assert run["end"] == "complete"
    assert run["targets"] == 3
    assert run["score"] == 50.0
    assert list(book["input errors"].iter_rows(min_row=2, values_only=True)) == [
        ("t.txt:3", "-bad", "empty label")
    ]


def test_a_full_sheet_continues_on_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx_writer, "MAX_ROWS", 3)
    path = tmp_path / "r.xlsx"
    writer = WorkbookWriter(path, "en", load_profile("default"))
    for index in range(5):
        writer.add(report(f"h{index}.example", Status.PASS))
    writer.close(run_info())
    book = openpyxl.load_workbook(path)
    pages = [name for name in book.sheetnames if name.startswith("targets")]
    assert pages == ["targets", "targets 2", "targets 3"]
    names = [row[0] for page in pages for row in book[page].iter_rows(min_row=2, values_only=True)]
    assert names == [f"h{index}.example" for index in range(5)]
    assert all(book[page]["A1"].value == "target" for page in pages)


def test_standard_output_gets_the_workbook_unless_it_is_a_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Stdout(io.TextIOWrapper):
        tty = False

        def isatty(self) -> bool:
            return self.tty

    stdout = Stdout(io.BytesIO())
    monkeypatch.setattr("sys.stdout", stdout)
    writer = WorkbookWriter(None, "en", load_profile("default"))
    writer.add(report("www.example.cn", Status.PASS))
    writer.close(run_info())
    book = openpyxl.load_workbook(io.BytesIO(stdout.buffer.getvalue()))  # type: ignore[attr-defined]
    assert book["targets"]["A2"].value == "www.example.cn"
    Stdout.tty = True
    with pytest.raises(InputError, match="give -o FILE"):
        WorkbookWriter(None, "en", load_profile("default"))


def test_a_failed_close_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "r.xlsx"
    writer = WorkbookWriter(path, "en", load_profile("default"))
    writer.add(report("www.example.cn", Status.PASS))

    written = writer._book.close

    def full_disk() -> None:
        written()  # the temporary file is complete, then the disk fills
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer._book, "close", full_disk)
    with pytest.raises(OSError, match="No space"):
        writer.close(run_info())
    assert list(tmp_path.iterdir()) == []
