"""The catalog files: complete for every check in both languages, and refused when not."""

from __future__ import annotations

import re

import pytest

from auditor.catalog import TEXT_KEYS, CatalogError, catalog, parse_catalog
from auditor.registry import all_checks

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
