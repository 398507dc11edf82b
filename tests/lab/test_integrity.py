"""Bogus AAAA, IPv6-only sites and hostile redirects, against real servers in the lab.

The verdicts per target are in the scenario part (``lab/scenarios/integrity.py``) and checked
with every other expectation; these tests add what a verdict list cannot say: that hostile
targets never make the auditor send a packet to its own network, and how the profiles score
IPv6-only and bogus hosts.
"""

from __future__ import annotations

from typing import Any

import pytest

from lab.build import Lab
from lab.scenarios.integrity import HOSTILE_TARGETS, ZONE
from tests.conftest import scan_json

PROFILES = ("default", "gov-website", "internet-nl")


def _checks(target: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {check["id"]: check for check in target["checks"]}


@pytest.mark.lab
def test_hostile_targets_never_reach_the_scanners_own_network(lab: Lab) -> None:
    document = scan_json(lab, list(HOSTILE_TARGETS), vantage="hostile")
    assert len(document["targets"]) == len(HOSTILE_TARGETS)
    assert lab.canary_log("hostile") == ""
    assert lab.local_packets("hostile") == 0
    by_target = {t["target"]: _checks(t) for t in document["targets"]}
    # the evidence says what was refused and why
    hops = [
        hop
        for chain in by_target[f"to-loop4.{ZONE}"]["web.http6"]["details"]["chains"]
        for hop in chain["hops"]
        if hop.get("outcome") == "policy"
    ]
    assert hops
    assert all("127.0.0.1 is loopback" in hop["message"] for hop in hops)
    name_hops = [
        hop
        for chain in by_target[f"to-name.{ZONE}"]["web.http6"]["details"]["chains"]
        for hop in chain["hops"]
        if hop.get("outcome") == "policy"
    ]
    assert {"no usable" in hop["message"] for hop in name_hops} == {True}
    reach = by_target[f"lo.{ZONE}"]["web.reach6"]
    assert reach["status"] == "fail"
    assert "::1 is loopback address" in reach["summary"]
    smtp = by_target[f"mxlo.{ZONE}"]["mail.mx.reach6"]
    assert smtp["status"] == "fail"
    assert "::1 is loopback address" in smtp["summary"]


@pytest.mark.lab
@pytest.mark.parametrize("profile", PROFILES)
def test_profiles_rank_ipv6_only_top_and_bogus_no_better_than_none(lab: Lab, profile: str) -> None:
    targets = [f"v6only.{ZONE}", f"mapped.{ZONE}", f"v4twin.{ZONE}"]
    document = scan_json(lab, targets, "--profile", profile)
    scores = {t["target"]: t["score"] for t in document["targets"]}
    assert scores[f"v6only.{ZONE}"]["grade"] == "A", scores[f"v6only.{ZONE}"]
    assert scores[f"mapped.{ZONE}"]["total"] <= scores[f"v4twin.{ZONE}"]["total"]


@pytest.mark.lab
def test_bogus_aaaa_fail_naming_the_block(lab: Lab) -> None:
    document = scan_json(lab, [f"mapped.{ZONE}"])
    checks = _checks(document["targets"][0])
    for check_id in ("web.reach6", "web.http6", "web.tls6", "web.same-content"):
        summary = checks[check_id]["summary"]
        assert summary.startswith("no usable IPv6 address"), (check_id, summary)
        assert "::ffff:11.71.0.20 is IPv4-mapped address (::ffff:0:0/96, RFC 4291)" in summary
