"""Judges of web.links6, web.resources6, web.latency6, web.pmtu6, sec.port-parity, net.icmp6."""

from __future__ import annotations

from typing import Any

import pytest

from tests.auditor.checks import judging
from tests.auditor.checks.observations import addresses
from v6audit.auditor.model import CheckResult, Status
from v6audit.auditor.registry import get_check
from v6audit.probes.dns_host import HostAddresses
from v6audit.probes.icmp_echo import Echo
from v6audit.probes.latency import Sample, excess, lagging, medians, spread
from v6audit.probes.model import Failure, Observation, Reason
from v6audit.probes.net_icmp6 import Pings
from v6audit.probes.port_parity import PortParity
from v6audit.probes.web_crawl import Crawl, Fetch, Problem
from v6audit.probes.web_latency import Latency
from v6audit.probes.web_pmtu import Exchange, LargeEchoes, WebPmtu


def judge(
    check_id: str, observation: Observation, host: HostAddresses | None = None, **params: Any
) -> CheckResult:
    """Judge ``observation``; the host's addresses (a healthy dual-stack host unless given)
    go to the checks that also read them."""
    return judging.judge(check_id, observation, host or addresses(), **params)


def _crawl(links: list[Fetch], resources: list[Fetch] | None = None) -> Crawl:
    return Crawl(
        home=Fetch(url="https://www.example.cn/", depth=1, status=200),
        read_over=6,
        links=links,
        resources=resources or [],
        truncated=[],
        bounds={},
    )


def _ok(url: str, depth: int = 2) -> Fetch:
    return Fetch(url=url, depth=depth, status=200, address="2001:db8::1")


def _bad(url: str, problem: Problem, depth: int = 2) -> Fetch:
    return Fetch(url=url, depth=depth, problem=problem)


def test_links_share_per_depth() -> None:
    links = [_ok(f"https://www.example.cn/{i}") for i in range(9)]
    links.append(_bad("https://v4.example.cn/", Problem.NO_AAAA))
    links += [
        _ok("https://www.example.cn/d3", 3),
        _bad("https://x.example.cn/", Problem.SKIPPED, 3),
    ]
    verdict = judge("web.links6", _crawl(links))
    assert verdict.status is Status.PASS
    assert verdict.details["depth2"] == {"loaded": 9, "fetched": 10, "share": 0.9}
    assert verdict.details["depth3"]["fetched"] == 1  # the skipped link is not counted
    assert [s["url"] for s in verdict.details["skipped"]] == ["https://x.example.cn/"]


@pytest.mark.parametrize(("loaded", "status"), [(2, Status.WARN), (1, Status.FAIL)])
def test_links_thresholds(loaded: int, status: Status) -> None:
    links = [_ok(f"https://www.example.cn/{i}") for i in range(loaded)]
    links += [_bad("https://v4.example.cn/", Problem.ERROR_STATUS)] * (3 - loaded)
    assert judge("web.links6", _crawl(links)).status is status


def test_links_without_internal_links() -> None:
    assert judge("web.links6", _crawl([])).status is Status.NOT_APPLICABLE


def test_links_home_page_unreadable_is_an_error() -> None:
    home = Fetch(
        url="https://x.cn/",
        depth=1,
        problem=Problem.UNREACHABLE,
        failure=Failure(reason=Reason.TIMEOUT),
    )
    crawl = Crawl(home=home, read_over=None, links=[], resources=[], truncated=[], bounds={})
    verdict = judge("web.links6", crawl)
    assert (verdict.status, verdict.reason) == (Status.ERROR, Reason.TIMEOUT)


def test_resources_list_ipv4_only_hosts() -> None:
    resources = [
        _ok("https://www.example.cn/a.js", 1),
        _bad("http://img.cdn4.example.net/x.png", Problem.NO_AAAA, 1),
        _bad("http://169.254.169.254/x.png", Problem.SKIPPED, 1),
    ]
    verdict = judge("web.resources6", _crawl([], resources))
    assert verdict.status is Status.FAIL
    assert verdict.details["ipv4_only_hosts"] == ["img.cdn4.example.net"]
    assert len(verdict.details["skipped"]) == 1


def test_resources_all_loaded() -> None:
    resources = [_ok("https://www.example.cn/a.js", 1)]
    assert judge("web.resources6", _crawl([], resources)).status is Status.PASS


LATENCY = get_check("web.latency6").defaults


def _samples(six: list[float], four: list[float]) -> list[Sample]:
    """Interleaved samples: the same value for every stage but DNS and connect (1 ms)."""
    return [
        Sample(family=f, dns_ms=1, connect_ms=1, first_byte_ms=v, page_ms=v)
        for v6, v4 in zip(six, four, strict=True)
        for f, v in ((6, v6), (4, v4))
    ]


def test_medians_ratios_and_spread() -> None:
    samples = [Sample(family=6, page_ms=v) for v in (10, 30, 20)]
    samples += [Sample(family=4, page_ms=v) for v in (10, 10, 40)]
    assert medians(samples, 6) == {"page_ms": 20}
    assert excess(12, 10) == pytest.approx(0.2)
    assert spread([1, 2, 3, 4, 100]) == 2  # one outlier does not make the spread
    assert spread([5]) == 0


def test_a_difference_needs_every_margin() -> None:
    steady = [100.0, 102, 98, 101, 99, 100, 103]
    penalty = _samples([v + 150 for v in steady], steady)
    assert lagging(penalty, LATENCY) == {"first_byte_ms": 1.5, "page_ms": 1.5}
    small = _samples(
        [v * 1.3 for v in [10.0, 11, 10, 12, 10, 11, 10]], [10.0, 11, 10, 12, 10, 11, 10]
    )
    assert lagging(small, LATENCY) == {}  # 30% but 3 ms: under the absolute slack
    assert lagging(small, {**LATENCY, "slack_ms": 1.0}) != {}


def _latency(six: list[float], four: list[float]) -> Latency:
    addresses = {"6": "2001:db8::1", "4": "192.0.2.1"}
    samples = _samples(six, four)
    return Latency(
        url="http://x.cn/", addresses=addresses, wanted=len(six), spacing=1, samples=samples
    )


def test_latency_verdicts() -> None:
    steady = [100.0, 102, 98, 101, 99, 100, 103]
    assert judge("web.latency6", _latency([v + 10 for v in steady], steady)).status is Status.PASS
    slow = judge("web.latency6", _latency([v + 150 for v in steady], steady))
    assert slow.status is Status.WARN
    assert slow.details["samples"] == {"wanted": 7, "ipv6": 7, "ipv4": 7}
    loose = judge(
        "web.latency6", _latency([v + 150 for v in steady], steady), max_ratio=4.0, max_ms=1000.0
    )
    assert loose.status is Status.PASS


def test_a_large_penalty_on_a_slow_page_warns_whatever_the_ratio() -> None:
    busy = [1000.0, 1020, 980, 1010, 990, 1000, 1030]  # 150 ms is 15 %: under the ratio
    penalty = judge("web.latency6", _latency([v + 150 for v in busy], busy))
    assert penalty.status is Status.WARN
    assert judge("web.latency6", _latency([v + 60 for v in busy], busy)).status is Status.PASS


def test_scheduling_noise_is_inconclusive_never_a_warning() -> None:
    # both families reach one server; a loaded machine spreads samples over 5-45 ms and the
    # IPv6 median happens to land 28 ms (233%) above the IPv4 one
    four = [5.0, 10, 40, 45, 8, 12, 42]
    six = [8.0, 40, 45, 44, 41, 12, 10]
    verdict = judge("web.latency6", _latency(six, four))
    assert verdict.status is Status.INFO
    assert verdict.summary.startswith("inconclusive")
    assert verdict.details["spread"]["page_ms"] > 28


def test_load_that_falls_on_most_ipv6_samples_is_not_a_penalty() -> None:
    six = [12.0, 300, 280, 310, 290, 11, 305]
    four = [10.0, 12, 11, 13, 10, 12, 11]
    verdict = judge("web.latency6", _latency(six, four))
    assert verdict.status is Status.INFO
    assert verdict.details["floors"]["page_ms"] == {"ipv6": 11, "ipv4": 10}


def test_a_penalty_shows_through_heavy_load() -> None:
    four = [10.0, 700, 15, 400, 12, 650, 20]
    six = [160.0, 170, 850, 162, 560, 158, 165]
    assert judge("web.latency6", _latency(six, four)).status is Status.WARN


def test_too_few_samples_cannot_accuse() -> None:
    verdict = judge("web.latency6", _latency([250.0, 251], [100.0, 101]))
    assert verdict.status is Status.INFO


def _exchange(family: int, method: str, received: int, reason: Reason | None = None) -> Exchange:
    return Exchange(family=family, address="a", method=method, received=received, reason=reason)


def test_pmtu_black_hole() -> None:
    pmtu = WebPmtu(
        exchanges=[
            _exchange(6, "HEAD", 0),
            _exchange(6, "GET", 0, Reason.TIMEOUT),
            _exchange(4, "GET", 9000),
        ]
    )
    assert judge("web.pmtu6", pmtu).status is Status.FAIL
    pmtu.exchanges[1] = _exchange(6, "GET", 9000)
    assert judge("web.pmtu6", pmtu).status is Status.PASS


def test_pmtu_small_page_cannot_tell() -> None:
    pmtu = WebPmtu(
        exchanges=[_exchange(6, "HEAD", 0), _exchange(6, "GET", 500), _exchange(4, "GET", 500)]
    )
    assert judge("web.pmtu6", pmtu).status is Status.NOT_APPLICABLE


def test_pmtu_a_page_failing_on_an_ipv6_only_site_is_not_measured_not_inapplicable() -> None:
    # nothing tells how large the page is: the failure is the verdict's reason
    pmtu = WebPmtu(exchanges=[_exchange(6, "HEAD", 0), _exchange(6, "GET", 0, Reason.TIMEOUT)])
    verdict = judge("web.pmtu6", pmtu)
    assert (verdict.status, verdict.reason) == (Status.ERROR, Reason.TIMEOUT)


def _hidden(echoes: LargeEchoes | None, skipped: Reason | None = None) -> WebPmtu:
    """A black hole the page test cannot see: the kernel had learned 1280 before the exchanges,
    so the page came in small packets."""
    return WebPmtu(
        exchanges=[_exchange(6, "HEAD", 0), _exchange(6, "GET", 9000), _exchange(4, "GET", 9000)],
        learned_mtu=1280,
        echoes=echoes,
        echoes_failure=Failure(reason=skipped) if skipped else None,
    )


def test_pmtu_a_learned_mtu_never_passes_on_the_page_alone() -> None:
    lost = LargeEchoes(size=1400, sent=4, large_replies=0, small_reply=True)
    assert judge("web.pmtu6", _hidden(lost)).status is Status.FAIL
    answered = LargeEchoes(size=1400, sent=2, large_replies=1, small_reply=True)
    assert judge("web.pmtu6", _hidden(answered)).status is Status.PASS
    unprivileged = judge("web.pmtu6", _hidden(None, Reason.NEEDS_ROOT))
    assert (unprivileged.status, unprivileged.reason) == (Status.ERROR, Reason.NEEDS_ROOT)
    silent = LargeEchoes(size=1400, sent=4, large_replies=0, small_reply=False)
    assert judge("web.pmtu6", _hidden(silent)).status is Status.ERROR


def _ports(open_ports: dict[str, list[int]]) -> PortParity:
    return PortParity(
        ipv6=["2001:db8::1"], ipv4=["192.0.2.1"], ports=[22, 80], open_ports=open_ports
    )


def test_port_parity() -> None:
    same = _ports({"2001:db8::1": [80], "192.0.2.1": [80]})
    assert judge("sec.port-parity", same).status is Status.PASS
    lagging6 = judge("sec.port-parity", _ports({"2001:db8::1": [22, 80], "192.0.2.1": [80]}))
    assert lagging6.status is Status.FAIL
    assert lagging6.details["method"] == "connect"
    only4 = _ports({"2001:db8::1": [80], "192.0.2.1": [22, 80]})
    assert judge("sec.port-parity", only4).status is Status.WARN


def test_icmp6_is_information() -> None:
    echoes = [Echo(address="2001:db8::1", size=64, answer="reply")]
    verdict = judge("net.icmp6", Pings(echoes=echoes, method="raw-socket"))
    assert (verdict.status, verdict.details["method"]) == (Status.INFO, "raw-socket")
    stored = Pings.model_validate({"echoes": [echoes[0].model_dump()]})
    assert judge("net.icmp6", stored).details["method"] == "scapy"
