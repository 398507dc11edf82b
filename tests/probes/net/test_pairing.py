"""Numbering conventions and the declared plan."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest

from v6audit.auditor.codec import settings_from_json, settings_to_json
from v6audit.probes.net.errors import InputError
from v6audit.probes.net.pairing import (
    MAX_PLAN_BYTES,
    follows,
    load_plan_file,
    merge,
    parse_option,
    predict4,
    predict6,
)
from v6audit.probes.net.settings import Convention, PairingPlan, ScanSettings, Segment

V4 = ipaddress.IPv4Address
V6 = ipaddress.IPv6Address
SUBNET6 = ipaddress.IPv6Network("3ffe:0:0:2::/64")
SUBNET4 = ipaddress.IPv4Network("11.1.0.0/24")


def six(conv: Convention, address: str = "11.1.0.20") -> list[V6]:
    return predict6(V4(address), SUBNET6, conv)


def four(conv: Convention, address: str) -> list[str]:
    return [str(a) for a in predict4(V6(address), SUBNET4, conv)]


def test_ipv6_addresses_each_convention_predicts() -> None:
    assert six(Convention.SAME_NUMBER) == [V6("3ffe:0:0:2::20")]
    assert six(Convention.HEX) == [V6("3ffe:0:0:2::14")]
    assert six(Convention.EMBEDDED) == [V6("3ffe:0:0:2::b01:14"), V6("3ffe:0:0:2:11:1:0:20")]
    assert six(Convention.SAME_NUMBER, "11.1.0.254") == [V6("3ffe:0:0:2::254")]
    assert six(Convention.HEX, "11.1.0.0") == []


def test_ipv4_addresses_each_convention_predicts() -> None:
    assert four(Convention.SAME_NUMBER, "3ffe:0:0:2::20") == ["11.1.0.20"]
    assert four(Convention.SAME_NUMBER, "3ffe:0:0:2::1a") == []  # not decimal digits
    assert four(Convention.SAME_NUMBER, "3ffe:0:0:2::256") == []  # not a host number
    assert four(Convention.HEX, "3ffe:0:0:2::14") == ["11.1.0.20"]
    assert four(Convention.HEX, "3ffe:0:0:2::100") == []
    assert four(Convention.EMBEDDED, "3ffe:0:0:2::b01:14") == ["11.1.0.20"]
    assert four(Convention.EMBEDDED, "3ffe:0:0:2:11:1:0:20") == ["11.1.0.20"]
    assert four(Convention.EMBEDDED, "3ffe:0:0:2::20") == []  # 0.0.0.32 is no address


def test_follows_tells_the_conventions_apart() -> None:
    pair = (V4("11.1.0.20"), V6("3ffe:0:0:2::20"))
    assert follows(*pair, Convention.SAME_NUMBER)
    assert not follows(*pair, Convention.HEX)
    assert follows(V4("11.1.0.9"), V6("3ffe:0:0:2::9"), Convention.HEX)  # below 10: both
    assert follows(V4("11.1.0.20"), V6("3ffe:0:0:2::b01:14"), Convention.EMBEDDED)


def test_option_forms() -> None:
    assert parse_option("same-number") == PairingPlan(conventions=(Convention.SAME_NUMBER,))
    assert parse_option("11.1.0.0/24,3ffe:0:0:2::/64,hex") == PairingPlan(
        segments=(Segment("11.1.0.0/24", "3ffe:0:0:2::/64", Convention.HEX),)
    )
    assert parse_option("11.1.0.0/24, 3ffe:0:0:2::/64").segments[0].convention is None
    assert parse_option("11.1.0.20,3ffe:0:0:2::20").pairs == (("11.1.0.20", "3ffe:0:0:2::20"),)
    for bad in ("octal", "11.1.0.20,11.1.0.21", "3ffe::1,11.1.0.1", "a,b,c,d", "11.1.0.0/24,x"):
        with pytest.raises(InputError):
            parse_option(bad)


def test_plan_file_names_every_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "pairs.csv"
    path.write_text(
        "# host pairs\n11.1.0.20,3ffe:0:0:2::20\n\nnonsense\n11.1.0.0/24,3ffe:0:0:2::/64,x\n"
    )
    with pytest.raises(InputError, match=r"line 4: .*; line 5: "):
        load_plan_file(path)
    path.write_text("11.1.0.20,3ffe:0:0:2::20\n11.1.0.0/24,3ffe:0:0:2::/64,embedded\nhex\n")
    plan = load_plan_file(path)
    assert plan.pairs == (("11.1.0.20", "3ffe:0:0:2::20"),)
    assert plan.conventions == (Convention.HEX,)
    assert plan.segments[0].convention is Convention.EMBEDDED


def test_plan_file_size_is_capped(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    path.write_bytes(b"hex\n" * (MAX_PLAN_BYTES // 4 + 1))
    with pytest.raises(InputError, match="larger than"):
        load_plan_file(path)
    with pytest.raises(InputError, match="cannot read"):
        load_plan_file(tmp_path / "missing.csv")


def test_plans_merge_once_each() -> None:
    same = parse_option("same-number")
    merged = merge([same, parse_option("11.1.0.20,3ffe:0:0:2::20"), same])
    assert merged.conventions == (Convention.SAME_NUMBER,)
    assert len(merged.pairs) == 1


def test_plan_is_stored_with_the_run_settings() -> None:
    plan = merge(
        [
            parse_option("embedded"),
            parse_option("11.1.0.0/24,3ffe:0:0:2::/64"),
            parse_option("11.1.0.0/24,3ffe:0:0:2::/64,hex"),
            parse_option("11.1.0.20,3ffe:0:0:2::20"),
        ]
    )
    settings = ScanSettings(pairing=plan)
    assert settings_from_json(settings_to_json(settings)) == settings
    older = settings_to_json(ScanSettings())
    del older["pairing"]
    assert settings_from_json(older).pairing == PairingPlan()
