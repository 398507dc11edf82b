"""The one place where exceptions become the catalog's error reasons.

Probes let exceptions from dnspython, httpx and the socket layer propagate; the engine passes
them to :func:`classify`. A probe that knows the reason itself (e.g. the vantage has no IPv6
route) raises :class:`ProbeError` with it. Anything unrecognised is ``internal``: a bug in the
auditor, never a verdict about the target.
"""

from __future__ import annotations

import errno
import ssl

import dns.exception
import dns.message
import dns.query
import dns.resolver
import httpx

from auditor.model import Reason


class ProbeError(Exception):
    """Raised by probes that can name the reason for not measuring."""

    def __init__(self, reason: Reason, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class ProtocolError(Exception):
    """The remote end answered, but not in the protocol spoken (a garbled STUN or HTTP reply)."""


class InputError(ValueError):
    """Bad user input (a target, a profile, an option); the message says what and where."""


_ERRNO_REASONS = {
    errno.ECONNREFUSED: Reason.REFUSED,
    errno.ECONNRESET: Reason.REFUSED,
    errno.ETIMEDOUT: Reason.TIMEOUT,
    errno.EHOSTUNREACH: Reason.UNREACHABLE,
    errno.ENETUNREACH: Reason.UNREACHABLE,
    errno.EADDRNOTAVAIL: Reason.UNREACHABLE,
    errno.EPERM: Reason.NEEDS_ROOT,
    errno.EACCES: Reason.NEEDS_ROOT,
}


_UNUSABLE_ANSWERS = (
    dns.exception.FormError,  # malformed reply, or one that does not answer the query sent
    dns.query.UnexpectedSource,
    dns.message.ChainTooLong,  # a CNAME loop, or a chain no resolver would follow
    dns.message.AnswerForNXDOMAIN,
    dns.message.NotQueryResponse,
)
"""A server replied, but with nothing usable: for the catalog that is a server failure."""


def classify(exc: BaseException) -> Reason:
    """Map an exception raised while probing to a catalog reason."""
    if isinstance(exc, ProbeError):
        return exc.reason
    if isinstance(exc, InputError):
        return Reason.BAD_INPUT
    if isinstance(exc, ProtocolError):
        return Reason.REFUSED
    if isinstance(exc, dns.resolver.NXDOMAIN):
        return Reason.NXDOMAIN
    if isinstance(exc, dns.resolver.NoAnswer):
        return Reason.NO_DATA
    if isinstance(exc, dns.resolver.NoNameservers):
        return _classify_no_nameservers(exc)
    if isinstance(exc, dns.exception.Timeout | TimeoutError | httpx.TimeoutException):
        return Reason.TIMEOUT
    if isinstance(exc, _UNUSABLE_ANSWERS):
        return Reason.SERVFAIL
    if isinstance(exc, EOFError):
        return Reason.REFUSED  # the server closed a DNS-over-TCP connection without answering
    if isinstance(exc, httpx.TransportError) and exc.__cause__ is not None:
        return classify(exc.__cause__)
    if isinstance(exc, httpx.ConnectError):
        return Reason.UNREACHABLE
    if isinstance(exc, ssl.SSLError):
        return Reason.REFUSED
    if isinstance(exc, OSError) and exc.errno in _ERRNO_REASONS:
        return _ERRNO_REASONS[exc.errno]
    if isinstance(exc, ConnectionRefusedError):
        return Reason.REFUSED
    if isinstance(exc, PermissionError):
        return Reason.NEEDS_ROOT
    return Reason.INTERNAL


def evidence_reason(exc: Exception) -> Reason:
    """Classify a failure that a probe records as one piece of evidence, not as its own failure.

    A bug in the auditor (``internal``) is not evidence about the network: it is re-raised so the
    engine reports the probe as crashed instead of a verdict resting on it.
    """
    reason = classify(exc)
    if reason is Reason.INTERNAL:
        raise exc
    return reason


def _classify_no_nameservers(exc: dns.resolver.NoNameservers) -> Reason:
    """The resolver gave up on every server: say whether they answered badly or not at all."""
    errors = exc.kwargs.get("errors") or []
    if errors and all(_is_timeout_error(e) for e in errors):
        return Reason.TIMEOUT
    if errors and all(_is_refused(e) for e in errors):
        return Reason.REFUSED
    return Reason.SERVFAIL


def _is_timeout_error(entry: tuple[object, ...]) -> bool:
    return any(isinstance(part, dns.exception.Timeout | TimeoutError) for part in entry)


def _is_refused(entry: tuple[object, ...]) -> bool:
    return any(isinstance(part, ConnectionRefusedError) or part == "REFUSED" for part in entry)


def describe(exc: BaseException) -> str:
    """A one-line message for an exception, never empty."""
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
