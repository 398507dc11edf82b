"""Surveys of the lab's prefixes: which hosts are found, by which pattern, and their pairs."""

from __future__ import annotations

from typing import Any

import pytest

from lab.build import Lab
from lab.scenarios.network import ALIASED6, SURVEY4, SURVEY6
from lab.scenarios.pairing import (
    EMBEDDED,
    EVIDENCE,
    EXPECTED,
    HEX,
    NO_DNS,
    PTR,
    SAME_NUMBER,
    SEGMENTS,
    v4,
    v4net,
    v6,
    v6net,
)
from tests.conftest import scan_json

Checks = dict[str, dict[str, Any]]
LONG_TIMEOUT = 180
"""Fifteen surveys share the run's rate limit: each may take longer than one alone."""


def by_target(document: dict[str, Any]) -> dict[str, Checks]:
    return {t["target"]: {c["id"]: c for c in t["checks"]} for t in document["targets"]}


@pytest.fixture(scope="module")
def surveys(lab: Lab) -> dict[str, Checks]:
    segments = [net(s) for s in SEGMENTS for net in (v4net, v6net)]
    targets = [SURVEY4, SURVEY6, ALIASED6, *segments]
    return by_target(scan_json(lab, targets, "--timeout", str(LONG_TIMEOUT)))


def pairs(checks: Checks) -> dict[str, list[tuple[str, str, str]]]:
    """Each host's weighed candidates as (other, method, confidence)."""
    found = checks["net.dualstack"]["details"]["pairs"]
    return {a: [(p["other"], p["method"], p["confidence"]) for p in ps] for a, ps in found.items()}


@pytest.mark.lab
def test_ipv4_sweep_finds_every_live_host(surveys: dict[str, dict[str, Any]]) -> None:
    hosts = surveys[SURVEY4]["net.discovery"]["details"]["hosts"]
    assert [h["address"] for h in hosts] == ["11.61.0.10", "11.61.0.11", "11.61.0.20", "11.61.0.30"]
    assert surveys[SURVEY4]["net.discovery"]["details"]["examined"] == 254


@pytest.mark.lab
def test_counterparts_by_name_and_by_embedding(surveys: dict[str, dict[str, Any]]) -> None:
    details = surveys[SURVEY4]["net.dualstack"]["details"]
    assert details["methods"] == {
        "11.61.0.10": "ptr",
        "11.61.0.11": "embedded",
        "11.61.0.30": "ptr",
    }
    assert details["dual_stack"]["11.61.0.11"] == ["3ffe:501:61::b3d:b"]
    assert details["ipv4_only"] == ["11.61.0.20"]


@pytest.mark.lab
def test_ipv6_candidates_find_each_pattern(surveys: dict[str, dict[str, Any]]) -> None:
    hosts = surveys[SURVEY6]["net.discovery"]["details"]["hosts"]
    assert {h["address"]: h["found_by"] for h in hosts} == {
        "3ffe:501:61::10": "low-byte",
        "3ffe:501:61::30": "low-byte",
        "3ffe:501:61::1bb": "service-port",
        "3ffe:501:61::cafe": "wordy",
        "3ffe:501:61:0:11:61:0:10": "ipv4-embedded",
    }


@pytest.mark.lab
def test_service_parity_names_the_lagging_host(surveys: dict[str, dict[str, Any]]) -> None:
    details = surveys[SURVEY4]["net.services6"]["details"]
    hosts = details["hosts"]
    assert hosts["11.61.0.30"]["ipv6_only"] == [80, 443]
    assert details["not_compared"] == ["11.61.0.20"]  # IPv4-only: net.dualstack's finding
    assert hosts["11.61.0.10"]["ipv4"] == hosts["11.61.0.10"]["ipv6"] == [80, 443]


@pytest.mark.lab
def test_aliased_prefix_is_not_enumerated(surveys: dict[str, dict[str, Any]]) -> None:
    details = surveys[ALIASED6]["net.discovery"]["details"]
    assert details["aliased"] is True
    assert details["hosts"] == []


@pytest.mark.lab
@pytest.mark.parametrize("segment", SEGMENTS)
def test_each_segment_both_families(surveys: dict[str, Checks], segment: int) -> None:
    dualstack, services4, services6 = EXPECTED[segment]
    ipv4, ipv6 = surveys[v4net(segment)], surveys[v6net(segment)]
    got = (ipv4["net.dualstack"]["status"], ipv4["net.services6"]["status"])
    assert (*got, ipv6["net.services6"]["status"]) == (dualstack, services4, services6)


@pytest.mark.lab
def test_the_ipv6_side_pairs_by_the_same_rules(surveys: dict[str, Checks]) -> None:
    compared = {
        segment: {
            address: host["counterparts"]
            for address, host in surveys[v6net(segment)]["net.services6"]["details"][
                "hosts"
            ].items()
        }
        for segment in (PTR, SAME_NUMBER, HEX)
    }
    assert compared[PTR] == {v6(PTR, "a"): [v4(PTR, 10)], v6(PTR, "b"): [v4(PTR, 11)]}
    assert compared[SAME_NUMBER][v6(SAME_NUMBER, "28")] == [v4(SAME_NUMBER, 28)]
    assert compared[HEX][v6(HEX, "1c")] == [v4(HEX, 28)]


@pytest.mark.lab
def test_forward_confirmed_names_pair_unrelated_numbers(surveys: dict[str, Checks]) -> None:
    found = pairs(surveys[v4net(PTR)])
    assert found[v4(PTR, 10)] == [(v6(PTR, "a"), "ptr", "high")]
    assert found[v4(PTR, 11)] == [(v6(PTR, "b"), "ptr", "high")]


@pytest.mark.lab
@pytest.mark.parametrize(
    ("segment", "iid", "method"),
    [(SAME_NUMBER, "28", "same-number"), (HEX, "1c", "hex")],
)
def test_the_named_host_shows_the_numbering(
    surveys: dict[str, Checks], segment: int, iid: str, method: str
) -> None:
    """.25 is named in both families; the others follow its numbering; web hosts' own
    certificates confirm it further."""
    found = pairs(surveys[v4net(segment)])
    assert (v6(segment, iid), method, "medium") in found[v4(segment, 28)]
    web = next(p for p in found[v4(segment, 20)] if p[1] == method)
    assert web[2] == "high"
    evidence = surveys[v4net(segment)]["net.dualstack"]["details"]["pairs"][v4(segment, 20)]
    assert any("same tls/443" in e for p in evidence for e in p["evidence"])


@pytest.mark.lab
def test_embedded_ipv4_pairs_both_forms(surveys: dict[str, Checks]) -> None:
    found = pairs(surveys[v4net(EMBEDDED)])
    assert (v6(EMBEDDED, "11:62:5:28"), "embedded", "medium") in found[v4(EMBEDDED, 28)]
    assert (v6(EMBEDDED, "b3e:51d"), "embedded", "medium") in found[v4(EMBEDDED, 29)]


@pytest.mark.lab
def test_missing_ipv6_is_judged_on_evidence(surveys: dict[str, Checks]) -> None:
    details = surveys[v4net(EVIDENCE)]["net.dualstack"]["details"]
    assert details["ipv4_only"] == [v4(EVIDENCE, 10)]
    assert details["ipv6_dead"] == {v4(EVIDENCE, 11): [v6(EVIDENCE, "b")]}


@pytest.mark.lab
def test_no_way_to_pair_is_unknown_not_missing(surveys: dict[str, Checks]) -> None:
    """The issue's segment: nothing ties .20 to ::20, so nothing is judged as missing."""
    ipv4, ipv6 = surveys[v4net(NO_DNS)], surveys[v6net(NO_DNS)]
    hosts = (20, 21, 22, 30, 40)
    assert ipv4["net.dualstack"]["details"]["unknown"] == [v4(NO_DNS, n) for n in hosts]
    assert "declare the numbering plan" in ipv4["net.dualstack"]["summary"]
    assert ipv6["net.services6"]["details"]["not_compared"] == [v6(NO_DNS, str(n)) for n in hosts]


@pytest.fixture(scope="module")
def planned(lab: Lab, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Checks]]:
    """The issue's segment with its plan declared: the segments only (how hosts are numbered
    left to the survey), the convention too, and explicit pairs from a file."""
    pairs_file = tmp_path_factory.mktemp("plan") / "pairs.csv"
    pairs_file.write_text(
        "# ipv4,ipv6\n" + "".join(f"{v4(NO_DNS, n)},{v6(NO_DNS, str(n))}\n" for n in (20, 21, 30))
    )
    segment = f"{v4net(NO_DNS)},{v6net(NO_DNS)}"
    runs = {
        "segment": ["--pairing", segment],
        "convention": ["--pairing", f"{segment},same-number"],
        "file": ["--pairs", str(pairs_file)],
    }
    targets = [v4net(NO_DNS), v6net(NO_DNS)]
    return {key: by_target(scan_json(lab, targets, *args)) for key, args in runs.items()}


@pytest.mark.lab
@pytest.mark.parametrize("plan", ["segment", "convention", "file"])
def test_a_declared_plan_pairs_the_segment_and_finds_the_exposure(
    planned: dict[str, dict[str, Checks]], plan: str
) -> None:
    ipv4, ipv6 = planned[plan][v4net(NO_DNS)], planned[plan][v6net(NO_DNS)]
    exposed = v4(NO_DNS, 30)
    assert ipv4["net.dualstack"]["status"] == "pass"
    for checks, host in ((ipv4, exposed), (ipv6, v6(NO_DNS, "30"))):
        services = checks["net.services6"]
        assert services["status"] == "fail"
        assert services["summary"].startswith(
            f"open over IPv6 but closed over IPv4 (IPv6 firewall lags): {host} [3306, 6379]"
        )
    found = pairs(ipv4)
    if plan == "segment":  # guessed numbers, confirmed by each web host's own certificate
        assert (v6(NO_DNS, "20"), "same-number", "high") in found[v4(NO_DNS, 20)]
        unknown = [v4(NO_DNS, 22), v4(NO_DNS, 40)]
        assert ipv4["net.dualstack"]["details"]["unknown"] == unknown
        assert ipv4["net.services6"]["details"]["not_compared"] == unknown
        # .22 and ::22 present different certificates: the guess is no pair
        assert (v6(NO_DNS, "22"), "same-number", "rejected") in found[v4(NO_DNS, 22)]
    elif plan == "convention":
        assert found[v4(NO_DNS, 40)] == [(v6(NO_DNS, "40"), "same-number", "high")]
        # declared, but the certificates differ: still a pair, one level lower
        assert found[v4(NO_DNS, 22)] == [(v6(NO_DNS, "22"), "same-number", "medium")]
    else:
        assert found[exposed] == [(v6(NO_DNS, "30"), "declared", "high")]
        assert ipv4["net.services6"]["details"]["not_compared"] == [v4(NO_DNS, n) for n in (22, 40)]
