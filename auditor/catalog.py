"""The check catalog: every check's user-facing text, kept as data apart from the judges.

As in internet.nl's translation files, what a check is called, why it matters and how to fix it
live in one file per report language (``auditor/data/catalog.<lang>.toml``, one table per check
ID), so a translator edits text without touching code and the catalog can be printed or
published without running a scan. The English file also holds the reference the README shows
(what a check measures, its verdicts), which ``v6audit checks`` prints and the README's tables
are generated from; the Chinese file may translate it and otherwise shows it in English.

Verdict summaries are messages of the catalog too (``[<check id>.messages]``, and
``[common.messages]`` for helpers several checks share): a judge calls :func:`msg` with the
message key and the values its placeholders name, so each language words it its own way.

The files are read once and validated as a whole: both languages name the same checks, each
with every required key and no unknown one. That each entry belongs to a registered check, and
each check decorated with :func:`auditor.registry.check` has an entry, is checked by the
registry once the check modules are imported.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from v6audit.auditor.model import Text

LANGS = ("en", "zh")
TEXT_KEYS = ("title", "explanation", "remedy")
"""Keys every entry has in every language: what reports show."""
SECTIONS: Mapping[str, tuple[str, str]] = {
    "dns": ("passes", "details"),
    "web": ("measures", "verdicts"),
    "beyond": ("measures", "verdicts"),
}
"""The README's tables a check may belong to, with the reference keys each needs."""
COMMON = "common"
"""The table of messages shared by several checks: no check's entry."""
REFERENCE_KEYS = ("outline", "target", "passes", "details", "measures", "verdicts")
"""Reference text: ``outline`` (its verdicts in a line) is required; ``target`` overrides the
target kind's name; the others belong to the entry's ``section``."""


class CatalogError(Exception):
    """The shipped catalog files are inconsistent: a packaging bug, reported at start-up."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One check's catalog text in both languages."""

    id: str
    title: Text
    explanation: Text
    remedy: Text
    outline: Text
    section: str | None = None
    target: Text | None = None
    passes: Text | None = None
    details: Text | None = None
    measures: Text | None = None
    verdicts: Text | None = None
    messages: Mapping[str, Text] = field(default_factory=dict)
    """Verdict summaries by name, with ``{placeholders}`` (:func:`msg`)."""


@dataclass(frozen=True, slots=True)
class Catalog:
    """Entries by check ID, in the order the English file lists them."""

    entries: Mapping[str, Entry]
    messages: Mapping[str, Text] = field(default_factory=dict)
    """Every message by its full key (``<check id>.<name>``, ``common.<name>``)."""

    def get(self, check_id: str) -> Entry:
        try:
            return self.entries[check_id]
        except KeyError:
            raise CatalogError(f"check {check_id} has no catalog entry") from None

    def refuse_orphans(self, check_ids: Collection[str]) -> None:
        """Refuse entries no check has (a renamed or removed check), given the checks' IDs."""
        if orphans := [check_id for check_id in self.entries if check_id not in check_ids]:
            raise CatalogError(f"catalog entries without a check: {', '.join(orphans)}")


def parse_catalog(sources: Mapping[str, str]) -> Catalog:
    """Parse and validate catalog files given as TOML text by language (``en``, ``zh``)."""
    en = _parse("en", sources.get("en"))
    zh = _parse("zh", sources.get("zh"))
    if missing := [check_id for check_id in en if check_id not in zh]:
        raise CatalogError(f"catalog zh lacks {', '.join(missing)}")
    if extra := [check_id for check_id in zh if check_id not in en]:
        raise CatalogError(f"catalog zh has {', '.join(extra)}, which en lacks")
    common = _messages(COMMON, en.pop(COMMON, {}), zh.pop(COMMON, {}))
    entries = {check_id: _entry(check_id, en[check_id], zh[check_id]) for check_id in en}
    messages = {f"{COMMON}.{name}": text for name, text in common.items()}
    for check_id, entry in entries.items():
        messages.update({f"{check_id}.{name}": text for name, text in entry.messages.items()})
    return Catalog(entries, messages)


def _messages(check_id: str, en: Mapping[str, Any], zh: Mapping[str, Any]) -> dict[str, Text]:
    """A table's messages in both languages: the same names in each."""
    en_messages, zh_messages = en.get("messages", {}), zh.get("messages", {})
    if missing := [name for name in en_messages if name not in zh_messages]:
        raise CatalogError(f"catalog zh [{check_id}.messages] lacks {', '.join(missing)}")
    if extra := [name for name in zh_messages if name not in en_messages]:
        raise CatalogError(f"catalog zh [{check_id}.messages] has {', '.join(extra)}, not en")
    return {name: Text(en_messages[name], zh_messages[name]) for name in en_messages}


def _entry(check_id: str, en: Mapping[str, Any], zh: Mapping[str, Any]) -> Entry:
    where = f"catalog en [{check_id}]"
    if "outline" not in en:
        raise CatalogError(f"{where}: outline must be a non-empty string")
    section = en.get("section")
    needed = SECTIONS.get(section or "", ())
    if section is not None and not needed:
        raise CatalogError(f"{where}: unknown section {section} (one of {', '.join(SECTIONS)})")
    for key in ("passes", "details", "measures", "verdicts"):
        if key in needed and key not in en:
            raise CatalogError(f"{where}: section {section} needs {key}")
        if key not in needed and key in en:
            shown = f"is not shown in section {section}" if section else "needs a section"
            raise CatalogError(f"{where}: {key} {shown}")
    for key in REFERENCE_KEYS:
        if key in zh and key not in en:
            raise CatalogError(f"catalog zh [{check_id}]: {key}, which en lacks")

    def text(key: str) -> Text:
        return Text(en[key], zh.get(key, en[key]))

    def optional(key: str) -> Text | None:
        return text(key) if key in en else None

    return Entry(
        id=check_id,
        title=text("title"),
        explanation=text("explanation"),
        remedy=text("remedy"),
        outline=text("outline"),
        section=section,
        target=optional("target"),
        passes=optional("passes"),
        details=optional("details"),
        measures=optional("measures"),
        verdicts=optional("verdicts"),
        messages=_messages(check_id, en, zh),
    )


def _parse(lang: str, source: str | None) -> dict[str, dict[str, Any]]:
    if source is None:
        raise CatalogError(f"catalog {lang} is missing")
    try:
        document = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"catalog {lang}: {exc}") from None
    allowed = {*TEXT_KEYS, *REFERENCE_KEYS} | ({"section"} if lang == "en" else set())
    tables: dict[str, dict[str, Any]] = {}
    for check_id, table in document.items():
        where = f"catalog {lang} [{check_id}]"
        if not isinstance(table, dict):
            raise CatalogError(f"{where}: expected a table")
        keys = {"messages"} if check_id == COMMON else allowed | {"messages"}
        if unknown := sorted(set(table) - keys):
            raise CatalogError(f"{where}: unknown key {', '.join(unknown)}")
        for key in TEXT_KEYS if check_id != COMMON else ():
            if key not in table:
                raise CatalogError(f"{where}: {key} must be a non-empty string")
        messages = table.get("messages", {})
        if not isinstance(messages, dict):
            raise CatalogError(f"{where}: messages must be a table")
        for key, value in [*table.items(), *messages.items()]:
            if key != "messages" and (not isinstance(value, str) or not value.strip()):
                raise CatalogError(f"{where}: {key} must be a non-empty string")
        tables[check_id] = table
    return tables


def msg(key: str, **args: object) -> Text:
    """The catalog message ``key`` in both languages, its placeholders filled from ``args``.

    A :class:`Text` argument gives each language its own words (a clause built from another
    message); other values are formatted as they are, with the template's format spec.
    """
    try:
        template = catalog().messages[key]
    except KeyError:
        raise CatalogError(f"no catalog message {key}") from None
    return Text(_fill(template.en, args, "en"), _fill(template.zh, args, "zh"))


EMPTY = Text("", "")
"""No words in either language: an optional clause left out."""


def join(separator: Text, parts: Iterable[Text | str]) -> Text:
    """``parts`` joined in each language with that language's ``separator``; a plain string
    (a name, an address) is the same in every language."""
    listed = [Text(part, part) if isinstance(part, str) else part for part in parts]
    return Text(
        separator.en.join(part.en for part in listed), separator.zh.join(part.zh for part in listed)
    )


def _fill(template: str, args: Mapping[str, object], lang: str) -> str:
    values = {name: v.get(lang) if isinstance(v, Text) else v for name, v in args.items()}
    return template.format_map(values)


@functools.cache
def catalog() -> Catalog:
    """The shipped catalog, read and validated on first use."""
    data = resources.files("v6audit.auditor") / "data"
    return parse_catalog(
        {lang: (data / f"catalog.{lang}.toml").read_text("utf-8") for lang in LANGS}
    )
