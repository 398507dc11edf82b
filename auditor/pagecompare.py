"""Do two pages say the same thing? Normalisation, order-aware similarity, first difference.

Pure functions for the ``web.same-content`` judge. A page is cut into tokens: each tag, each
word, each CJK clause (Chinese has no spaces, so a whole paragraph would otherwise be one
token and one changed character would sink it; runs are cut at CJK punctuation and every 16
characters). Before that, what legitimately changes from
one request to the next is blanked: script and style nonces, CSRF and ASP.NET state fields,
and long random-looking tokens (session IDs, cache busters). Similarity is
``difflib.SequenceMatcher.ratio`` over the token sequences: order-aware, unlike the
``quick_ratio`` a well-known peer uses, which compares bags of characters and calls a shuffled
page identical.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

MAX_TOKENS = 40_000
"""Tokens compared per page. Far beyond a home page's text; it bounds the matcher's time."""
SNIPPET_TOKENS = 12
"""Tokens shown on each side of the first difference."""

_NONCE = re.compile(r"""\bnonce\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)
_STATE_FIELD = re.compile(
    r"""<(input|meta)\b[^>]*?(?:name|id)\s*=\s*["']?[^"'\s>]*"""
    r"""(?:csrf|xsrf|token|__viewstate|__eventvalidation|__requestdigest|nonce)[^>]*>""",
    re.IGNORECASE,
)
_FIELD_VALUE = re.compile(r"""\b(value|content)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)
_RANDOM_TOKEN = re.compile(
    r"(?<![\w-])(?=[\w+/=-]*\d)(?=[\w+/=-]*[A-Za-z])[\w+/=-]{20,}(?![\w-])|\b[0-9a-fA-F]{16,}\b"
)
_TOKEN = re.compile(r"<[^>]*>|[^\s<。，、！？；：]{1,16}[。，、！？；：]?")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Difference:
    """Where two token sequences first part ways, as text a person can recognise."""

    position: int
    """Token index in the first page."""
    first: str
    second: str


def normalise(text: str) -> list[str]:
    """The page's tokens with per-request values blanked and white space collapsed."""
    text = _NONCE.sub('nonce=""', text)
    text = _STATE_FIELD.sub(lambda tag: _FIELD_VALUE.sub(r'\1=""', tag.group(0)), text)
    text = _RANDOM_TOKEN.sub("~", text)
    return [_SPACE.sub(" ", token) for token in _TOKEN.findall(text)[:MAX_TOKENS]]


def similarity(first: list[str], second: list[str]) -> float:
    """Order-aware similarity in [0, 1]: 1.0 for identical sequences (two empty pages too).

    The common head and tail are counted directly (pages mostly differ in one region) and only
    the middle goes to the matcher, whose junk heuristic keeps it near-linear on long pages.
    """
    total = len(first) + len(second)
    if total == 0:
        return 1.0
    head = _common_length(first, second)
    tail = _common_length(first[head:][::-1], second[head:][::-1])
    middle_first, middle_second = first[head : len(first) - tail], second[head : len(second) - tail]
    matcher = difflib.SequenceMatcher(None, middle_first, middle_second, autojunk=True)
    matched = head + tail + sum(block.size for block in matcher.get_matching_blocks())
    return 2.0 * matched / total


def _common_length(first: list[str], second: list[str]) -> int:
    return next(
        (i for i, (a, b) in enumerate(zip(first, second, strict=False)) if a != b),
        min(len(first), len(second)),
    )


def first_difference(first: list[str], second: list[str]) -> Difference | None:
    """The first place the sequences differ, with a little context; None when identical."""
    position = _common_length(first, second)
    if position == len(first) == len(second):
        return None
    return Difference(
        position=position,
        first=_snippet(first, position),
        second=_snippet(second, position),
    )


def _snippet(tokens: list[str], position: int) -> str:
    start = max(0, position - 2)
    shown = tokens[start : position + SNIPPET_TOKENS]
    return ("… " if start else "") + " ".join(shown) if shown else "(end of page)"
