from __future__ import annotations

import errno
import ssl

import pytest

from v6audit.probes.model import Reason
from v6audit.probes.net.socketerrors import socket_reason


@pytest.mark.parametrize(
    ("exc", "reason"),
    [
        (TimeoutError(), Reason.TIMEOUT),
        (OSError(errno.ETIMEDOUT, "timed out"), Reason.TIMEOUT),
        (ConnectionRefusedError(errno.ECONNREFUSED, "refused"), Reason.REFUSED),
        (ConnectionRefusedError("refused, no errno"), Reason.REFUSED),
        (OSError(errno.ECONNRESET, "reset"), Reason.RESET),
        (BrokenPipeError(errno.EPIPE, "broken pipe"), Reason.RESET),
        (EOFError("EOF"), Reason.RESET),
        (OSError(errno.ENETUNREACH, "unreachable"), Reason.UNREACHABLE),
        (OSError(errno.EHOSTUNREACH, "no route to host"), Reason.UNREACHABLE),
        (OSError(errno.EADDRNOTAVAIL, "cannot assign"), Reason.UNREACHABLE),
        (PermissionError(errno.EPERM, "raw socket"), Reason.NEEDS_ROOT),
        (OSError(errno.EACCES, "denied"), Reason.NEEDS_ROOT),
        (PermissionError("no errno"), Reason.NEEDS_ROOT),
        (OSError(errno.EMSGSIZE, "message too long"), None),
        (OSError("no errno"), None),
        (ZeroDivisionError(), None),
    ],
)
def test_socket_errors_map_to_reasons(exc: BaseException, reason: Reason | None) -> None:
    assert socket_reason(exc) is reason


def test_tls_errors_are_tls_whatever_their_code() -> None:
    """An SSL error's errno is OpenSSL's code (1 for a failed verification): never EPERM."""
    verify = ssl.SSLCertVerificationError(1, "certificate verify failed")
    assert socket_reason(verify) is Reason.TLS
    assert socket_reason(ssl.SSLError(errno.ECONNRESET, "tlsv1 alert")) is Reason.TLS
