"""Observations stored before the Failure envelope still decode, and re-score the same.

Runs stored each partial failure under its own field names (``a_error``, ``lookup_error``,
``echo_skipped``, a hop's ``reason`` and ``message``, ...) and a crawl marked an error status as
its problem; these documents are what those runs hold, read back through the history's codec.
"""

from __future__ import annotations

from typing import Any

from v6audit.auditor.codec import observation_types, outcome_from_json
from v6audit.auditor.evaluation import Evaluator
from v6audit.auditor.profile import load_profile
from v6audit.auditor.registry import get_check
from v6audit.probes.dns_host import AddressLookup, HostAddresses
from v6audit.probes.mail_smtp import Greeting, MxHost, MxSmtp
from v6audit.probes.model import Failure, Observation, ProbeFailure, Reason
from v6audit.probes.net.settings import Scope
from v6audit.probes.web_crawl import Crawl, Fetch, Problem
from v6audit.probes.web_fetch import Chain, ChainEnd, Hop, WebFetches
from v6audit.probes.web_pmtu import Exchange, WebPmtu

V6 = "3ffe:501::80"
HOST_DOCUMENT: dict[str, Any] = {
    "host": "x.cn",
    "aaaa": {"cname_chain": [], "canonical": "x.cn", "addresses": [V6]},
    "a": None,
    "a_error": "timeout",
    "unusable": [],
}
HOST = HostAddresses(
    host="x.cn",
    aaaa=AddressLookup(cname_chain=[], canonical="x.cn", addresses=[V6]),
    a=None,
    a_failure=Failure(reason=Reason.TIMEOUT),
)


def _decoded(probe: str, document: dict[str, Any]) -> Observation:
    outcome = outcome_from_json(probe, False, document, observation_types())
    assert isinstance(outcome, Observation), outcome
    return outcome


def _judged(check_id: str, outcomes: dict[str, Observation]) -> Any:
    evaluator = Evaluator(load_profile("default"), Scope.INTERNET)
    wanted: dict[str, Observation | ProbeFailure] = dict(outcomes)
    return evaluator.evaluate(get_check(check_id), wanted)


def _fetch(url: str, **fields: Any) -> dict[str, Any]:
    old = {"depth": 2, "address": V6, "status": None, "problem": None, "reason": None}
    return {"url": url, **old, "message": None, **fields}


def test_a_stored_host_with_a_failed_a_lookup() -> None:
    assert _decoded("dns.host", HOST_DOCUMENT) == HOST


def test_a_stored_crawl_decodes_and_rescores_the_same() -> None:
    old = {
        "home": _fetch("https://x.cn/", depth=1, status=200),
        "read_over": 6,
        "links": [
            _fetch("https://x.cn/a", status=404, problem="error_status"),
            _fetch("https://x.cn/b", status=200),
            _fetch("https://x.cn/c", problem="unreachable", reason="timeout", message="t/o"),
            _fetch("https://10.0.0.1/", address=None, problem="skipped", message="a literal"),
        ],
        "resources": [],
        "truncated": [],
        "bounds": {"links_per_page": 20},
    }
    new = Crawl(
        home=Fetch(url="https://x.cn/", depth=1, address=V6, status=200),
        read_over=6,
        links=[
            Fetch(url="https://x.cn/a", depth=2, address=V6, status=404),
            Fetch(url="https://x.cn/b", depth=2, address=V6, status=200),
            Fetch(
                url="https://x.cn/c",
                depth=2,
                address=V6,
                problem=Problem.UNREACHABLE,
                failure=Failure(reason=Reason.TIMEOUT, message="t/o"),
            ),
            Fetch(url="https://10.0.0.1/", depth=2, problem=Problem.SKIPPED, note="a literal"),
        ],
        resources=[],
        truncated=[],
        bounds={"links_per_page": 20},
    )
    stored = _decoded("web.crawl", old)
    assert isinstance(stored, Crawl)
    assert stored.links[1:] == new.links[1:]
    rescored = _judged("web.links6", {"web.crawl": stored, "dns.host": HOST})
    assert rescored == _judged("web.links6", {"web.crawl": new, "dns.host": HOST})
    assert rescored.details["depth2"] == {"loaded": 1, "fetched": 3, "share": 0.333}
    assert rescored.details["failing"][0]["why"] == "status 404"


def test_a_stored_mail_survey_decodes_and_rescores_the_same() -> None:
    old = {
        "domain": "x.cn",
        "null_mx": False,
        "hosts": [
            {
                "preference": 10,
                "host": "mx.x.cn",
                "aaaa": ["3ffe::25"],
                "lookup_error": None,
                "greetings": [
                    {"address": "3ffe::25", "banner": None, "reason": "refused",
                     "message": "refused", "milliseconds": None},
                ],
            },
            {"preference": 20, "host": "gone.x.cn", "aaaa": [], "lookup_error": "nxdomain",
             "greetings": []},
        ],
    }  # fmt: skip
    refused = Failure(reason=Reason.REFUSED, message="refused")
    new = MxSmtp(
        domain="x.cn",
        null_mx=False,
        hosts=[
            MxHost(
                preference=10,
                host="mx.x.cn",
                aaaa=["3ffe::25"],
                greetings=[Greeting(address="3ffe::25", failure=refused)],
            ),
            MxHost(
                preference=20,
                host="gone.x.cn",
                aaaa=[],
                aaaa_failure=Failure(reason=Reason.NXDOMAIN),
                greetings=[],
            ),
        ],
    )
    assert _decoded("mail.smtp6", old) == new
    assert _judged("mail.mx.reach6", {"mail.smtp6": new}).status == "fail"


def test_a_stored_pmtu_look_decodes_and_rescores_the_same() -> None:
    def exchange(family: int, method: str, received: int, **fields: Any) -> dict[str, Any]:
        return {"family": family, "address": V6, "method": method, "url": "http://x.cn/",
                "received": received, "seconds": 0.1, "reason": None, "message": None,
                **fields}  # fmt: skip

    old = {
        "exchanges": [
            exchange(6, "HEAD", 0),
            exchange(6, "GET", 0, reason="timeout", message="timed out"),
            exchange(4, "GET", 9000),
        ],
        "learned_mtu": None,
        "echoes": None,
        "echo": None,
        "echo_skipped": "needs_root",
    }
    stored = _decoded("web.pmtu", old)
    assert isinstance(stored, WebPmtu)
    assert stored.echoes_failure == Failure(reason=Reason.NEEDS_ROOT)
    assert stored.exchanges[1] == Exchange(
        family=6,
        address=V6,
        method="GET",
        url="http://x.cn/",
        seconds=0.1,
        failure=Failure(reason=Reason.TIMEOUT, message="timed out"),
    )
    rescored = _judged("web.pmtu6", {"web.pmtu": stored, "dns.host": HOST})
    assert rescored.status == "fail"
    assert rescored.details["echo_skipped"] == Reason.NEEDS_ROOT


def test_a_stored_hop_message_without_a_reason_is_a_note() -> None:
    literal = "http://11.0.0.1/"
    old = {
        "addresses": HOST_DOCUMENT,
        "start_urls": ["http://x.cn/"],
        "chains": [
            {
                "family": 6,
                "start_url": "http://x.cn/",
                "address": V6,
                "hops": [
                    {"url": "http://x.cn/", "address": V6, "status": 301, "location": literal,
                     "reason": None, "message": None, "certificate_sha256": None,
                     "milliseconds": 1.0},
                    {"url": literal, "address": None, "status": None, "location": None,
                     "reason": None, "message": "an IPv4 literal", "certificate_sha256": None,
                     "milliseconds": None},
                ],
                "end": "other_family_literal",
                "page": None,
                "retried": False,
            }
        ],
    }  # fmt: skip
    hops = [
        Hop(url="http://x.cn/", address=V6, status=301, location=literal, milliseconds=1.0),
        Hop(url=literal, note="an IPv4 literal"),
    ]
    chain = Chain(
        family=6,
        start_url="http://x.cn/",
        address=V6,
        hops=hops,
        end=ChainEnd.OTHER_FAMILY_LITERAL,
    )
    new = WebFetches(addresses=HOST, start_urls=["http://x.cn/"], chains=[chain])
    assert _decoded("web.fetch", old) == new
    assert _judged("web.redirect6", {"web.fetch": new}).status == "fail"
