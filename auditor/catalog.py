"""The check catalog: every check's user-facing text, kept as data apart from the judges.

As in internet.nl's translation files, what a check is called, why it matters and how to fix it
live in one file per report language (``auditor/data/catalog.<lang>.toml``, one table per check
ID), so a translator edits text without touching code and the catalog can be printed or
published without running a scan. The files are read once and validated as a whole: both
languages name the same checks, each with every key and no unknown one. That each entry belongs
to a registered check, and each check decorated with :func:`auditor.registry.check` has an
entry, is checked by the registry once the check modules are imported.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from importlib import resources

from auditor.model import Text

LANGS = ("en", "zh")
TEXT_KEYS = ("title", "explanation", "remedy")
"""Keys every entry has in every language."""


class CatalogError(Exception):
    """The shipped catalog files are inconsistent: a packaging bug, reported at start-up."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One check's catalog text in both languages."""

    id: str
    title: Text
    explanation: Text
    remedy: Text


@dataclass(frozen=True, slots=True)
class Catalog:
    """Entries by check ID, in the order the English file lists them (the order of reports)."""

    entries: Mapping[str, Entry]

    def refuse_orphans(self, check_ids: Collection[str]) -> None:
        """Refuse entries no check has (a renamed or removed check), given the checks' IDs."""
        if orphans := [check_id for check_id in self.entries if check_id not in check_ids]:
            raise CatalogError(f"catalog entries without a check: {', '.join(orphans)}")

    def get(self, check_id: str) -> Entry:
        try:
            return self.entries[check_id]
        except KeyError:
            raise CatalogError(f"check {check_id} has no catalog entry") from None


def parse_catalog(sources: Mapping[str, str]) -> Catalog:
    """Parse and validate catalog files given as TOML text by language (``en``, ``zh``)."""
    tables = {lang: _parse(lang, sources.get(lang)) for lang in LANGS}
    en, zh = tables["en"], tables["zh"]
    if missing := [check_id for check_id in en if check_id not in zh]:
        raise CatalogError(f"catalog zh lacks {', '.join(missing)}")
    if extra := [check_id for check_id in zh if check_id not in en]:
        raise CatalogError(f"catalog zh has {', '.join(extra)}, which en lacks")
    entries = {
        check_id: Entry(
            id=check_id,
            title=Text(en[check_id]["title"], zh[check_id]["title"]),
            explanation=Text(en[check_id]["explanation"], zh[check_id]["explanation"]),
            remedy=Text(en[check_id]["remedy"], zh[check_id]["remedy"]),
        )
        for check_id in en
    }
    return Catalog(entries)


def _parse(lang: str, source: str | None) -> dict[str, dict[str, str]]:
    if source is None:
        raise CatalogError(f"catalog {lang} is missing")
    try:
        document = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"catalog {lang}: {exc}") from None
    tables: dict[str, dict[str, str]] = {}
    for check_id, table in document.items():
        where = f"catalog {lang} [{check_id}]"
        if not isinstance(table, dict):
            raise CatalogError(f"{where}: expected a table")
        if unknown := sorted(set(table) - set(TEXT_KEYS)):
            raise CatalogError(f"{where}: unknown key {', '.join(unknown)}")
        for key in TEXT_KEYS:
            value = table.get(key)
            if not isinstance(value, str) or not value.strip():
                raise CatalogError(f"{where}: {key} must be a non-empty string")
        tables[check_id] = table
    return tables


@functools.cache
def catalog() -> Catalog:
    """The shipped catalog, read and validated on first use."""
    data = resources.files("auditor") / "data"
    return parse_catalog(
        {lang: (data / f"catalog.{lang}.toml").read_text("utf-8") for lang in LANGS}
    )
