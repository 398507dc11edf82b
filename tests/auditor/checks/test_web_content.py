from __future__ import annotations

from tests.auditor.checks.judging import outcome
from tests.auditor.checks.observations import (
    PAGE,
    failed_chain,
    fetches,
    page_chain,
    ports,
    redirected_chain,
)
from v6audit.probes.model import Reason
from v6audit.probes.web_fetch import ChainEnd

WORDS = " ".join(f"word{i}" for i in range(100))


def test_same_page_passes_with_the_evidence_a_person_needs() -> None:
    status, _, details = outcome("web.same-content", fetches(page_chain(6), page_chain(4)), ports())
    assert status == "pass"
    comparison = details["comparisons"][0]
    assert comparison["similarity"] == 1.0
    assert comparison["ipv6"]["status"] == comparison["ipv4"]["status"] == 200
    assert comparison["ipv6"]["bytes"] == comparison["ipv4"]["bytes"]


def test_a_different_page_warns_and_shows_the_first_difference() -> None:
    six = page_chain(6, text=PAGE.format("Down for maintenance, come back later"))
    status, summary, details = outcome("web.same-content", fetches(six, page_chain(4)), ports())
    assert status == "warn"
    assert "similar to IPv4 (threshold 90%)" in summary
    difference = details["comparisons"][0]["first_difference"]
    assert "maintenance" in difference["ipv6"]
    assert "hello" in difference["ipv4"]


def test_the_threshold_comes_from_the_profile() -> None:
    six = page_chain(6, text=PAGE.format(WORDS[:-10] + " changed"))
    four = page_chain(4, text=PAGE.format(WORDS))
    assert outcome("web.same-content", fetches(six, four), ports())[0] == "pass"
    assert outcome("web.same-content", fetches(six, four), ports(), threshold=0.999)[0] == "warn"


def test_a_different_status_class_fails() -> None:
    found = fetches(page_chain(6, 503), page_chain(4))
    status, summary, _ = outcome("web.same-content", found, ports())
    assert status == "fail"
    assert "IPv6 answers 503, IPv4 answers 200" in summary


def test_an_ipv6_redirect_to_an_ipv4_only_host_fails() -> None:
    six = redirected_chain(6, ChainEnd.NO_ADDRESS, "http://v4only.example.cn/")
    four = page_chain(4, start=six.start_url)
    status, _, _ = outcome("web.same-content", fetches(six, four), ports())
    assert status == "fail"


def test_nothing_over_ipv6_fails_and_nothing_over_ipv4_is_an_error() -> None:
    broken6 = fetches(failed_chain(6, Reason.TIMEOUT), page_chain(4))
    assert outcome("web.same-content", broken6, ports())[0] == "fail"
    broken4 = fetches(page_chain(6), failed_chain(4, Reason.RESET))
    assert outcome("web.same-content", broken4, ports())[0] == "error/reset"


def test_the_retry_is_shown_in_the_evidence() -> None:
    found = fetches(page_chain(6, retried=True), page_chain(4))
    _, _, details = outcome("web.same-content", found, ports())
    assert details["comparisons"][0]["ipv6"]["retried"] is True
