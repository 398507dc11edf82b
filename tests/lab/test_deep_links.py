"""A hostile page must not make the auditor contact its own network (lab canaries)."""

from __future__ import annotations

import pytest

from lab.build import Lab
from tests.conftest import scan_json


@pytest.mark.lab
def test_links_to_loopback_and_metadata_are_never_fetched(lab: Lab) -> None:
    document = scan_json(lab, ["hostile.deep.lab"], vantage="deep")
    checks = {c["id"]: c for c in document["targets"][0]["checks"]}
    skipped = {s["url"] for s in checks["web.links6"]["details"]["skipped"]}
    assert "http://169.254.169.254/latest/meta-data/" in skipped
    assert "http://meta.deep.lab/" in skipped
    assert "http://127.0.0.1/" in skipped
    assert lab.canary_log("deep") == ""


@pytest.mark.lab
def test_allow_private_fetches_them(lab: Lab) -> None:
    scan_json(lab, ["hostile.deep.lab"], "--allow-private", vantage="deep")
    assert "connection from" in lab.canary_log("deep")
