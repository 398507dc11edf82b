"""URLs parsed once: the same answer as httpx's parser, an IDN's A-label as the host."""

from __future__ import annotations

import httpx
import pytest

from v6audit.probes.urlparts import CACHED_LENGTH, parsed, raw_host


def test_a_url_is_parsed_once_and_read_as_httpx_reads_it() -> None:
    url = "https://例子.测试/path?q=1"
    assert parsed(url) is parsed(url)
    assert parsed(url) == httpx.URL(url)
    assert raw_host(url) == "xn--fsqu00a.xn--0zwm56d"
    assert raw_host("http://[2001:db8::1]:8080/") == "2001:db8::1"


def test_a_long_url_is_parsed_without_being_kept() -> None:
    url = "http://a.test/" + "x" * CACHED_LENGTH
    assert parsed(url) == httpx.URL(url)
    assert parsed(url) is not parsed(url)


def test_what_is_not_a_url_raises_as_httpx_does() -> None:
    with pytest.raises(httpx.InvalidURL):
        parsed("http://a\x00b.test/")
