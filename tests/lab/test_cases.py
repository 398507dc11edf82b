"""Lab cases assembled into a scenario: zone lines, servers and expectations land together."""

from __future__ import annotations

import pytest

from lab.cases import Case, assemble, site
from lab.spec import Expect, NameServer, Zone

SERVER = NameServer("ns1.example.lab", ("3ffe:501:9::53",), ("example.lab", "sub.example.lab"))


def test_a_case_puts_its_lines_in_the_zone_that_holds_its_name() -> None:
    scenario = assemble(
        "t",
        [
            Case("example.lab", ("3ffe:501:9::80",), records=("@ MX 10 mx",)),
            Case("www.sub.example.lab", ("3ffe:501:9::81", "11.9.0.81")),
            Case("x.example.lab", records=("x CNAME www.sub",), zone="sub.example.lab"),
        ],
        nameservers=[SERVER],
        zones=[Zone("example.lab"), Zone("sub.example.lab", ("old TXT kept",))],
    )
    assert scenario.zones == [
        Zone("example.lab", ("@ AAAA 3ffe:501:9::80", "@ MX 10 mx")),
        Zone(
            "sub.example.lab",
            (
                "old TXT kept",
                "www AAAA 3ffe:501:9::81",
                "www A 11.9.0.81",
                "x CNAME www.sub",
            ),
        ),
    ]


def test_servers_and_expectations_follow_the_infrastructure_in_case_order() -> None:
    first = site("a.example.lab", "3ffe:501:9::a", body="a")
    second = site("b.example.lab", "3ffe:501:9::b", body="b")
    url = Expect("http://b.example.lab/x", {"web.http6": "pass"})
    scenario = assemble(
        "t",
        [
            Case("a.example.lab", websites=(first,), idle=("11.9.0.1",)),
            Case(
                "b.example.lab",
                websites=(second,),
                blackholes=("3ffe:501:9::dead",),
                expect={"dns.aaaa": "pass"},
                expect_from={"cli4": {"dns.aaaa": "pass"}},
                also=(url,),
            ),
        ],
        idle=("11.9.0.9",),
    )
    assert scenario.websites == [first, second]
    assert scenario.idle == ("11.9.0.9", "11.9.0.1")
    assert scenario.blackholes == ("3ffe:501:9::dead",)
    assert scenario.expectations == [
        Expect("b.example.lab", {"dns.aaaa": "pass"}),
        Expect("b.example.lab", {"dns.aaaa": "pass"}, vantage="cli4"),
        url,
    ]


def test_a_case_outside_every_declared_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="no declared zone"):
        assemble("t", [Case("www.elsewhere.lab", ("3ffe:501:9::80",))], zones=[Zone("x.lab")])
    with pytest.raises(ValueError, match="is not declared"):
        assemble("t", [Case("www.x.lab", ("11.9.0.1",), zone="y.lab")], zones=[Zone("x.lab")])
