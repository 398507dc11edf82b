"""Every expectation declared in the lab scenarios, checked against a real scan of the lab."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

from lab.build import Lab
from lab.load import saturated
from lab.scenarios import full_lab
from lab.spec import VANTAGE, verdict
from tests.conftest import scan_json, vantage_json

EXPECTATIONS = full_lab().expectations
VANTAGES = sorted({e.vantage for e in EXPECTATIONS})


@pytest.fixture(scope="module")
def scans(lab: Lab) -> dict[str, dict[str, dict[str, Any]]]:
    """One scan per vantage of all its targets, indexed by vantage, target and check.

    The vantage itself (target ``VANTAGE``) is audited with ``v6audit vantage`` from there.
    """
    found: dict[str, dict[str, dict[str, Any]]] = {}
    for vantage in VANTAGES:
        targets = [e.target for e in EXPECTATIONS if e.vantage == vantage and e.target != VANTAGE]
        found[vantage] = {}
        if targets:
            document = scan_json(lab, targets, vantage=vantage)
            found[vantage] = {
                entry["target"]: {c["id"]: c for c in entry["checks"]}
                for entry in document["targets"]
            }
        if any(e.vantage == vantage and e.target == VANTAGE for e in EXPECTATIONS):
            audited = vantage_json(lab, vantage)
            found[vantage][VANTAGE] = {c["id"]: c for c in audited["checks"]}
    return found


@pytest.mark.lab
@pytest.mark.parametrize("expect", EXPECTATIONS, ids=lambda e: f"{e.vantage}:{e.target}")
def test_expected_verdicts(expect: Any, scans: dict[str, dict[str, dict[str, Any]]]) -> None:
    checks = scans[expect.vantage][expect.target]
    got = {check_id: verdict(checks[check_id]) for check_id in expect.verdicts}
    wrong = {k: checks[k] for k, v in expect.verdicts.items() if got[k] != v}
    # the whole of each wrong check, details included: a failure in CI must explain itself
    assert not wrong, json.dumps(wrong, ensure_ascii=False, indent=1)


@pytest.mark.lab
def test_expected_verdicts_hold_in_another_order_on_a_saturated_machine(lab: Lab) -> None:
    """The same verdicts when the command-line vantage's targets come in reverse order, split
    over two processes, while other processes spin on every CPU: answers come late to a busy
    auditor, connections to one server interleave differently, and no verdict may follow."""
    expectations = [e for e in EXPECTATIONS if e.vantage == "cli" and e.target != VANTAGE]
    targets = sorted({e.target for e in expectations}, reverse=True)
    with saturated(2 * (os.cpu_count() or 1)):
        document = scan_json(lab, targets, "--no-store", "--processes", "2")
    found = {
        entry["target"]: {c["id"]: c for c in entry["checks"]} for entry in document["targets"]
    }
    wrong = {
        f"{expect.target} {check_id}": found[expect.target][check_id]
        for expect in expectations
        for check_id, wanted in expect.verdicts.items()
        if verdict(found[expect.target][check_id]) != wanted
    }
    assert not wrong, json.dumps(wrong, ensure_ascii=False, indent=1)
