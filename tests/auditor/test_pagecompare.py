from __future__ import annotations

import difflib

from v6audit.auditor.pagecompare import first_difference, normalise, similarity

PAGE = "<html><body><h1>News</h1><p>{text}</p><ul><li>one</li><li>two</li></ul></body></html>"


def test_identical_and_empty_pages_are_fully_similar() -> None:
    tokens = normalise(PAGE.format(text="hello world"))
    assert similarity(tokens, list(tokens)) == 1.0
    assert similarity([], []) == 1.0
    assert first_difference(tokens, list(tokens)) is None


def test_nonces_and_per_request_tokens_are_blanked() -> None:
    first = (
        '<script nonce="r4nd0mN0nce">x()</script>'
        '<input type="hidden" name="__VIEWSTATE" value="dDwtMTA4MzE0MjEwNTs7Pg==">'
        '<meta name="csrf-token" content="abc123">'
        '<a href="/s?sid=9f86d081884c7d659a2feaa0c55ad015">go</a>'
    )
    second = (
        "<script nonce='OtherNonce'>x()</script>"
        '<input type="hidden" name="__VIEWSTATE" value="ZZZZtMTA4MzE0MjEwNTs7Pg==">'
        '<meta name="csrf-token" content="zzz999">'
        '<a href="/s?sid=0123456789abcdef0123456789abcdef">go</a>'
    )
    assert normalise(first) == normalise(second)


def test_similarity_is_order_aware() -> None:
    paragraphs = [f"<p>paragraph number {i} with its own words w{i}a w{i}b</p>" for i in range(40)]
    page = normalise("".join(paragraphs))
    shuffled = normalise("".join(paragraphs[20:] + paragraphs[:20]))
    bag_of_tokens = difflib.SequenceMatcher(None, page, shuffled).quick_ratio()
    assert bag_of_tokens == 1.0  # what an order-blind measure would report
    assert similarity(page, shuffled) < 0.6


def test_a_small_change_keeps_pages_similar_and_a_different_page_is_not() -> None:
    page = normalise(PAGE.format(text=" ".join(f"word{i}" for i in range(200))))
    edited = normalise(PAGE.format(text=" ".join(f"word{i}" for i in range(190)) + " changed"))
    other = normalise("<html><body><h1>Maintenance</h1><p>Come back later</p></body></html>")
    assert similarity(page, edited) > 0.9
    assert similarity(page, other) < 0.3


def test_chinese_text_is_compared_by_clause() -> None:
    first = normalise("<p>欢迎访问本网站。本网站支持IPv6访问，服务一应俱全。</p>")
    second = normalise("<p>欢迎访问本网站。本网站暂停服务，请稍后再来。</p>")
    assert "欢迎访问本网站。" in first
    assert 0.3 < similarity(first, second) < 1.0


def test_first_difference_shows_both_sides_with_context() -> None:
    first = normalise("<p>the opening hours are nine to five</p>")
    second = normalise("<p>the opening hours are closed today</p>")
    difference = first_difference(first, second)
    assert difference is not None
    assert difference.position == 5
    assert difference.first.startswith("… hours are nine")
    assert difference.second.startswith("… hours are closed")
    assert first_difference(first, first[:3]) is not None


def test_long_pages_compare_quickly() -> None:
    import time

    page = normalise("".join(f"<div><p>line {i} text t{i % 97}</p></div>" for i in range(20_000)))
    other = normalise("".join(f"<div><p>row {i} body b{i % 89}</p></div>" for i in range(20_000)))
    started = time.monotonic()
    similarity(page, other)
    assert time.monotonic() - started < 5
