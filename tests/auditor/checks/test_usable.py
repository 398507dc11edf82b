"""Bogus AAAA and IPv6-only hosts, for every check that needs IPv6 or compares with IPv4."""

from __future__ import annotations

from typing import Any

import pytest

from tests.auditor.checks.judging import outcome
from tests.auditor.checks.observations import HOST, V4, V6, page_chain
from v6audit.probes.dns_host import AddressLookup, HostAddresses, UnusableAddress
from v6audit.probes.latency import Sample
from v6audit.probes.model import Failure, Reason
from v6audit.probes.net_icmp6 import Pings
from v6audit.probes.port_parity import PortParity
from v6audit.probes.web_crawl import Crawl, Fetch, Problem
from v6audit.probes.web_fetch import WebFetches
from v6audit.probes.web_latency import Latency
from v6audit.probes.web_pmtu import WebPmtu
from v6audit.probes.web_ports import PortOutcome, WebPorts

MAPPED = "::ffff:11.41.0.10"
MAPPED_WHY = "IPv4-mapped address (::ffff:0:0/96, RFC 4291)"


def _host(aaaa: list[str], a: list[str], unusable: dict[str, str] | None = None) -> HostAddresses:
    return HostAddresses(
        host=HOST,
        aaaa=AddressLookup(cname_chain=[], canonical=HOST, addresses=aaaa),
        a=AddressLookup(cname_chain=[], canonical=HOST, addresses=a),
        unusable=[UnusableAddress(address=k, why=v) for k, v in (unusable or {}).items()],
    )


BOGUS = _host([MAPPED], [V4], {MAPPED: MAPPED_WHY})
"""A host whose only AAAA is IPv4-mapped: the probes measured IPv4 alone."""
IPV6_ONLY = _host([V6], [])


def _ipv4_ports(host: HostAddresses) -> WebPorts:
    outcomes = [PortOutcome(address=V4, family=4, port=p, milliseconds=1.0) for p in (80, 443)]
    return WebPorts(addresses=host, ports=outcomes)


def _ipv4_fetches(host: HostAddresses) -> WebFetches:
    chain = page_chain(4)
    return WebFetches(addresses=host, start_urls=[chain.start_url], chains=[chain])


def _crawl() -> Crawl:
    home = Fetch(
        url=f"https://{HOST}/",
        depth=1,
        problem=Problem.NO_AAAA,
        failure=Failure(reason=Reason.POLICY),
    )
    return Crawl(home=home, read_over=4, links=[], resources=[], truncated=[], bounds={})


def _latency(families: tuple[int, ...]) -> Latency:
    samples = [Sample(family=f, page_ms=10.0, connect_ms=1.0) for f in families for _ in range(3)]
    chosen = {str(f): V6 if f == 6 else V4 for f in families}
    return Latency(url=f"https://{HOST}/", addresses=chosen, wanted=3, spacing=0, samples=samples)


NEEDS_IPV6: dict[str, list[Any]] = {
    "web.reach6": [_ipv4_ports(BOGUS)],
    "web.http6": [_ipv4_fetches(BOGUS), _ipv4_ports(BOGUS)],
    "web.tls6": [_ipv4_fetches(BOGUS)],
    "web.redirect6": [_ipv4_fetches(BOGUS)],
    "web.same-content": [_ipv4_fetches(BOGUS), _ipv4_ports(BOGUS)],
    "web.links6": [_crawl(), BOGUS],
    "web.resources6": [_crawl(), BOGUS],
    "web.latency6": [_latency((4,)), BOGUS],
    "web.pmtu6": [WebPmtu(exchanges=[]), BOGUS],
    "sec.port-parity": [
        PortParity(ipv6=[], ipv4=[V4], ports=[80], open_ports={V4: [80]}),
        BOGUS,
    ],
    "net.icmp6": [Pings(echoes=[]), BOGUS],
}


@pytest.mark.parametrize("check_id", sorted(NEEDS_IPV6))
def test_only_bogus_aaaa_fails_naming_address_and_block(check_id: str) -> None:
    status, summary, details = outcome(check_id, *NEEDS_IPV6[check_id])
    assert status == "fail"
    assert summary.startswith("no usable IPv6 address")
    assert f"{MAPPED} is {MAPPED_WHY}" in summary
    assert details["unusable"] == [{"address": MAPPED, "why": MAPPED_WHY}]


def _ipv6_ports() -> WebPorts:
    outcomes = [PortOutcome(address=V6, family=6, port=p, milliseconds=1.0) for p in (80, 443)]
    return WebPorts(addresses=IPV6_ONLY, ports=outcomes)


def _ipv6_fetches() -> WebFetches:
    chain = page_chain(6)
    return WebFetches(addresses=IPV6_ONLY, start_urls=[chain.start_url], chains=[chain])


def test_ipv6_only_host_passes_what_it_serves() -> None:
    assert outcome("web.reach6", _ipv6_ports())[0] == "pass"
    assert outcome("web.http6", _ipv6_fetches(), _ipv6_ports())[0] == "pass"
    status, summary, _ = outcome("web.tls6", _ipv6_fetches())
    assert status == "pass"
    assert "IPv6-only" in summary
    assert "the same as over IPv4" not in summary


@pytest.mark.parametrize(
    ("check_id", "observations"),
    [
        ("web.same-content", [_ipv6_fetches(), _ipv6_ports()]),
        ("web.latency6", [_latency((6,)), IPV6_ONLY]),
        (
            "sec.port-parity",
            [PortParity(ipv6=[V6], ipv4=[], ports=[80], open_ports={V6: [80]}), IPV6_ONLY],
        ),
    ],
)
def test_comparisons_with_ipv4_do_not_apply_to_an_ipv6_only_host(
    check_id: str, observations: list[Any]
) -> None:
    status, summary, _ = outcome(check_id, *observations)
    assert status == "not_applicable"
    assert "IPv6-only" in summary


def test_ipv6_failure_on_an_ipv6_only_host_never_claims_ipv4_works() -> None:
    failing = page_chain(6, status=503)
    fetched = WebFetches(addresses=IPV6_ONLY, start_urls=[failing.start_url], chains=[failing])
    status, summary, _ = outcome("web.http6", fetched, _ipv6_ports())
    assert status == "fail"
    assert "IPv4 works" not in summary
    assert "IPv6-only" in summary


def test_a_loopback_a_record_makes_a_host_ipv6_only_for_comparisons() -> None:
    host = _host([V6], ["127.0.0.1"], {"127.0.0.1": "loopback (127.0.0.0/8, RFC 1122)"})
    status, summary, _ = outcome("web.latency6", _latency((6,)), host)
    assert status == "not_applicable"
    assert "127.0.0.1 is loopback" in summary


def test_aaaa_records_none_of_them_usable_are_no_aaaa() -> None:
    status, summary, _ = outcome("dns.aaaa", BOGUS)
    assert status == "fail"
    assert f"{MAPPED} is {MAPPED_WHY}" in summary
    assert outcome("dns.aaaa", IPV6_ONLY)[0] == "pass"
