"""sec.hsts6: parsing the header as a browser keeps it, and judging IPv6 against IPv4."""

from __future__ import annotations

import pytest

from tests.auditor.checks.judging import outcome
from tests.auditor.checks.observations import HOST, V4, V6, addresses, fetches, page_chain
from v6audit.auditor.checks.hsts import Policy, parse_hsts
from v6audit.probes.web_fetch import Chain

YEAR = "max-age=31536000; includeSubDomains"


def with_hsts(chain: Chain, header: str | None) -> Chain:
    assert chain.page is not None
    return chain.model_copy(update={"page": chain.page.model_copy(update={"hsts": header})})


@pytest.mark.parametrize(
    ("header", "policy"),
    [
        (None, Policy()),
        ("max-age=300", Policy(300)),
        ('max-age="300"; includeSubDomains; preload', Policy(300, subdomains=True)),
        ("MAX-AGE=300 ; INCLUDESUBDOMAINS", Policy(300, subdomains=True)),
        ("includeSubDomains", Policy()),  # no max-age: ignored whole
        ("max-age=300; max-age=600", Policy()),  # a directive twice: ignored whole
        ("max-age=-1", Policy()),
        ("max-age=0", Policy()),  # tells the browser to forget the host
    ],
)
def test_the_policy_a_browser_keeps(header: str | None, policy: Policy) -> None:
    assert parse_hsts(header) == policy


def test_the_same_policy_on_both_families_passes() -> None:
    found = fetches(with_hsts(page_chain(6), YEAR), with_hsts(page_chain(4), YEAR))
    status, summary, details = outcome("sec.hsts6", found)
    assert status == "pass"
    assert "as strong as over IPv4" in summary
    assert details == {"ipv6": {V6: YEAR}, "ipv4": {V4: YEAR}}


@pytest.mark.parametrize("header", [None, "max-age=300; includeSubDomains", "max-age=31536000"])
def test_a_missing_shorter_or_narrower_policy_over_ipv6_fails(header: str | None) -> None:
    found = fetches(with_hsts(page_chain(6), header), with_hsts(page_chain(4), YEAR))
    status, summary, _ = outcome("sec.hsts6", found)
    assert status == "fail"
    assert "weaker HSTS over IPv6" in summary


def test_no_policy_on_either_family_is_parity() -> None:
    status, summary, _ = outcome("sec.hsts6", fetches(page_chain(6), page_chain(4)))
    assert (status, summary) == (
        "pass",
        "no HSTS policy on either family: nothing weaker over IPv6",
    )


def test_a_stronger_policy_over_ipv6_passes() -> None:
    found = fetches(with_hsts(page_chain(6), YEAR), with_hsts(page_chain(4), "max-age=60"))
    assert outcome("sec.hsts6", found)[0] == "pass"


def test_plain_http_pages_do_not_count() -> None:
    http = f"http://{HOST}/"
    found = fetches(
        with_hsts(page_chain(6, start=http), None), with_hsts(page_chain(4, start=http), YEAR)
    )
    assert outcome("sec.hsts6", found)[0] == "not_applicable"


def test_an_ipv6_only_host_has_nothing_to_compare() -> None:
    found = fetches(with_hsts(page_chain(6), YEAR)).model_copy(
        update={"addresses": addresses(a=[])}
    )
    status, summary, _ = outcome("sec.hsts6", found)
    assert status == "not_applicable"
    assert "IPv6-only" in summary
