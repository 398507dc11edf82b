from __future__ import annotations

import pytest

from v6audit.auditor.evaluation import Evaluator
from v6audit.auditor.profile import load_profile, parse_profile, shipped_profiles
from v6audit.probes.latency import LatencyParams
from v6audit.probes.net.errors import InputError
from v6audit.probes.net.settings import Scope
from v6audit.probes.net_survey import NetworkSurveyProbe, SurveyParams
from v6audit.probes.web_latency import WebLatencyProbe

GOOD = """schema = 1
name = "p"
title = { en = "p", zh = "p" }
benchmark = 90
[goals.single-stack]
title = { en = "s", zh = "s" }
weight = 2
checks = { "dns.aaaa" = 1 }
"""


def test_shipped_profiles_load() -> None:
    assert "default" in shipped_profiles()
    for name in shipped_profiles():
        assert load_profile(name).name == name


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (
            GOOD.replace('"dns.aaaa"', '"dns.nope"'),
            "goals.single-stack.checks: unknown check 'dns.nope'",
        ),
        (GOOD.replace("weight = 2", "weight = -1"), "goals.single-stack.weight"),
        (
            GOOD.replace('"dns.aaaa" = 1', '"dns.aaaa" = 0'),
            "checks.dns.aaaa: weight must be greater than 0",
        ),
        (GOOD.replace("benchmark = 90\n", ""), "benchmark: Field required"),
        (GOOD.replace("schema = 1", "schema = 2"), "schema"),
        (GOOD + "colour = 'red'\n", "colour: Extra inputs are not permitted"),
        (
            GOOD + '[params."dns.aaaa"]\nthreshold = 1\n',
            "params.dns.aaaa.threshold: unknown parameter",
        ),
        (GOOD + '[params."dns.zzz"]\nx = 1\n', "params: unknown check 'dns.zzz'"),
        (
            GOOD + '[params."net.services6"]\nports = [22, 70000]\n',
            "params.net.services6.ports: expected port numbers",
        ),
        (
            GOOD.replace("weight = 2", 'weight = 2\nshows = ["net.nope"]'),
            "goals.single-stack.shows: unknown check 'net.nope'",
        ),
        (
            GOOD.replace("weight = 2", 'weight = 2\nshows = ["dns.aaaa"]'),
            "shows: 'dns.aaaa' is weighed under checks already",
        ),
        ("schema = [", "not valid TOML"),
    ],
)
def test_bad_profiles_name_the_key(document: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_profile(document.encode(), "p.toml")
    assert message in str(caught.value)
    assert "p.toml" in str(caught.value)


def test_unknown_profile_name_lists_shipped() -> None:
    with pytest.raises(InputError, match=r"shipped: .*default"):
        load_profile("no-such-profile")


def test_profile_file_path(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "mine.toml"
    path.write_text(GOOD, "utf-8")
    profile = load_profile(str(path))
    assert profile.check_ids() == ["dns.aaaa"]


def test_probe_parameters_are_typed_and_come_from_the_checks_that_use_the_probe() -> None:
    profile = parse_profile(
        GOOD.replace('"dns.aaaa" = 1', '"dns.aaaa" = 1, "net.services6" = 1').encode()
        + b'[params."net.services6"]\nports = [22, 8022]\n',
        "p.toml",
    )
    evaluator = Evaluator(profile, Scope.INTERNET)
    assert evaluator.probe_params(NetworkSurveyProbe) == SurveyParams(ports=[22, 8022])
    assert evaluator.probe_params(WebLatencyProbe) == LatencyParams()  # no check of it asked


def test_shown_checks_run_without_a_weight() -> None:
    profile = parse_profile(
        GOOD.replace("weight = 2", 'weight = 2\nshows = ["net.icmp6"]').encode(), "p.toml"
    )
    assert profile.check_ids() == ["dns.aaaa", "net.icmp6"]
    assert profile.goals["single-stack"].checks == {"dns.aaaa": 1.0}
