from __future__ import annotations

import pytest

from v6audit.probes.net.addresses import Category, acceptable_in_scope, is_global, special_block


@pytest.mark.parametrize(
    ("address", "category", "rfc"),
    [
        ("::", Category.UNSPECIFIED, "RFC 4291"),
        ("::1", Category.LOOPBACK, "RFC 4291"),
        ("::ffff:192.0.2.1", Category.IPV4_MAPPED, "RFC 4291"),
        ("::192.0.2.1", Category.IPV4_COMPATIBLE, "RFC 4291"),
        ("64:ff9b::c000:201", Category.NAT64, "RFC 6052"),
        ("64:ff9b:1::1", Category.NAT64, "RFC 8215"),
        ("100::1", Category.DISCARD, "RFC 6666"),
        ("2001:0:4136:e378::1", Category.TEREDO, "RFC 4380"),
        ("2001:2::1", Category.BENCHMARKING, "RFC 5180"),
        ("2001:10::1", Category.ORCHID, "RFC 4843"),
        ("2001:db8::1", Category.DOCUMENTATION, "RFC 3849"),
        ("3fff::1", Category.DOCUMENTATION, "RFC 9637"),
        ("2002:c000:201::1", Category.SIX_TO_FOUR, "RFC 3056"),
        ("fd00::1", Category.ULA, "RFC 4193"),
        ("fe80::1", Category.LINK_LOCAL, "RFC 4291"),
        ("fec0::1", Category.SITE_LOCAL, "RFC 3879"),
        ("ff02::1", Category.MULTICAST, "RFC 4291"),
        ("5f00::1", Category.SRV6_SID, "RFC 9602"),
        ("4000::1", Category.RESERVED, "RFC 4291"),
        ("2001:100::1", Category.PROTOCOL, "RFC 2928"),
        ("10.1.2.3", Category.PRIVATE, "RFC 1918"),
        ("172.31.0.1", Category.PRIVATE, "RFC 1918"),
        ("192.168.1.1", Category.PRIVATE, "RFC 1918"),
        ("100.64.0.1", Category.SHARED, "RFC 6598"),
        ("127.0.0.1", Category.LOOPBACK, "RFC 1122"),
        ("169.254.169.254", Category.LINK_LOCAL, "RFC 3927"),
        ("192.0.0.170", Category.NAT64, "RFC 7050"),
        ("192.0.2.1", Category.DOCUMENTATION, "RFC 5737"),
        ("198.18.0.1", Category.BENCHMARKING, "RFC 2544"),
        ("240.0.0.1", Category.RESERVED, "RFC 1112"),
    ],
)
def test_special_blocks(address: str, category: Category, rfc: str) -> None:
    block = special_block(address)
    assert block is not None
    assert (block.category, block.rfc) == (category, rfc)
    assert rfc in block.describe()


@pytest.mark.parametrize(
    "address",
    [
        "2400:da00::6666",
        "3ffe:501:10::80",
        "2001:1::1",
        "2001:3::1",
        "2001:4:112::1",
        "2001:20::1",
        "2001:30::1",
        "192.0.0.9",
        "192.0.0.10",
        "8.8.8.8",
        "11.10.0.80",
    ],
)
def test_global_addresses_and_exceptions(address: str) -> None:
    assert is_global(address)


def test_internal_scope_accepts_private_space_only() -> None:
    assert acceptable_in_scope("fd00::1", internal=True)
    assert not acceptable_in_scope("fd00::1", internal=False)
    assert acceptable_in_scope("10.0.0.1", internal=True)
    assert not acceptable_in_scope("fe80::1", internal=True)
    assert not acceptable_in_scope("2001:db8::1", internal=True)
