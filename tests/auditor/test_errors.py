from __future__ import annotations

import errno
import ssl
import zlib

import anyio
import dns.exception
import dns.message
import dns.query
import dns.resolver
import httpcore
import httpx
import pytest

from auditor.errors import ProbeError, classify, describe, target_reason
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
        (EOFError("EOF"), Reason.RESET),
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


def _raised_inside(outer: Exception, inner: BaseException) -> Exception:
    """``outer`` as raised while handling ``inner`` (how httpcore and anyio wrap errors)."""
    try:
        try:
            raise inner
        except BaseException:
            raise outer  # noqa: B904 - the implicit context is what is being tested
    except Exception as exc:
        return exc


def test_wrapped_transport_errors_keep_their_real_reason() -> None:
    refused = ConnectionRefusedError(errno.ECONNREFUSED, "refused")
    anyio_error = OSError("All connection attempts failed")
    anyio_error.__cause__ = refused
    inner = _raised_inside(httpcore.ConnectError("failed"), anyio_error)
    outer = httpx.ConnectError("failed")
    outer.__cause__ = inner
    assert classify(outer) is Reason.REFUSED


def test_reset_tls_and_protocol_are_told_apart() -> None:
    reset = ConnectionResetError(errno.ECONNRESET, "reset by peer")
    assert classify(_raised_inside(anyio.BrokenResourceError(), reset)) is Reason.RESET
    assert classify(httpx.RemoteProtocolError("Server disconnected")) is Reason.RESET
    assert classify(httpx.RemoteProtocolError("illegal header line")) is Reason.PROTOCOL
    verify = ssl.SSLCertVerificationError(1, "certificate verify failed")
    assert classify(_raised_inside(httpcore.ConnectError("x"), verify)) is Reason.TLS
    assert classify(zlib.error("invalid stored block lengths")) is Reason.PROTOCOL


def test_groups_are_classified_by_their_first_error() -> None:
    group = ExceptionGroup("tasks", [ProbeError(Reason.NO_LOCAL_IPV6, "no route")])
    assert classify(ExceptionGroup("outer", [group])) is Reason.NO_LOCAL_IPV6
    assert describe(group) == "no route"


def test_target_reason_records_target_facts_and_reraises_auditor_problems() -> None:
    assert target_reason(TimeoutError()) is Reason.TIMEOUT
    with pytest.raises(ProbeError):
        target_reason(ProbeError(Reason.NO_LOCAL_IPV6, "no route"))
    with pytest.raises(ZeroDivisionError):
        target_reason(ZeroDivisionError())


@pytest.mark.parametrize(
    "exc",
    [
        httpx.LocalProtocolError("Illegal header value b'x\\r\\ny'"),
        httpcore.LocalProtocolError("Illegal header value"),
        httpx.DecodingError("Error -3 while decompressing data"),
        httpx.TooManyRedirects("Exceeded maximum allowed redirects."),
        httpx.InvalidURL("Invalid non-printable ASCII character in URL"),
        httpx.UnsupportedProtocol("Request URL has an unsupported protocol 'ftp://'."),
    ],
)
def test_what_a_peer_made_us_send_or_read_is_protocol_not_internal(exc: Exception) -> None:
    """A hostile Location, body or URL is a fact about the target, never a bug (internal)."""
    assert classify(exc) is Reason.PROTOCOL
    assert target_reason(exc) is Reason.PROTOCOL
