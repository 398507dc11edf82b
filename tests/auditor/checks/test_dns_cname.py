from __future__ import annotations

import itertools

from tests.auditor.checks.judging import judge
from v6audit.auditor.model import Status
from v6audit.probes.dns_cname import CnameChain
from v6audit.probes.model import Failure, Reason

HOST = "www.example.cn"


def _chain(*targets: str, aaaa: list[str] | None = None, **broken: object) -> CnameChain:
    names = [HOST, *targets]
    links = list(itertools.pairwise(names))
    return CnameChain(host=HOST, links=links, aaaa=aaaa or [], **broken)  # type: ignore[arg-type]


def test_no_cname_is_not_applicable() -> None:
    verdict = judge("dns.cname6", _chain(aaaa=["2400::1"]))
    assert verdict.status is Status.NOT_APPLICABLE


def test_chain_ending_with_aaaa_passes() -> None:
    verdict = judge("dns.cname6", _chain("a.cdn.cn", "edge.cdn.net", aaaa=["2400::1"]))
    assert verdict.status is Status.PASS
    assert verdict.details["end"] == "edge.cdn.net"


def test_chain_ending_without_aaaa_names_the_end() -> None:
    verdict = judge("dns.cname6", _chain("a.cdn.cn", "edge.cdn.net"))
    assert verdict.status is Status.FAIL
    assert "edge.cdn.net" in verdict.summary


def test_link_that_does_not_resolve_is_named_with_its_reason() -> None:
    chain = _chain("gone.cdn.cn", broken_at="gone.cdn.cn", failure=Failure(reason=Reason.NXDOMAIN))
    verdict = judge("dns.cname6", chain)
    assert verdict.status is Status.FAIL
    assert "gone.cdn.cn" in verdict.summary
    assert "nxdomain" in judge("dns.cname6", chain, lang="zh").summary


def test_loop_is_a_failure_naming_where_it_closes() -> None:
    verdict = judge("dns.cname6", _chain("b.example.cn", HOST, broken_at=HOST))
    assert verdict.status is Status.FAIL
    assert f"loops back to {HOST}" in verdict.summary
