"""Links and resources found in a page (pure)."""

from __future__ import annotations

from v6audit.probes.page_refs import MAX_REFS, absolute, css_urls, page_refs

PAGE = """<html><head><base href="https://www.example.cn/news/">
<link rel="stylesheet" href="/s.css"><link rel="alternate" href="/feed.xml">
<style>@font-face { font-family: x; src: url('fonts/x.woff2') format('woff2'); }</style>
<script src="https://cdn.example.net/app.js"></script></head>
<body><a href="a.html#top">a</a><a href="mailto:x@example.cn">m</a>
<a href="javascript:void(0)">j</a>
<img src="data:image/png;base64,AA" srcset="i1.png 1x, https://img.example.org/i2.png 2x">
<video poster="p.jpg"><source src="v.mp4"></video><iframe src="//frame.example.com/"></iframe>
<div style="background: url(&quot;bg.png&quot;)"></div><a href="a.html">again</a></body></html>"""


def test_links_are_absolute_unique_and_http_only() -> None:
    refs = page_refs(PAGE, "https://www.example.cn/")
    assert refs.links == ["https://www.example.cn/news/a.html"]


def test_resources_of_every_kind() -> None:
    refs = page_refs(PAGE, "https://www.example.cn/")
    assert refs.resources == [
        "https://www.example.cn/s.css",
        "https://www.example.cn/news/fonts/x.woff2",
        "https://cdn.example.net/app.js",
        "https://www.example.cn/news/i1.png",
        "https://img.example.org/i2.png",
        "https://www.example.cn/news/p.jpg",
        "https://www.example.cn/news/v.mp4",
        "https://frame.example.com/",
        "https://www.example.cn/news/bg.png",
    ]


def test_css_font_face_and_import() -> None:
    css = "@import 'more.css'; @font-face { src: url(/f.woff) }"
    assert css_urls(css, "http://s.example.cn/css/a.css") == [
        "http://s.example.cn/f.woff",
        "http://s.example.cn/css/more.css",
    ]


def test_absolute_refuses_other_schemes() -> None:
    assert absolute("http://a.cn/", "ftp://b.cn/x") is None
    assert absolute("http://a.cn/", "#frag") is None


def test_a_page_of_100000_links_keeps_the_first_ten_thousand_once_each() -> None:
    html = "".join(f'<a href="/{n % 50_000}">x</a>' for n in range(100_000))
    refs = page_refs(html, "http://www.example.cn/")
    assert len(refs.links) == MAX_REFS
    assert refs.links[:2] == ["http://www.example.cn/0", "http://www.example.cn/1"]
    assert len(set(refs.links)) == MAX_REFS
