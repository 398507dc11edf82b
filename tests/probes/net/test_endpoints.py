from __future__ import annotations

import pytest

from v6audit.probes.net.endpoints import (
    REFLECTOR_PORT,
    Reflector,
    address_version,
    parse_address_port,
    parse_reflector,
    split_host_port,
)
from v6audit.probes.net.errors import InputError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("11.60.0.80", ("11.60.0.80", 53)),
        ("11.60.0.80:5353", ("11.60.0.80", 5353)),
        ("[3ffe:501:60::80]:99", ("3ffe:501:60::80", 99)),
        ("3ffe:501:60::80", ("3ffe:501:60::80", 53)),
        ("stun.example.cn:3478", ("stun.example.cn", 3478)),
    ],
)
def test_split(text: str, expected: tuple[str, int]) -> None:
    assert split_host_port(text, 53, "x") == expected


@pytest.mark.parametrize("text", ["[::1]x", "[::1]:", "a:0", "a:b", ":53", "a:70000"])
def test_split_rejects(text: str) -> None:
    with pytest.raises(InputError):
        split_host_port(text, 53, "x")


def test_address_port_needs_an_address() -> None:
    with pytest.raises(InputError, match="not a name"):
        parse_address_port("dns.example.cn", 53, "resolver")


def test_reflector_defaults_stun_to_the_same_endpoint() -> None:
    assert parse_reflector("http://reflector.net.lab/", None) == Reflector(
        "reflector.net.lab", REFLECTOR_PORT, False, "reflector.net.lab", REFLECTOR_PORT
    )
    assert parse_reflector("https://[3ffe:501:60::80]/", "[3ffe:501:60::81]:3478") == Reflector(
        "3ffe:501:60::80", 443, True, "3ffe:501:60::81", 3478
    )
    assert parse_reflector(None, None) is None


@pytest.mark.parametrize(
    ("url", "stun"),
    [("ftp://x/", None), ("http:///", None), (None, "x:1"), ("http://x:99999/", None)],
)
def test_reflector_rejects(url: str | None, stun: str | None) -> None:
    with pytest.raises(InputError):
        parse_reflector(url, stun)


def test_address_version() -> None:
    assert address_version("::1") == 6
    assert address_version("11.0.0.1") == 4
    assert address_version("reflector.net.lab") is None
