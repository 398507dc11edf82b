"""Peers that answer strangely: an error is a typed fact about them, never ``internal``."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from lab import netns
from lab.build import Lab
from tests.conftest import scan_json


@pytest.mark.lab
@pytest.mark.parametrize("target", ["odd.web.lab", "loop.web.lab"])
def test_odd_status_and_endless_redirects_are_never_internal(lab: Lab, target: str) -> None:
    """A home page with status 999, and one that redirects forever."""
    document = scan_json(lab, [target], "--no-store")
    checks = document["targets"][0]["checks"]
    assert [c["id"] for c in checks if c["reason"] == "internal"] == []
    links = next(c for c in checks if c["id"] == "web.links6")
    assert (links["status"], links["reason"]) == ("error", "protocol")


@pytest.mark.lab
def test_deadline_holds_on_a_page_of_100000_links(lab: Lab) -> None:
    """Parsing the page and sorting its links must leave the loop free for the deadline."""
    argv = netns.exec_argv(lab.namespace(), [
        sys.executable, "-m", "v6audit", "scan", "-q", "--no-store", "--format", "json",
        *lab.resolver_args(), "--deadline", "3", "links.web.lab",
    ])  # fmt: skip
    result = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 3, result.stderr
    assert json.loads(result.stdout)["run"]["end"] == "deadline"
    assert "Traceback" not in result.stderr
