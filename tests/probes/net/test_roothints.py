from __future__ import annotations

from pathlib import Path

import pytest

from v6audit.probes.net.errors import InputError
from v6audit.probes.net.roothints import load_root_hints


def test_shipped_iana_hints_name_thirteen_dual_stack_roots() -> None:
    roots = load_root_hints()
    assert [r.name for r in roots][:2] == ["a.root-servers.net", "b.root-servers.net"]
    assert len(roots) == 13
    assert all(any(":" in a for a in r.addresses) for r in roots)
    assert "2001:503:ba3e::2:30" in roots[0].addresses


def test_a_given_file_replaces_the_default(tmp_path: Path) -> None:
    hints = tmp_path / "root.hints"
    hints.write_text(".  3600000  NS  a.root.lab.\na.root.lab. 3600000 AAAA 3ffe:501:1::1\n")
    assert [(r.name, r.addresses) for r in load_root_hints(hints)] == [
        ("a.root.lab", ("3ffe:501:1::1",))
    ]


@pytest.mark.parametrize(
    "text", ["not a zone file at all\n", ".  3600000  NS  a.root.lab.\n", ""], ids=str
)
def test_unusable_files_are_refused_naming_the_file(tmp_path: Path, text: str) -> None:
    hints = tmp_path / "bad.hints"
    hints.write_text(text)
    with pytest.raises(InputError, match=r"bad\.hints"):
        load_root_hints(hints)
