"""Surveys of the lab's prefixes: which hosts are found, by which pattern, and their pairs."""

from __future__ import annotations

from typing import Any

import pytest

from lab.build import Lab
from lab.scenarios.network import ALIASED6, SURVEY4, SURVEY6
from tests.conftest import scan_json


@pytest.fixture(scope="module")
def surveys(lab: Lab) -> dict[str, dict[str, Any]]:
    document = scan_json(lab, [SURVEY4, SURVEY6, ALIASED6])
    return {t["target"]: {c["id"]: c for c in t["checks"]} for t in document["targets"]}


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
        "11.61.0.11": "ipv4-embedded",
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
    hosts = surveys[SURVEY4]["net.services6"]["details"]["hosts"]
    assert hosts["11.61.0.30"]["ipv6_only"] == [80, 443]
    assert hosts["11.61.0.20"]["ipv4_only"] == [80, 443]
    assert hosts["11.61.0.10"]["ipv4"] == hosts["11.61.0.10"]["ipv6"] == [80, 443]


@pytest.mark.lab
def test_aliased_prefix_is_not_enumerated(surveys: dict[str, dict[str, Any]]) -> None:
    details = surveys[ALIASED6]["net.discovery"]["details"]
    assert details["aliased"] is True
    assert details["hosts"] == []
