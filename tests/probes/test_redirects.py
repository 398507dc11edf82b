from __future__ import annotations

import pytest

from v6audit.probes.redirects import follow


@pytest.mark.parametrize(
    ("current", "location", "url", "host", "family"),
    [
        ("https://a.lab/x/y", "/z", "https://a.lab/z", "a.lab", None),
        ("https://a.lab/x/y", "z?q=1", "https://a.lab/x/z?q=1", "a.lab", None),
        ("http://a.lab/", "https://a.lab/", "https://a.lab/", "a.lab", None),
        ("http://a.lab/", "//b.lab/p", "http://b.lab/p", "b.lab", None),
        ("http://a.lab/", "http://11.41.0.61/", "http://11.41.0.61/", "11.41.0.61", 4),
        (
            "http://a.lab/",
            "http://[3ffe:501::1]:8080/p#top",
            "http://[3ffe:501::1]:8080/p",
            "3ffe:501::1",
            6,
        ),
        (
            "http://a.lab/",
            "http://二级.good.lab/",
            "http://xn--4kqs68i.good.lab/",
            "xn--4kqs68i.good.lab",
            None,
        ),
    ],
)
def test_follow(current: str, location: str, url: str, host: str, family: int | None) -> None:
    redirect = follow(current, location)
    assert redirect is not None
    assert (redirect.url, redirect.host, redirect.literal_family) == (url, host, family)


@pytest.mark.parametrize("location", [None, "", "  ", "ftp://a.lab/", "mailto:x@a.lab"])
def test_unusable_locations(location: str | None) -> None:
    assert follow("http://a.lab/", location) is None


def test_same_host() -> None:
    redirect = follow("http://a.lab/", "https://a.lab/login")
    assert redirect is not None
    assert redirect.same_host("http://a.lab/")
    assert not redirect.same_host("http://b.lab/")
