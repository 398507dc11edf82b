"""A hostile page must not make the auditor contact its own network (lab canaries).

Links to address literals are never internal (an address is its own registrable domain), so
only resources on literals, and links to names of the site, show up as skipped.
"""

from __future__ import annotations

import pytest

from lab.build import Lab
from tests.conftest import scan_json


@pytest.mark.lab
def test_links_to_loopback_and_metadata_are_never_fetched(lab: Lab) -> None:
    document = scan_json(lab, ["hostile.deep.lab"], vantage="deep")
    checks = {c["id"]: c for c in document["targets"][0]["checks"]}
    links = {s["url"] for s in checks["web.links6"]["details"]["skipped"]}
    assert links == {"http://meta.deep.lab/", "http://loop.deep.lab/"}  # names on this site
    resources = {s["url"] for s in checks["web.resources6"]["details"]["skipped"]}
    assert resources == {"http://169.254.169.254/logo.png", "http://loop.deep.lab/x.png"}
    assert lab.canary_log("deep") == ""


@pytest.mark.lab
def test_allow_private_fetches_them(lab: Lab) -> None:
    scan_json(lab, ["hostile.deep.lab"], "--allow-private", vantage="deep")
    assert "connection from" in lab.canary_log("deep")
