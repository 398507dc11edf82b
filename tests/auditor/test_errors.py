from __future__ import annotations

import errno

import dns.exception
import dns.message
import dns.query
import dns.resolver
import httpx
import pytest

from auditor.errors import ProbeError, classify
from auditor.model import Reason


@pytest.mark.parametrize(
    ("exc", "reason"),
    [
        (dns.resolver.NXDOMAIN(), Reason.NXDOMAIN),
        (dns.resolver.NoAnswer(), Reason.NO_DATA),
        (dns.exception.Timeout(), Reason.TIMEOUT),
        (dns.resolver.LifetimeTimeout(timeout=1.0, errors=[]), Reason.TIMEOUT),
        (TimeoutError(), Reason.TIMEOUT),
        (ConnectionRefusedError(errno.ECONNREFUSED, "refused"), Reason.REFUSED),
        (OSError(errno.ENETUNREACH, "unreachable"), Reason.UNREACHABLE),
        (PermissionError(errno.EPERM, "raw socket"), Reason.NEEDS_ROOT),
        (httpx.ConnectTimeout("t"), Reason.TIMEOUT),
        (ProbeError(Reason.NO_LOCAL_IPV6, "no route"), Reason.NO_LOCAL_IPV6),
        (dns.message.ShortHeader(), Reason.SERVFAIL),
        (dns.exception.FormError(), Reason.SERVFAIL),
        (dns.message.ChainTooLong(), Reason.SERVFAIL),
        (dns.query.UnexpectedSource(), Reason.SERVFAIL),
        (EOFError("EOF"), Reason.REFUSED),
        (ZeroDivisionError(), Reason.INTERNAL),
    ],
)
def test_classify(exc: BaseException, reason: Reason) -> None:
    assert classify(exc) is reason


def test_httpx_error_is_classified_by_its_cause() -> None:
    error = httpx.ConnectError("failed")
    error.__cause__ = ConnectionRefusedError(errno.ECONNREFUSED, "refused")
    assert classify(error) is Reason.REFUSED


def test_no_nameservers_all_timeouts_is_timeout() -> None:
    request = dns.message.make_query("example.cn.", "AAAA")
    timeout = ("192.0.2.53", False, 53, dns.exception.Timeout(), None)
    exc = dns.resolver.NoNameservers(request=request, errors=[timeout])
    assert classify(exc) is Reason.TIMEOUT
    assert classify(dns.resolver.NoNameservers(request=request, errors=[])) is Reason.SERVFAIL
