"""What a page points at: links to follow, and resources a browser loads with it (pure).

Links are ``<a href>`` and ``<area href>``. Resources are what renders the page: scripts,
stylesheets, icons and preloads (``<link>``), images (``src`` and every ``srcset`` candidate),
frames, media (``audio``, ``video``, their ``source``/``track`` and the poster), ``embed`` and
``object``, and ``url(...)`` in inline styles (fonts declared by ``@font-face``, backgrounds).
One IPv4-only resource among them is a hole (天窗) in the page for an IPv6-only user.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser

import httpx

from v6audit.probes.urlparts import parsed

_RESOURCE_ATTRIBUTES = {
    "script": ("src",),
    "img": ("src",),
    "iframe": ("src",),
    "frame": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "source": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
}
_LINK_RELS = {"stylesheet", "icon", "shortcut", "preload", "modulepreload", "apple-touch-icon"}
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"""@import\s+(['"])([^'"]+)\1""", re.IGNORECASE)


MAX_REFS = 10_000
"""Links (and resources) kept per page: the crawl takes a few dozen, and no real page has this
many; a hostile one with 100,000 costs the parse of the rest only."""


class PageRefs:
    """Absolute http(s) URLs (fragments dropped), each once, in page order."""

    def __init__(self) -> None:
        self.links: list[str] = []
        self.resources: list[str] = []


def page_refs(html: str, base_url: str) -> PageRefs:
    parser = _Parser(base_url)
    parser.feed(html)
    parser.close()
    return parser.refs


def css_urls(css: str, base_url: str) -> list[str]:
    """``url(...)`` and ``@import`` targets of a stylesheet: fonts, images, more styles."""
    found = [m.group(2) for m in _CSS_URL.finditer(css)]
    found += [m.group(2) for m in _CSS_IMPORT.finditer(css)]
    return _unique(u for u in (absolute(base_url, f) for f in found) if u is not None)


def absolute(base_url: str, reference: str) -> str | None:
    """``reference`` resolved against ``base_url``; None unless it is an http(s) URL."""
    reference = reference.strip()
    if not reference or reference.startswith(("data:", "javascript:", "mailto:", "#")):
        return None
    try:
        url = parsed(base_url).join(reference)
    except (httpx.InvalidURL, ValueError):
        return None
    if url.scheme not in ("http", "https") or not url.raw_host:
        return None
    return str(url.copy_with(fragment=None))


def _unique(urls: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(urls))


class _Parser(HTMLParser):
    def __init__(self, base_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.refs = PageRefs()
        self._base = base_url
        self._in_style = False
        self._seen_links: set[str] = set()
        self._seen_resources: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "base" and values.get("href"):
            self._base = absolute(self._base, values["href"]) or self._base
        elif tag in ("a", "area"):
            self._add(self.refs.links, self._seen_links, values.get("href", ""))
        elif tag == "link":
            rels = set(values.get("rel", "").lower().split())
            if rels & _LINK_RELS:
                self._add(self.refs.resources, self._seen_resources, values.get("href", ""))
        for attribute in _RESOURCE_ATTRIBUTES.get(tag, ()):
            self._add(self.refs.resources, self._seen_resources, values.get(attribute, ""))
        if "srcset" in values:
            for candidate in values["srcset"].split(","):
                reference = candidate.strip().split(" ")[0]
                self._add(self.refs.resources, self._seen_resources, reference)
        if values.get("style"):
            self._add_css(values["style"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self._add_css(data)

    def _add_css(self, css: str) -> None:
        for url in css_urls(css, self._base):
            self._keep(self.refs.resources, self._seen_resources, url)

    def _add(self, into: list[str], seen: set[str], reference: str) -> None:
        if len(into) < MAX_REFS:
            url = absolute(self._base, reference)
            if url is not None:
                self._keep(into, seen, url)

    @staticmethod
    def _keep(into: list[str], seen: set[str], url: str) -> None:
        """Keep ``url`` once, in page order (a set beside the list: a page may hold 100,000)."""
        if url not in seen and len(into) < MAX_REFS:
            seen.add(url)
            into.append(url)
