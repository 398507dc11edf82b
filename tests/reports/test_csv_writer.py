from __future__ import annotations

import csv
from pathlib import Path

from tests.reports.fixtures import report, run_info
from v6audit.auditor.model import Status
from v6audit.auditor.records import InputProblem
from v6audit.probes.model import Sector
from v6audit.reports.csv_writer import COLUMNS, CsvWriter


def test_one_row_per_check_and_formula_cells_defused(tmp_path: Path) -> None:
    output = tmp_path / "r.csv"
    writer = CsvWriter(output)
    writer.add(report("www.good.example", Status.PASS))
    writer.add(report("bad.example", Status.FAIL, summary='=HYPERLINK("http://x")'))
    writer.add_problem(InputProblem("t.txt:3", "-bad", "empty label"))
    assert not output.exists()  # atomic: appears on close
    writer.close(run_info())
    rows = list(csv.reader(output.read_text("utf-8-sig").splitlines()))
    assert rows[0] == COLUMNS
    assert rows[1][:5] == ["www.good.example", "domain", "", "dns.aaaa", "pass"]
    assert rows[2][6] == '\'=HYPERLINK("http://x")'
    assert rows[3][0] == "'-bad"
    assert rows[3][5] == "bad_input"


def test_chinese_text_is_utf8_with_a_byte_order_mark(tmp_path: Path) -> None:
    """What Excel and WPS need to read UTF-8 rather than the legacy code page."""
    output = tmp_path / "r.csv"
    writer = CsvWriter(output)
    writer.add(report("政府.中国", Status.FAIL, sector=Sector.GOV, summary="没有 AAAA 记录"))
    writer.close(run_info())
    data = output.read_bytes()
    assert data.startswith(b"\xef\xbb\xbftarget,kind,")
    assert data.count(b"\xef\xbb\xbf") == 1
    assert data.split(b"\r\n")[1].startswith("政府.中国,domain,gov,dns.aaaa,fail".encode())
    assert "没有 AAAA 记录" in data.decode("utf-8-sig")
