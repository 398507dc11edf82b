"""What the survey proposes as counterparts, before any network traffic: pure steps; and the
whole survey on the fake world."""

from __future__ import annotations

import ipaddress

from tests.probes.fakes import World, run_probe
from v6audit.probes.net.pairing import merge, parse_option
from v6audit.probes.net.policy import AddressPolicy
from v6audit.probes.net.settings import Convention, PairingPlan, Scope
from v6audit.probes.net_survey import (
    Host,
    NetworkSurveyProbe,
    _declared,
    _named,
    _numbered,
    _segments,
)

NET4 = ipaddress.IPv4Network("11.1.0.0/24")
NET6 = ipaddress.IPv6Network("3ffe:0:0:2::/64")
NAMED = Host(
    address="11.1.0.25",
    found_by="sweep",
    names=["gw.example.cn"],
    forward={"gw.example.cn": ["11.1.0.25", "3ffe:0:0:2::25", "fd00::25"]},
)
PLAIN = Host(address="11.1.0.20", found_by="sweep")


def test_names_propose_their_other_family_addresses_in_scope() -> None:
    proposed = _named([NAMED, PLAIN], AddressPolicy())
    assert [(c.other, c.method, c.name) for c in proposed] == [
        ("3ffe:0:0:2::25", "ptr", "gw.example.cn")
    ]
    assert (
        len(_named([NAMED], AddressPolicy(Scope.INTERNAL))) == 2
    )  # an intranet audit counts the ULA


def test_segments_learned_from_names_are_guessed_in() -> None:
    (segment,) = _segments(NET4, [NAMED, PLAIN], PairingPlan(), AddressPolicy())
    assert (segment.other, segment.source, segment.declared) == ("3ffe:0:0:2::/64", "names", False)
    assert segment.conventions == tuple(Convention)
    numbered = _numbered([PLAIN], [segment])
    assert {(c.other, c.method) for c in numbered} == {
        ("3ffe:0:0:2::20", "same-number"),
        ("3ffe:0:0:2::14", "hex"),
        ("3ffe::2:0:0:b01:14", "embedded"),
        ("3ffe::2:11:1:0:20", "embedded"),
    }


def test_a_declared_convention_holds_where_names_lead() -> None:
    plan = parse_option("hex")
    (segment,) = _segments(NET4, [NAMED], plan, AddressPolicy())
    assert (segment.conventions, segment.declared) == ((Convention.HEX,), True)


def test_declared_segments_apply_to_their_hosts_only() -> None:
    plan = parse_option("11.1.0.0/25,3ffe:0:0:2::/64,same-number")
    (segment,) = _segments(NET4, [PLAIN], plan, AddressPolicy())
    assert (segment.source, segment.declared) == ("declared", True)
    outside = Host(address="11.1.0.200", found_by="sweep")
    assert [c.other for c in _numbered([PLAIN, outside], [segment])] == ["3ffe:0:0:2::20"]
    assert _segments(ipaddress.IPv4Network("11.9.0.0/24"), [], plan, AddressPolicy()) == []


def test_the_ipv6_side_maps_back_into_the_declared_ipv4_prefix() -> None:
    plan = parse_option("11.1.0.0/24,3ffe:0:0:2::/64,same-number")
    host = Host(address="3ffe:0:0:2::20", found_by="low-byte")
    (segment,) = _segments(NET6, [host], plan, AddressPolicy())
    assert segment.other == "11.1.0.0/24"
    assert [c.other for c in _numbered([host], [segment])] == ["11.1.0.20"]


def test_declared_pairs_of_live_hosts() -> None:
    plan = merge([parse_option("11.1.0.20,3ffe:0:0:2::99"), parse_option("11.1.0.21,3ffe::21")])
    (pair,) = _declared(NET4, [PLAIN], plan)
    assert (pair.other, pair.method, pair.declared) == ("3ffe:0:0:2::99", "declared", True)
    host6 = Host(address="3ffe:0:0:2::99", found_by="declared")
    assert [c.other for c in _declared(NET6, [host6], plan)] == ["11.1.0.20"]


GW4, GW6 = "11.10.0.1", "3ffe:501:10::1"


def surveyed_world() -> World:
    """A /29 with a named gateway (SSH, its IPv6 counterpart from its name) and a host that
    refuses every port; the other addresses are silent."""
    world = World()
    world.listen(GW4, 22, greeting="SSH-2.0-OpenSSH_9.6")
    world.listen(GW6, 22, greeting="SSH-2.0-OpenSSH_9.6")
    world.listen("11.10.0.2")
    world.record("1.0.10.11.in-addr.arpa", "PTR", "gw.example.cn.")
    world.host("gw.example.cn", aaaa=[GW6], a=[GW4])
    return world


def test_the_survey_finds_hosts_counterparts_and_fingerprints() -> None:
    found = run_probe(NetworkSurveyProbe(), "11.10.0.0/29", surveyed_world().context())
    assert (found.method, found.examined) == ("sweep", 6)
    assert [(h.address, h.names) for h in found.hosts] == [
        (GW4, ["gw.example.cn"]),
        ("11.10.0.2", []),
    ]
    assert ("ptr", GW6) in {(c.method, c.other) for c in found.candidates if c.address == GW4}
    assert found.alive[GW6]
    assert found.other_names == {}
    assert found.open_ports == {GW4: [22], "11.10.0.2": [], GW6: [22]}
    assert (
        found.fingerprints[GW4] == found.fingerprints[GW6] == {"banner/22": "SSH-2.0-OpenSSH_9.6"}
    )


def test_the_survey_keeps_out_of_space_the_policy_refuses() -> None:
    world = surveyed_world()
    world.listen("10.0.0.1", 22)
    found = run_probe(NetworkSurveyProbe(), "10.0.0.0/30", world.context())
    assert found.hosts == []
    assert found.open_ports == {}


def test_an_ipv6_prefix_is_searched_by_candidates() -> None:
    world = surveyed_world()
    found = run_probe(NetworkSurveyProbe(), "3ffe:501:10::/64", world.context())
    assert (found.method, found.aliased) == ("candidates", False)
    assert [(h.address, h.names) for h in found.hosts] == [(GW6, [])]
    assert found.open_ports[GW6] == [22]
