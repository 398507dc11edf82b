"""The one place where exceptions become the catalog's error reasons.

Probes let exceptions from dnspython, httpx and the socket layer propagate; the engine passes
them to :func:`classify`. A probe that knows the reason itself (e.g. the vantage has no IPv6
route) raises :class:`ProbeError` with it. Anything unrecognised is ``internal``: a bug in the
auditor, never a verdict about the target.
"""

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

from auditor.model import Reason


class ProbeError(Exception):
    """Raised by probes that can name the reason for not measuring."""

    def __init__(self, reason: Reason, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class ExchangeError(ProbeError):
    """An exchange with a remote end failed, typed by the client that made it.

    Each client of the network door (DNS, HTTP, TCP, UDP, packets) translates its library's
    exceptions into this where they happen, the way httpx maps httpcore's, so the reason is known
    at the source instead of guessed later from an exception chain.
    """


class ProtocolError(Exception):
    """The remote end answered, but not in the protocol spoken (a garbled STUN or HTTP reply)."""


class InputError(ValueError):
    """Bad user input (a target, a profile, an option); the message says what and where."""


_ERRNO_REASONS = {
    errno.ECONNREFUSED: Reason.REFUSED,
    errno.ECONNRESET: Reason.RESET,
    errno.EPIPE: Reason.RESET,
    errno.ETIMEDOUT: Reason.TIMEOUT,
    errno.EHOSTUNREACH: Reason.UNREACHABLE,
    errno.ENETUNREACH: Reason.UNREACHABLE,
    errno.EADDRNOTAVAIL: Reason.UNREACHABLE,
    errno.EPERM: Reason.NEEDS_ROOT,
    errno.EACCES: Reason.NEEDS_ROOT,
}


def classify(exc: BaseException) -> Reason:
    """Map an exception raised while probing to a catalog reason."""
    if isinstance(exc, ProbeError):
        return exc.reason
    if isinstance(exc, InputError):
        return Reason.BAD_INPUT
    if isinstance(exc, dns.resolver.NXDOMAIN):
        return Reason.NXDOMAIN
    if isinstance(exc, dns.resolver.NoAnswer):
        return Reason.NO_DATA
    if isinstance(exc, dns.resolver.NoNameservers):
        return _classify_no_nameservers(exc)
    if isinstance(exc, _TIMEOUTS):
        return Reason.TIMEOUT
    if isinstance(exc, _UNUSABLE_ANSWERS):
        return Reason.SERVFAIL
    if isinstance(exc, ProtocolError):
        return Reason.PROTOCOL
    inner = _wrapped(exc)
    if inner is not None:
        reason = classify(inner)
        if reason is not Reason.INTERNAL:
            return reason
    if isinstance(exc, BaseExceptionGroup):
        return classify(exc.exceptions[0])
    if isinstance(exc, httpx.ConnectError | httpcore.ConnectError):
        return Reason.UNREACHABLE
    if isinstance(exc, ssl.SSLError):
        return Reason.TLS
    if isinstance(exc, OSError) and exc.errno in _ERRNO_REASONS:
        return _ERRNO_REASONS[exc.errno]
    if isinstance(exc, ConnectionRefusedError):
        return Reason.REFUSED
    if isinstance(exc, ConnectionResetError | BrokenPipeError | EOFError):
        return Reason.RESET
    if isinstance(exc, PermissionError):
        return Reason.NEEDS_ROOT
    if isinstance(exc, httpx.RemoteProtocolError | httpcore.RemoteProtocolError):
        return _classify_protocol_error(exc)
    if isinstance(exc, _PROTOCOL_ERRORS):
        return Reason.PROTOCOL
    if isinstance(exc, _BROKEN_STREAMS):
        return Reason.RESET
    if isinstance(exc, zlib.error):
        return Reason.PROTOCOL
    return Reason.INTERNAL


_UNUSABLE_ANSWERS = (
    dns.exception.FormError,  # malformed reply, or one that does not answer the query sent
    dns.query.UnexpectedSource,
    dns.message.ChainTooLong,  # a CNAME loop, or a chain no resolver would follow
    dns.message.AnswerForNXDOMAIN,
    dns.message.NotQueryResponse,
)
"""A server replied, but with nothing usable: for the catalog that is a server failure."""
_PROTOCOL_ERRORS = (
    httpx.LocalProtocolError,  # a request the peer's content made unsendable (a bad Location)
    httpcore.LocalProtocolError,
    httpx.DecodingError,  # a body that does not decode as its Content-Encoding says
    httpx.TooManyRedirects,
    httpx.InvalidURL,  # a URL from a page or a Location header that is not one
    httpx.UnsupportedProtocol,
)
"""The peer spoke, but what it said (or made us say next) is not HTTP: a fact about the target."""
_WRAPPERS = (
    httpx.TransportError
    | httpcore.NetworkError
    | httpcore.ProtocolError
    | anyio.BrokenResourceError
    | anyio.EndOfStream
)
"""Transport errors whose own type says little: the exception they wrap tells why."""
_BROKEN_STREAMS = (
    httpx.NetworkError | httpcore.NetworkError | anyio.BrokenResourceError | anyio.EndOfStream
)
"""A connection that broke mid-exchange, when nothing more specific is known."""
_TIMEOUTS = (
    dns.exception.Timeout | TimeoutError | httpx.TimeoutException | httpcore.TimeoutException
)


def _wrapped(exc: BaseException) -> BaseException | None:
    """The exception a wrapper stands for, which holds the real reason.

    httpx raises from httpcore's exception, which httpcore raises while handling the socket
    layer's (so it is the context, not the cause); anyio's stream errors are raised while
    handling the socket's, and it wraps failed connects in a plain ``OSError`` without errno,
    raised from the real one.
    """
    if isinstance(exc, _WRAPPERS):
        return exc.__cause__ or exc.__context__
    if type(exc) is OSError and exc.errno is None:
        return exc.__cause__
    return None


def _classify_protocol_error(exc: BaseException) -> Reason:
    """A server that closes the connection instead of answering has cut the exchange short."""
    if "disconnected" in str(exc).lower():
        return Reason.RESET
    return Reason.PROTOCOL


def target_reason(exc: Exception) -> Reason:
    """Classify a failed exchange that is a fact about the target, to record it as evidence.

    Reasons that speak about the auditor rather than the target (no IPv6 at this vantage, no
    privileges, a bug) are re-raised, so the engine turns them into the check's ``error``
    instead of a verdict about the target.
    """
    reason = classify(exc)
    if reason in _AUDITOR_REASONS:
        raise exc
    return reason


_AUDITOR_REASONS = frozenset(
    {Reason.INTERNAL, Reason.NO_LOCAL_IPV6, Reason.NEEDS_ROOT, Reason.BAD_INPUT}
)


def evidence_reason(exc: Exception) -> Reason:
    """Classify a failure recorded as evidence about the vantage itself.

    Here a missing IPv6 route or missing privileges is part of the finding (the vantage lacks
    IPv6; this evidence needed root), so only a bug in the auditor is re-raised, for the engine
    to report instead of a verdict resting on it.
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


def printable(name: object) -> str:
    """A name taken from the user's input (a TOML key), as a one-line message can show it."""
    text = str(name)
    return text if text.isprintable() else repr(text)


def describe(exc: BaseException) -> str:
    """A one-line message for an exception, never empty; a group is described by its first."""
    if isinstance(exc, BaseExceptionGroup):
        return describe(exc.exceptions[0])
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
