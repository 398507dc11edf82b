"""Data embedded in an HTML page for its script: inert inside ``<script>``, and compact.

A report of 10,000 targets cannot carry every target as rendered HTML (that was 119 MB); it
carries them as data that the page renders on demand. Two things matter then:

* **Safety.** Text inside a ``<script>`` element ends at the first ``</script>`` and may open
  a comment state with ``<!--``, whatever JSON quoting says, and U+2028/U+2029 are line breaks
  to older script parsers. :func:`script_json` writes ``<``, ``>``, ``&``, U+2028 and U+2029 as
  ``\\uXXXX`` escapes, which leave the parsed value unchanged; :class:`PackedText` writes only
  base64 letters. Either way no scanned string can close the element or be read as markup.
* **Size.** Most strings of a report repeat across targets (check IDs, statuses, summaries such
  as "1 AAAA record(s)", remedies, goal names) and its evidence repeats in shape (URLs, name
  servers, delegation paths). :class:`StringTable` stores each string once and writes an index
  in its place, with a cap so memory stays bounded on huge runs (a string beyond it is written in
  full; the page's script accepts either form); :class:`PackedText` deflates the rest as it
  streams (gzip, which browsers inflate natively with ``DecompressionStream``), about tenfold.
"""

from __future__ import annotations

import base64
import json
import zlib
from typing import Any

_ESCAPES = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)

TABLE_CHARS = 8_000_000
"""Characters a table holds (some tens of MB at most); later new strings are written in full
where they occur."""


def script_json(value: Any) -> str:
    """``value`` as compact JSON that is inert text inside an HTML ``<script>`` element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.translate(_ESCAPES)


class StringTable:
    """Repeated strings replaced by their index in one shared list."""

    def __init__(self, chars: int = TABLE_CHARS) -> None:
        self._index: dict[str, int] = {}
        self._room = chars

    def ref(self, text: str) -> int | str:
        """The index standing for ``text``, or ``text`` itself once the table is full."""
        index = self._index.get(text)
        if index is None:
            if len(text) > self._room:
                return text
            self._room -= len(text)
            index = self._index[text] = len(self._index)
        return index

    def strings(self) -> list[str]:
        """The table, in index order (dicts keep insertion order)."""
        return list(self._index)


class PackedText:
    """Text gzip-deflated and base64-encoded as it streams, for a page to inflate."""

    def __init__(self) -> None:
        self._gzip = zlib.compressobj(6, zlib.DEFLATED, 31)  # wbits 31: the gzip container
        self._pending = b""

    def feed(self, text: str) -> str:
        """Base64 for as much of the deflated stream as is ready (may be empty)."""
        return self._encode(self._gzip.compress(text.encode("utf-8")), last=False)

    def finish(self) -> str:
        return self._encode(self._gzip.flush(), last=True)

    def _encode(self, data: bytes, last: bool) -> str:
        data = self._pending + data
        cut = len(data) if last else len(data) - len(data) % 3  # base64 works in 3-byte groups
        self._pending = data[cut:]
        return base64.b64encode(data[:cut]).decode("ascii")
