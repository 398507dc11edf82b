"""The check catalog as people read it: text, markdown tables (the README's) and JSON.

``v6audit checks`` prints it; the README's check tables are these markdown tables, between
marker comments, so they are regenerated rather than copied by hand (:func:`update_readme`) and
a test fails when the README and the catalog part.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Mapping
from typing import Any

from v6audit.auditor.catalog import Entry, catalog
from v6audit.auditor.model import Text
from v6audit.auditor.registry import all_checks

TABLES: Mapping[str, tuple[str | None, tuple[tuple[str, Text], ...]]] = {
    "overview": (
        None,
        (("target", Text("target", "目标")), ("outline", Text("verdicts", "判定"))),
    ),
    "dns": (
        "dns",
        (("passes", Text("passes when", "通过条件")), ("details", Text("details name", "详情"))),
    ),
    "web": (
        "web",
        (("measures", Text("what is done", "做法")), ("verdicts", Text("verdicts", "判定"))),
    ),
    "beyond": (
        "beyond",
        (
            ("measures", Text("what is measured", "测量内容")),
            ("verdicts", Text("verdicts and details", "判定与详情")),
        ),
    ),
}
"""The README's tables: the section whose checks they list (None: every check) and columns."""
FIRST_COLUMN = {"overview": Text("id", "检查"), "dns": Text("check", "检查")}
LABELS = {
    "measures": Text("measures", "测量"),
    "passes": Text("passes when", "通过条件"),
    "outline": Text("verdicts", "判定"),
    "verdicts": Text("verdicts", "判定"),
    "details": Text("details", "详情"),
    "remedy": Text("fix", "整改"),
}
UPDATE_COMMAND = "v6audit checks --format markdown --update-readme README.md"
BLOCK = re.compile(
    r"<!-- catalog:(?P<name>[a-z]+) begin[^>]*-->\n.*?<!-- catalog:(?P=name) end -->", re.S
)


def _field(entry: Entry, key: str, lang: str) -> str | None:
    if key == "target":
        target = entry.target
        return target.get(lang) if target else all_checks()[entry.id].kind.value
    value: Text | None = getattr(entry, key)
    return value.get(lang) if value else None


def as_json(lang: str) -> str:
    """Every check with its text in ``lang``, its target kind, probes and parameters."""
    checks = all_checks()
    rows: list[dict[str, Any]] = []
    for check_id, entry in catalog().entries.items():
        spec = checks[check_id]
        row: dict[str, Any] = {"id": check_id, "kind": spec.kind.value}
        for key in ("title", "explanation", "remedy", "target", *LABELS):
            if (value := _field(entry, key, lang)) is not None:
                row[key] = value
        row["probes"] = [probe.name for probe in spec.probes]
        row["params"] = dict(spec.defaults)
        rows.append(row)
    return json.dumps({"lang": lang, "checks": rows}, ensure_ascii=False, indent=1) + "\n"


def as_text(lang: str) -> str:
    """Every check as a paragraph: ID, target and title, then explanation, reference and fix."""
    out: list[str] = []
    for check_id, entry in catalog().entries.items():
        out.append(f"{check_id} ({_field(entry, 'target', lang)}): {entry.title.get(lang)}")
        lines = [entry.explanation.get(lang)]
        for key in ("measures", "passes", "outline", "details", "verdicts", "remedy"):
            if key == "outline" and entry.verdicts is not None:
                continue
            if (value := _field(entry, key, lang)) is not None:
                lines.append(f"{LABELS[key].get(lang)}: {value}")
        for line in lines:
            out.append(textwrap.fill(line, 100, initial_indent="    ", subsequent_indent="    "))
        out.append("")
    return "\n".join(out)


def markdown_tables(lang: str) -> dict[str, str]:
    """The README's check tables by name, as markdown."""
    tables: dict[str, str] = {}
    for name, (section, columns) in TABLES.items():
        head = [FIRST_COLUMN.get(name, Text("check", "检查")).get(lang)]
        head += [label.get(lang) for _, label in columns]
        lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
        for check_id, entry in catalog().entries.items():
            if section is not None and entry.section != section:
                continue
            cells = [f"`{check_id}`"] + [_field(entry, key, lang) or "" for key, _ in columns]
            lines.append("| " + " | ".join(cell.replace("|", r"\|") for cell in cells) + " |")
        tables[name] = "\n".join(lines) + "\n"
    return tables


def _block(name: str, table: str) -> str:
    return (
        f"<!-- catalog:{name} begin: generated from the check catalog by {UPDATE_COMMAND} -->\n"
        f"{table}<!-- catalog:{name} end -->"
    )


def as_markdown(lang: str) -> str:
    """Every README table, each between the marker comments that place it in the README."""
    return "\n\n".join(_block(name, table) for name, table in markdown_tables(lang).items()) + "\n"


def update_readme(readme: str, lang: str = "en") -> str:
    """``readme`` with each marked table replaced by the catalog's; ValueError if one is missing."""
    tables = markdown_tables(lang)
    found = [match["name"] for match in BLOCK.finditer(readme)]
    if missing := [name for name in tables if name not in found]:
        raise ValueError(f"no marked table {', '.join(missing)} (<!-- catalog:NAME begin -->)")
    if unknown := sorted(set(found) - set(tables)):
        raise ValueError(f"unknown marked table {', '.join(unknown)}")
    return BLOCK.sub(lambda match: _block(match["name"], tables[match["name"]]), readme)
