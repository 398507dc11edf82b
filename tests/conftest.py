"""Shared fixtures. The lab fixture builds the sealed namespace lab once per session.

Lab tests never skip: without root, or without the servers, the lab raises and every lab test
fails with the reason, so CI cannot go green without having run them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from lab.build import Lab
from lab.scenarios import full_lab


@pytest.fixture(scope="session")
def lab() -> Iterator[Lab]:
    with Lab(full_lab()) as running:
        yield running


def scan_json(lab: Lab, targets: list[str], *extra: str, vantage: str = "cli") -> dict[str, Any]:
    """Run ``v6audit scan --format json`` in the lab and return the parsed document."""
    result = lab.auditor(
        ["scan", "-q", "--format", "json", *lab.resolver_args(vantage), *extra, *targets],
        vantage=vantage,
    )
    assert result.returncode == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def vantage_json(lab: Lab, vantage: str, *extra: str) -> dict[str, Any]:
    """Run ``v6audit vantage --format json`` from a lab vantage; return its one target."""
    result = lab.auditor(
        ["vantage", "-q", "--format", "json", *lab.vantage_args(vantage), *extra], vantage=vantage
    )
    assert result.returncode == 0, result.stderr
    targets: list[dict[str, Any]] = json.loads(result.stdout)["targets"]
    assert [t["kind"] for t in targets] == ["vantage"]
    return targets[0]


def verdict(check: dict[str, Any]) -> str:
    """``status`` or ``status/reason``, the notation of the scenarios' expectations."""
    return f"{check['status']}/{check['reason']}" if check["reason"] else check["status"]
