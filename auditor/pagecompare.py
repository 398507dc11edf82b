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

import bisect
import difflib
import re
from collections import Counter
from dataclasses import dataclass

MAX_TOKENS = 40_000
"""Tokens compared per page. Far beyond a home page's text; it bounds the matcher's time."""
SMALL_GAP = 400
"""Gaps up to this many tokens a side are aligned exactly (difflib, quadratic at worst)."""
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
    """Order-aware similarity in [0, 1]: twice the tokens matched in order over all tokens.

    1.0 for identical sequences (two empty pages too). Matching is patience diff: tokens that
    occur once in each page anchor the alignment (their longest in-order run), the common
    head and tail of every gap between anchors extend it, and gaps are solved the same way
    recursively, small ones exactly with difflib. Unlike difflib alone, whose cost explodes on
    long pages of look-alike blocks, this stays near-linear; it may miss a match inside a large
    gap with no unique token, so it errs towards calling pages different, never the same.
    """
    total = len(first) + len(second)
    if total == 0:
        return 1.0
    return 2.0 * _matched(first, second) / total


def _matched(first: list[str], second: list[str]) -> int:
    """Tokens of an in-order alignment of the two sequences (a common subsequence)."""
    head = _common_length(first, second)
    first, second = first[head:], second[head:]
    tail = _common_length(first[::-1], second[::-1])
    first, second = first[: len(first) - tail], second[: len(second) - tail]
    if not first or not second:
        return head + tail
    if len(first) <= SMALL_GAP and len(second) <= SMALL_GAP:
        matcher = difflib.SequenceMatcher(None, first, second, autojunk=False)
        return head + tail + sum(block.size for block in matcher.get_matching_blocks())
    anchors = _in_order(_unique_pairs(first, second))
    matched, i, j = head + tail, 0, 0
    for anchor_i, anchor_j in anchors:
        matched += _matched(first[i:anchor_i], second[j:anchor_j]) + 1
        i, j = anchor_i + 1, anchor_j + 1
    if anchors:
        matched += _matched(first[i:], second[j:])
    return matched


def _unique_pairs(first: list[str], second: list[str]) -> list[tuple[int, int]]:
    """(i, j) for tokens occurring exactly once in each sequence, in the order of ``first``."""
    counts_first, counts_second = Counter(first), Counter(second)
    where = {token: j for j, token in enumerate(second) if counts_second[token] == 1}
    return [
        (i, where[token])
        for i, token in enumerate(first)
        if counts_first[token] == 1 and token in where
    ]


def _in_order(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of pairs increasing in both positions (patience sorting, n log n)."""
    tails: list[int] = []  # tails[k]: the pair ending the best increasing run of length k + 1
    tail_js: list[int] = []  # its j, kept sorted for bisection
    previous: list[int] = [-1] * len(pairs)
    for index, (_, j) in enumerate(pairs):
        length = bisect.bisect_left(tail_js, j)
        if length > 0:
            previous[index] = tails[length - 1]
        if length == len(tails):
            tails.append(index)
            tail_js.append(j)
        else:
            tails[length] = index
            tail_js[length] = j
    run: list[tuple[int, int]] = []
    index = tails[-1] if tails else -1
    while index >= 0:
        run.append(pairs[index])
        index = previous[index]
    return run[::-1]


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
