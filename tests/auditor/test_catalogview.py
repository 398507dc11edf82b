"""``v6audit checks`` and the README's check tables, generated from the catalog."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from v6audit.auditor.catalog import catalog
from v6audit.auditor.catalogview import as_markdown, markdown_tables, update_readme
from v6audit.auditor.cli import main

README = Path(__file__).parents[2] / "README.md"


def test_the_readme_tables_are_the_catalogs() -> None:
    text = README.read_text("utf-8")
    assert update_readme(text) == text, (
        "README.md's check tables differ from the catalog: run "
        "v6audit checks --format markdown --update-readme README.md"
    )


def test_every_check_is_in_the_overview_and_in_its_sections_table() -> None:
    tables = markdown_tables("en")
    for check_id, entry in catalog().entries.items():
        assert f"| `{check_id}` |" in tables["overview"]
        for name in ("dns", "web", "beyond"):
            assert (f"| `{check_id}` |" in tables[name]) == (entry.section == name)


def test_update_readme_replaces_only_the_marked_tables() -> None:
    stale = "\n\n".join(
        f"intro {name}\n<!-- catalog:{name} begin -->\n| old |\n<!-- catalog:{name} end -->"
        for name in ("overview", "dns", "web", "beyond")
    )
    updated = update_readme(stale + "\n\nafter\n")
    assert "| old |" not in updated
    assert updated.startswith("intro overview\n<!-- catalog:overview begin")
    assert updated.endswith("<!-- catalog:beyond end -->\n\nafter\n")
    assert update_readme(updated) == updated
    for table in markdown_tables("en").values():
        assert table in updated


def test_update_readme_refuses_a_file_without_the_markers() -> None:
    with pytest.raises(ValueError, match="no marked table overview, dns, web, beyond"):
        update_readme("# a README\n")


def test_checks_prints_markdown_json_and_text() -> None:
    runner = CliRunner()
    markdown = runner.invoke(main, ["checks", "--format", "markdown"])
    assert markdown.exit_code == 0
    assert markdown.stdout == as_markdown("en")
    as_zh = runner.invoke(main, ["checks", "--format", "json", "--lang", "zh"])
    document = json.loads(as_zh.stdout)
    assert document["lang"] == "zh"
    assert [row["id"] for row in document["checks"]] == list(catalog().entries)
    by_id = {row["id"]: row for row in document["checks"]}
    assert by_id["dns.aaaa"]["title"] == catalog().get("dns.aaaa").title.zh
    assert by_id["net.dualstack"]["target"] == "network (IPv4)"
    assert by_id["web.same-content"]["params"]["threshold"] == 0.9
    text = runner.invoke(main, ["checks"]).stdout
    for check_id, entry in catalog().entries.items():
        assert f"{check_id} (" in text
        assert entry.title.en in text


def test_checks_updates_a_readme_in_place(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(
        "".join(
            f"<!-- catalog:{name} begin -->\n<!-- catalog:{name} end -->\n"
            for name in ("overview", "dns", "web", "beyond")
        ),
        "utf-8",
    )
    result = CliRunner().invoke(main, ["checks", "--update-readme", str(readme)])
    assert result.exit_code == 0, result.output
    assert readme.read_text("utf-8") == as_markdown("en").replace("\n\n", "\n")


def test_checks_refuses_a_readme_without_markers_in_one_line(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# nothing marked\n", "utf-8")
    result = CliRunner().invoke(main, ["checks", "--update-readme", str(readme)])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: {readme}: no marked table overview, dns, web, beyond (<!-- catalog:NAME begin -->)"
    ]
    assert readme.read_text("utf-8") == "# nothing marked\n"
    wrong = CliRunner().invoke(main, ["checks", "--format", "json", "--update-readme", str(readme)])
    assert wrong.exit_code == 2
