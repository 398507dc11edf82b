"""The catalog files: complete for every check in both languages, and refused when not."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from v6audit.auditor.catalog import (
    EMPTY,
    TEXT_KEYS,
    CatalogError,
    catalog,
    join,
    msg,
    parse_catalog,
)
from v6audit.auditor.model import Text
from v6audit.auditor.registry import all_checks

CHECKS = Path(__file__).parents[2] / "auditor" / "checks"
EN = '["a.b"]\ntitle = "T"\nexplanation = "E"\nremedy = "R"\noutline = "O"\n'
ZH = '["a.b"]\ntitle = "题"\nexplanation = "释"\nremedy = "改"\n'


def test_every_shipped_check_has_its_text_in_both_languages() -> None:
    entries = catalog().entries
    shipped = {check_id for check_id in all_checks() if not check_id.startswith("test.")}
    assert set(entries) == shipped
    for check_id in shipped:
        spec = all_checks()[check_id]
        entry = entries[check_id]
        for key in TEXT_KEYS:
            text = getattr(entry, key)
            assert text.en.strip(), (check_id, key)
            assert text.zh.strip(), (check_id, key)
            assert getattr(spec, key) == text, (check_id, key)


def test_a_complete_pair_of_files_parses() -> None:
    entry = parse_catalog({"en": EN, "zh": ZH}).get("a.b")
    assert entry.title.get("en") == "T"
    assert entry.remedy.get("zh") == "改"
    assert entry.section is None
    assert entry.verdicts is None


def test_reference_text_belongs_to_a_section_and_falls_back_to_english() -> None:
    en = EN + 'section = "web"\nmeasures = "M"\nverdicts = "V"\n'
    entry = parse_catalog({"en": en, "zh": ZH + 'verdicts = "判"\n'}).get("a.b")
    assert entry.section == "web"
    assert entry.measures is not None
    assert entry.measures.get("zh") == "M"
    assert entry.verdicts is not None
    assert entry.verdicts.get("zh") == "判"


@pytest.mark.parametrize(
    ("en", "zh", "message"),
    [
        (EN, "", "catalog zh lacks a.b"),
        (EN + EN.replace("a.b", "c.d"), ZH, "zh lacks c.d"),
        ("", ZH, "zh has a.b, which en lacks"),
        (EN.replace('remedy = "R"\n', ""), ZH, "[a.b]: remedy must be a non-empty string"),
        (EN, ZH.replace('"释"', '" "'), "explanation must be a non-empty string"),
        (EN + 'colour = "red"\n', ZH, "[a.b]: unknown key colour"),
        (EN, ZH + "title =", "catalog zh:"),
        ('"a.b" = "T"\n', ZH, "expected a table"),
        (EN.replace('outline = "O"\n', ""), ZH, "[a.b]: outline must be a non-empty string"),
        (EN + 'section = "mail"\n', ZH, "unknown section mail (one of dns, web, beyond)"),
        (EN + 'section = "dns"\npasses = "P"\n', ZH, "section dns needs details"),
        (
            EN + 'section = "dns"\npasses = "P"\ndetails = "D"\nverdicts = "V"\n',
            ZH,
            "verdicts is not shown in section dns",
        ),
        (EN + 'measures = "M"\n', ZH, "[a.b]: measures needs a section"),
        (EN, ZH + 'details = "D"\n', "catalog zh [a.b]: details, which en lacks"),
        (EN, ZH + 'section = "web"\n', "catalog zh [a.b]: unknown key section"),
    ],
)
def test_an_incomplete_catalog_is_refused(en: str, zh: str, message: str) -> None:
    with pytest.raises(CatalogError, match=re.escape(message)):
        parse_catalog({"en": en, "zh": zh})


def test_a_missing_language_is_refused() -> None:
    with pytest.raises(CatalogError, match="catalog zh is missing"):
        parse_catalog({"en": EN})


def test_an_entry_without_a_check_is_refused() -> None:
    two = parse_catalog({"en": EN + EN.replace("a.b", "c.d"), "zh": ZH + ZH.replace("a.b", "c.d")})
    two.refuse_orphans({"a.b", "c.d", "e.f"})
    with pytest.raises(CatalogError, match=re.escape("catalog entries without a check: c.d")):
        two.refuse_orphans({"a.b"})


def test_a_check_without_an_entry_is_refused() -> None:
    with pytest.raises(CatalogError, match=re.escape("check no.such has no catalog entry")):
        catalog().get("no.such")


def _msg_calls() -> list[tuple[str, ast.Call]]:
    calls = []
    for path in sorted(CHECKS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "msg":
                calls.append((path.name, node))
    return calls


def _placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


def test_every_message_call_names_a_message_and_fills_its_placeholders() -> None:
    messages = catalog().messages
    constant = 0
    for module, call in _msg_calls():
        key = call.args[0]
        if not isinstance(key, ast.Constant):
            continue
        constant += 1
        assert key.value in messages, f"{module}: no catalog message {key.value}"
        given = {keyword.arg for keyword in call.keywords}
        text = messages[key.value]
        for template in text:
            assert _placeholders(template) <= given, (module, key.value, template)
        assert given <= _placeholders(text.en) | _placeholders(text.zh), (module, key.value)
    assert constant > 100


def test_every_message_is_used_by_a_check_module() -> None:
    sources = "".join(path.read_text("utf-8") for path in CHECKS.glob("*.py"))
    unused = [key for key in catalog().messages if f'"{key}"' not in sources]
    assert not unused


def test_the_checks_hold_no_text_of_their_own() -> None:
    """Every sentence of a verdict comes from the catalog: no check builds a Text itself."""
    for path in CHECKS.glob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Text":
                raise AssertionError(f"{path.name}:{node.lineno}: Text(...) instead of msg(...)")


def test_a_message_fills_each_language_with_its_own_words() -> None:
    cat = parse_catalog(
        {
            "en": EN + '["a.b".messages]\nslow = "{stage} +{ratio:.0%}{more}"\nmore = " (+{n})"\n',
            "zh": ZH
            + '["a.b".messages]\nslow = "{stage} 慢 {ratio:.0%}{more}"\nmore = "（另 {n}）"\n',
        }
    )
    more = cat.messages["a.b.more"]
    assert more == Text(" (+{n})", "（另 {n}）")
    assert set(cat.messages) == {"a.b.slow", "a.b.more"}


def test_msg_fills_text_arguments_per_language() -> None:
    clause = msg("web.same-content.more", others=2)
    assert msg("web.same-content.with_more", summary=Text("a", "甲"), more=clause) == Text(
        "a (and 2 more)", "甲（另有 2 项）"
    )
    assert join(Text(", ", "、"), [Text("x", "甲"), "y"]) == Text("x, y", "甲、y")
    assert Text("", "") == EMPTY


def test_an_unknown_message_is_refused() -> None:
    with pytest.raises(CatalogError, match=re.escape("no catalog message web.http6.nope")):
        msg("web.http6.nope")


@pytest.mark.parametrize(
    ("en", "zh", "message"),
    [
        (
            EN + '["a.b".messages]\nx = "X"\n',
            ZH,
            "catalog zh [a.b.messages] lacks x",
        ),
        (
            EN,
            ZH + '["a.b".messages]\nx = "X"\n',
            "catalog zh [a.b.messages] has x, not en",
        ),
        (EN + '["a.b".messages]\nx = ""\n', ZH + '["a.b".messages]\nx = "X"\n', "x must be"),
        (EN + 'messages = "x"\n', ZH, "messages must be a table"),
        (EN + '[common]\ntitle = "T"\n', ZH, "catalog en [common]: unknown key title"),
    ],
)
def test_incomplete_messages_are_refused(en: str, zh: str, message: str) -> None:
    with pytest.raises(CatalogError, match=re.escape(message)):
        parse_catalog({"en": en, "zh": zh})
