"""Turn a page's bytes into text with the charset the page itself declares.

Many Chinese sites still serve GBK or GB2312; reading them as UTF-8 would turn two identical
pages into two identical streams of replacement characters, and two different pages too, so the
content comparison would be blind. The order is the one browsers use: a byte-order mark, the
``Content-Type`` header, then a ``<meta>`` declaration near the top; UTF-8 otherwise. GB2312 and
GBK are read as GB18030, their superset, as browsers do.
"""

from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "ascii": "utf-8", "iso8859-1": "cp1252"}
META_WINDOW = 4096
"""Bytes searched for a ``<meta charset>``; the HTML standard looks in the first 1024."""


def declared_charset(body: bytes, content_type: str | None) -> str:
    """The codec name to read ``body`` with (a Python codec that exists)."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    candidates = []
    if content_type:
        found = _HEADER_CHARSET.search(content_type)
        if found:
            candidates.append(found.group(1))
    meta = _META_CHARSET.search(body[:META_WINDOW])
    if meta:
        candidates.append(meta.group(1).decode("ascii", "replace"))
    for label in candidates:
        try:
            name = codecs.lookup(label).name
        except LookupError:
            continue
        return _SUPERSETS.get(name, name)
    return "utf-8"


def decode_page(body: bytes, content_type: str | None) -> tuple[str, str]:
    """The page's text and the charset used; undecodable bytes become U+FFFD, never an error."""
    charset = declared_charset(body, content_type)
    return body.decode(charset, errors="replace"), charset
