"""One target's probes ask the site each question once (the target's web door), seen by nginx.

``web.fetch`` walks both start URLs on every address, ``web.home`` walks them again on the
first address of each family to find the home page, and ``web.crawl`` reads that page over
IPv6: the lab web server's log must show every (address, scheme, request) of the target once.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from lab.build import Lab
from tests.conftest import scan_json
from tests.profiles import one_goal_document


@pytest.mark.lab
def test_the_probes_of_a_target_ask_the_site_each_question_once(lab: Lab, tmp_path: Path) -> None:
    log = lab.workdir / "nginx-access.log"
    before = len(log.read_text().splitlines())
    profile = tmp_path / "web-door.toml"
    weights = {"web.http6": 1.0, "web.same-content": 1.0, "web.links6": 1.0}
    profile.write_text(one_goal_document(weights, "web-door"))
    document = scan_json(lab, ["ok.web.lab"], "--profile", str(profile))
    checks = {c["id"]: c["status"] for c in document["targets"][0]["checks"]}
    # the page has no links: the crawl read it and found nothing to follow
    expected = {"web.http6": "pass", "web.same-content": "pass", "web.links6": "not_applicable"}
    assert checks == expected
    # each line: client address, server address, scheme, host, "request", status
    lines = [line.split(" ") for line in log.read_text().splitlines()[before:]]
    asked = Counter(" ".join(fields[1:-1]) for fields in lines if fields[3] == "ok.web.lab")
    assert {request: n for request, n in asked.items() if n > 1} == {}
    assert sorted(asked) == [
        '11.41.0.10 http ok.web.lab "GET / HTTP/1.1"',
        '11.41.0.10 https ok.web.lab "GET / HTTP/1.1"',
        '3ffe:501:41::10 http ok.web.lab "GET / HTTP/1.1"',
        '3ffe:501:41::10 https ok.web.lab "GET / HTTP/1.1"',
    ]
