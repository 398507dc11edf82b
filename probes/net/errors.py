"""The auditor's exceptions, and the small table that turns any exception into a catalog reason.

Every network client translates its library's exceptions into :class:`ExchangeError` where the
exchange happens (:func:`exchange_errors` with that library's table, kept in the client's
module), the way httpx maps httpcore's. So a failure reaches the engine already typed, and
:func:`classify` only reads the reason off it. A probe that knows the reason itself (e.g. the
vantage has no IPv6 route) raises :class:`ProbeError` with it. Anything unrecognised is
``internal``: a bug in the auditor, never a verdict about the target.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from v6audit.probes.model import Reason


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


class ProtocolError(ExchangeError):
    """The remote end answered, but not in the protocol spoken (a garbled STUN or HTTP reply)."""

    def __init__(self, message: str) -> None:
        super().__init__(Reason.PROTOCOL, message)


class InputError(ValueError):
    """Bad user input (a target, a profile, an option); the message says what and where."""


ReasonOf = Callable[[BaseException], Reason | None]
"""One library's table: the reason an exception of that library stands for, None if unknown."""


@contextmanager
def exchange_errors(reason_of: ReasonOf) -> Iterator[None]:
    """Raise what ``reason_of`` recognises as an :class:`ExchangeError` from it.

    The original stays the ``__cause__`` and its one-line description the message; exceptions
    the table does not know (a bug) and the auditor's own :class:`ProbeError` pass unchanged.
    """
    try:
        yield
    except ProbeError:
        raise
    except Exception as exc:
        reason = reason_of(exc)
        if reason is None:
            raise
        raise ExchangeError(reason, describe(exc)) from exc


_BUILTIN_REASONS: tuple[tuple[type[BaseException], Reason], ...] = (
    (InputError, Reason.BAD_INPUT),
    (TimeoutError, Reason.TIMEOUT),  # a deadline of the probe's or the engine's own
    (PermissionError, Reason.NEEDS_ROOT),
)


def classify(exc: BaseException) -> Reason:
    """Map an exception raised while probing to a catalog reason; a group by its first."""
    if isinstance(exc, ProbeError):
        return exc.reason
    if isinstance(exc, BaseExceptionGroup):
        return classify(exc.exceptions[0])
    return next(
        (reason for kind, reason in _BUILTIN_REASONS if isinstance(exc, kind)), Reason.INTERNAL
    )


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


def drop_tracebacks(failure: BaseException) -> None:
    """Clear the traceback of ``failure`` and of every exception it was raised from."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [failure]
    while pending:
        exc = pending.pop()
        if exc is None or id(exc) in seen:
            continue
        seen.add(id(exc))
        exc.__traceback__ = None
        pending += (exc.__cause__, exc.__context__)
