from __future__ import annotations

import subprocess
import sys
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


def test_parsing_hints_imports_nothing(tmp_path: Path) -> None:
    """A Ctrl-C that lands inside an import can be lost there and leave a half-loaded module,
    which the parser would report as a syntax error of the file: so once the module is loaded
    (with the program, where an interrupt is honoured), parsing hints imports nothing. Checked
    in a fresh interpreter, as the test session has imported much already."""
    hints = tmp_path / "root.hints"
    hints.write_text(". 3600 NS a.root.test.\na.root.test. 3600 AAAA 2001:db8::53\n")
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from v6audit.probes.net.roothints import load_root_hints\n"
        "loaded = set(sys.modules)\n"
        f"load_root_hints(Path({str(hints)!r}))\n"
        "print(sorted(set(sys.modules) - loaded))\n"
    )
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert ran.stdout.strip() == "[]"
