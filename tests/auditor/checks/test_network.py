"""The network judges on synthetic surveys."""

from __future__ import annotations

from auditor.checks.network import judge_discovery, judge_dualstack, judge_services6
from auditor.model import Status
from auditor.registry import JudgeContext, Observations, get_check
from probes.net_survey import Host, NetworkSurveyProbe, Survey


def survey(hosts: list[Host], ports: dict[str, list[int]], version: int = 4) -> Observations:
    found = Survey(
        network="11.61.0.0/24" if version == 4 else "3ffe:501:61::/64",
        version=version,
        method="sweep",
        examined=254,
        aliased=False,
        hosts=hosts,
        open_ports=ports,
        service_ports=[22, 80, 443],
    )
    return Observations({NetworkSurveyProbe.name: found})


def context(check_id: str, **params: object) -> JudgeContext:
    return JudgeContext(params={**get_check(check_id).defaults, **params})


DUAL = Host(address="11.61.0.10", found_by="sweep", counterparts=["3ffe:501:61::10"])
SOLO = Host(address="11.61.0.20", found_by="sweep")


def test_discovery_counts_by_method() -> None:
    verdict = judge_discovery(survey([DUAL, SOLO], {}), context("net.discovery"))
    assert verdict.status is Status.INFO
    assert verdict.details["by_method"] == {"sweep": 2}


def test_aliased_prefix_is_reported() -> None:
    found = Survey(
        network="3ffe:501:62::/64",
        version=6,
        method="candidates",
        examined=3,
        aliased=True,
        hosts=[],
        open_ports={},
        service_ports=[],
    )
    observations = Observations({NetworkSurveyProbe.name: found})
    verdict = judge_discovery(observations, context("net.discovery"))
    assert "aliased" in verdict.summary.en
    assert judge_services6(observations, context("net.services6")).status is Status.NOT_APPLICABLE


def test_dualstack_share_against_thresholds() -> None:
    ctx = context("net.dualstack")
    assert judge_dualstack(survey([DUAL], {}), ctx).status is Status.PASS
    assert judge_dualstack(survey([DUAL, SOLO], {}), ctx).status is Status.WARN
    assert judge_dualstack(survey([SOLO], {}), ctx).status is Status.FAIL
    lenient = context("net.dualstack", threshold=0.5)
    assert judge_dualstack(survey([DUAL, SOLO], {}), lenient).status is Status.PASS


def test_dualstack_not_applicable() -> None:
    ctx = context("net.dualstack")
    assert judge_dualstack(survey([], {}), ctx).status is Status.NOT_APPLICABLE
    assert judge_dualstack(survey([DUAL], {}, version=6), ctx).status is Status.NOT_APPLICABLE


def test_services_parity() -> None:
    ctx = context("net.services6")
    same = {"11.61.0.10": [80, 443], "3ffe:501:61::10": [80, 443]}
    assert judge_services6(survey([DUAL], same), ctx).status is Status.PASS
    lagging = {"11.61.0.10": [80], "3ffe:501:61::10": [80, 22]}
    verdict = judge_services6(survey([DUAL], lagging), ctx)
    assert verdict.status is Status.FAIL
    assert verdict.details["hosts"]["11.61.0.10"]["ipv6_only"] == [22]
    missing = {"11.61.0.10": [80, 443], "3ffe:501:61::10": [80]}
    assert judge_services6(survey([DUAL], missing), ctx).status is Status.WARN
    assert judge_services6(survey([SOLO], {"11.61.0.20": [80]}), ctx).status is Status.WARN


def test_services_compare_from_the_ipv6_side() -> None:
    host = Host(address="3ffe:501:61::30", found_by="low-byte", counterparts=["11.61.0.30"])
    ports = {"3ffe:501:61::30": [80], "11.61.0.30": []}
    verdict = judge_services6(survey([host], ports, version=6), context("net.services6"))
    assert verdict.status is Status.FAIL


def test_services_port_list_is_a_profile_setting() -> None:
    ports = {"11.61.0.10": [80], "3ffe:501:61::10": [80, 22]}
    only_web = context("net.services6", ports=[80, 443])
    assert judge_services6(survey([DUAL], ports), only_web).status is Status.PASS
