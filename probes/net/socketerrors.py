"""The socket layer's failures as catalog reasons: the table every client's ends in.

TCP, UDP, raw packets and the route lookup meet ``OSError`` (and ``ssl.SSLError``) directly;
DNS and HTTP meet them under their libraries' own exceptions and fall back on this table once
those are unwrapped. Kept in one place so a refused connection means the same in every client.
"""

from __future__ import annotations

import errno
import ssl

from v6audit.probes.model import Reason

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
_KINDS: tuple[tuple[type[BaseException], Reason], ...] = (
    (ConnectionRefusedError, Reason.REFUSED),
    (ConnectionResetError, Reason.RESET),
    (BrokenPipeError, Reason.RESET),
    (EOFError, Reason.RESET),  # a stream that ended mid-message (dnspython over TCP)
    (PermissionError, Reason.NEEDS_ROOT),
)
"""By type, for the errors raised without an errno."""


def socket_reason(exc: BaseException) -> Reason | None:
    """The reason a socket-layer exception stands for; None when it is not one we know."""
    if isinstance(exc, TimeoutError):
        return Reason.TIMEOUT
    if isinstance(exc, ssl.SSLError):  # before the errno: an SSL error's errno is its own code
        return Reason.TLS
    if isinstance(exc, OSError) and exc.errno in _ERRNO_REASONS:
        return _ERRNO_REASONS[exc.errno]
    return next((reason for kind, reason in _KINDS if isinstance(exc, kind)), None)
