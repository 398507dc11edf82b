"""URLs parsed once each: the probes and the judges read the same few URLs of a target many
times over (every chain, every hop, every check), and parsing is most of the cost of reading.

httpx's parser is the one the web client sends with, so every reader agrees with what was sent.
An ``httpx.URL`` never changes once made, so one parse can serve every reader.
"""

from __future__ import annotations

from functools import lru_cache

import httpx

CACHED_URLS = 1024
"""URLs kept parsed (the least recently read go first): the targets in flight's worth."""
CACHED_LENGTH = 2048
"""Longer URLs (a hostile redirect's, say) are parsed every time: the cache stays under a few
megabytes whatever the pages say."""


def parsed(url: str) -> httpx.URL:
    """``url`` parsed (``httpx.InvalidURL`` when it is not one)."""
    return _parsed(url) if len(url) <= CACHED_LENGTH else httpx.URL(url)


@lru_cache(maxsize=CACHED_URLS)
def _parsed(url: str) -> httpx.URL:
    return httpx.URL(url)


def raw_host(url: str) -> str:
    """The host ``url`` names as it goes on the wire: the A-label of an IDN, no brackets."""
    return parsed(url).raw_host.decode("ascii")
