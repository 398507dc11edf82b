from __future__ import annotations

from tests.auditor.checks.judging import outcome
from tests.auditor.checks.observations import (
    HOST,
    addresses,
    failed_chain,
    fetches,
    page_chain,
    ports,
    redirected_chain,
)
from v6audit.probes.model import Failure, Reason
from v6audit.probes.web_fetch import DEADLINE, Chain, ChainEnd


def test_http6_passes_when_ipv6_completes() -> None:
    assert outcome("web.http6", fetches(page_chain(6), page_chain(4)), ports())[0] == "pass"


def test_http6_fails_when_ipv6_breaks_and_ipv4_works() -> None:
    found = fetches(failed_chain(6, Reason.TIMEOUT), page_chain(4))
    status, summary, _ = outcome("web.http6", found, ports())
    assert status == "fail"
    assert "timeout" in summary


def test_http6_fails_on_an_ipv6_error_status_when_ipv4_answers_200() -> None:
    assert outcome("web.http6", fetches(page_chain(6, 503), page_chain(4)), ports())[0] == "fail"


def test_http6_warns_when_both_families_give_the_same_error() -> None:
    found = fetches(page_chain(6, 503), page_chain(4, 503))
    status, summary, _ = outcome("web.http6", found, ports())
    assert status == "warn"
    assert "HTTP 503" in summary


def test_http6_ignores_a_scheme_neither_family_serves() -> None:
    found = fetches(
        failed_chain(6, Reason.REFUSED),
        failed_chain(4, Reason.REFUSED),
        page_chain(6, start=f"http://{HOST}/"),
        page_chain(4, start=f"http://{HOST}/"),
    )
    closed = ports(v6_443=Reason.REFUSED, v4_443=Reason.REFUSED)
    assert outcome("web.http6", found, closed)[0] == "pass"


def test_http6_catches_a_plain_http_failure_when_https_works() -> None:
    found = fetches(
        page_chain(6),
        page_chain(4),
        failed_chain(6, Reason.RESET, start=f"http://{HOST}/"),
        page_chain(4, start=f"http://{HOST}/"),
    )
    assert outcome("web.http6", found, ports())[0] == "fail"


def test_tls6_fails_on_an_invalid_certificate() -> None:
    status, _, details = outcome("web.tls6", fetches(failed_chain(6, Reason.TLS), page_chain(4)))
    assert status == "fail"
    assert details["ipv6"][0]["outcome"] == "tls"


def test_tls6_warns_on_a_different_certificate_and_passes_on_the_same() -> None:
    assert outcome("web.tls6", fetches(page_chain(6, certificate="bb"), page_chain(4)))[0] == "warn"
    assert outcome("web.tls6", fetches(page_chain(6), page_chain(4)))[0] == "pass"


def test_tls6_is_an_error_when_ipv6_never_reaches_tls_and_na_without_https() -> None:
    found = fetches(failed_chain(6, Reason.TIMEOUT), page_chain(4))
    assert outcome("web.tls6", found)[0] == "error/timeout"
    plain = fetches(page_chain(6, start=f"http://{HOST}/"), page_chain(4, start=f"http://{HOST}/"))
    assert outcome("web.tls6", plain)[0] == "not_applicable"


def test_tls6_on_an_ipv6_only_host_is_na_only_where_port_443_refuses() -> None:
    """A handshake that never ended is unknown, not absent; no IPv4 is claimed to serve it."""
    only = {"addresses": addresses(a=[])}
    stalled = fetches(failed_chain(6, Reason.TIMEOUT)).model_copy(update=only)
    status, summary, _ = outcome("web.tls6", stalled)
    assert status == "error/timeout"
    assert "IPv6-only" in summary
    assert "IPv4 serves" not in summary
    closed = fetches(failed_chain(6, Reason.REFUSED)).model_copy(update=only)
    status, summary, _ = outcome("web.tls6", closed)
    assert status == "not_applicable"
    assert "IPv6-only" in summary
    assert "either family" not in summary


def test_redirect6_names_the_ipv4_literal_hop() -> None:
    chain = redirected_chain(6, ChainEnd.OTHER_FAMILY_LITERAL, "http://11.41.0.61/")
    status, summary, details = outcome("web.redirect6", fetches(chain))
    assert status == "fail"
    assert "hop 1 http://11.41.0.61/ is an IPv4 literal" in summary
    assert details["stranded"][0]["hop"] == 1


def test_redirect6_names_a_host_without_aaaa() -> None:
    chain = redirected_chain(6, ChainEnd.NO_ADDRESS, "http://v4only.example.cn/")
    status, summary, _ = outcome("web.redirect6", fetches(chain))
    assert status == "fail"
    assert "v4only.example.cn/ is a host without AAAA" in summary


def test_redirect6_passes_without_redirects_and_errors_without_an_answer() -> None:
    assert outcome("web.redirect6", fetches(page_chain(6)))[0] == "pass"
    assert outcome("web.redirect6", fetches(failed_chain(6, Reason.REFUSED)))[0] == "error/refused"


def test_every_web_check_fails_without_aaaa_except_tls6() -> None:
    found = fetches(page_chain(4), aaaa=[])
    assert outcome("web.http6", found, ports())[0] == "fail"
    assert outcome("web.redirect6", found)[0] == "fail"
    assert outcome("web.same-content", found, ports())[0] == "fail"
    assert outcome("web.tls6", found)[0] == "not_applicable"


def _cut_short(family: int) -> Chain:
    """A chain whose second hop was still under way when the per-target deadline passed."""
    chain = redirected_chain(family, ChainEnd.CUT_SHORT, f"http://{HOST}/next")
    last = chain.hops[-1].model_copy(
        update={"failure": Failure(reason=Reason.TIMEOUT, message=DEADLINE)}
    )
    return chain.model_copy(update={"hops": [chain.hops[0], last]})


def test_the_auditors_own_deadline_is_never_evidence_against_the_site() -> None:
    # IPv4 completed, the IPv6 chain ran out of the auditor's time: not measured, not "fails"
    found = fetches(_cut_short(6), page_chain(4, start=f"http://{HOST}/"))
    for check_id in ("web.http6", "web.redirect6"):
        status, summary, _ = outcome(check_id, found, ports())
        assert status == "error/timeout", (check_id, summary)
        assert summary.startswith("not measured"), summary


def test_a_redirect_that_leaves_ipv6_fails_even_beside_a_chain_cut_short() -> None:
    literal = redirected_chain(6, ChainEnd.OTHER_FAMILY_LITERAL, "http://11.0.0.1/")
    found = fetches(literal, _cut_short(6))
    assert outcome("web.redirect6", found)[0] == "fail"
