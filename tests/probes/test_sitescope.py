"""Same-site by the Public Suffix List, and the non-global address filter (pure)."""

from __future__ import annotations

import pytest

from v6audit.probes.sitescope import is_literal, registrable_domain, same_site


@pytest.mark.parametrize(
    ("host", "site"),
    [
        ("www.gov.cn", "www.gov.cn"),
        ("a.b.example.com.cn", "example.com.cn"),
        ("user.github.io", "user.github.io"),
        ("www.deep.lab", "deep.lab"),  # an unknown TLD: the list's default rule
        ("WWW.Example.CN.", "example.cn"),
    ],
)
def test_registrable_domain(host: str, site: str) -> None:
    assert registrable_domain(host) == site


def test_same_site() -> None:
    assert same_site("news.example.com.cn", "www.example.com.cn")
    assert not same_site("www.gov.cn", "zwfw.gov.cn")  # gov.cn is a public suffix
    assert not same_site("a.github.io", "b.github.io")


def test_literals() -> None:
    assert is_literal("127.0.0.1")
    assert is_literal("[::1]")
    assert is_literal("::1")
    assert not is_literal("localhost")
