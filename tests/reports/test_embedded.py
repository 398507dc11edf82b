from __future__ import annotations

import base64
import gzip
import json
import string

import pytest

from tests.reports.fixtures import HOSTILE, SCRIPT_BREAKER
from v6audit.reports.embedded import PackedText, StringTable, script_json


@pytest.mark.parametrize("text", [HOSTILE, SCRIPT_BREAKER, "</SCRIPT >", "<!-- x -->", "政务 ✓"])
def test_script_json_is_inert_in_a_script_element_and_reads_back(text: str) -> None:
    value = {"k": [text, 1.5, None]}
    encoded = script_json(value)
    for unsafe in ("<", ">", "&", "\u2028", "\u2029"):
        assert unsafe not in encoded
    assert json.loads(encoded) == value


def test_script_json_keeps_chinese_readable() -> None:
    assert script_json("政务") == '"政务"'


def test_string_table_indexes_repeats_and_stops_at_its_cap() -> None:
    table = StringTable(chars=4)
    assert [table.ref("a"), table.ref("bc"), table.ref("a")] == [0, 1, 0]
    assert table.ref("def") == "def"  # no room left: written in place
    assert table.ref("d") == 2
    assert table.strings() == ["a", "bc", "d"]


def test_packed_text_is_gzip_in_base64_whatever_the_chunking() -> None:
    packer = PackedText()
    text = "".join(f"政务 {number} " for number in range(5000))
    encoded = "".join(packer.feed(text[i : i + 777]) for i in range(0, len(text), 777))
    encoded += packer.finish()
    assert set(encoded) <= set(string.ascii_letters + string.digits + "+/=")
    assert gzip.decompress(base64.b64decode(encoded)).decode("utf-8") == text
