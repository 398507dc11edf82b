from __future__ import annotations

import errno

import pytest

from v6audit.probes.model import Reason
from v6audit.probes.net.errors import (
    ExchangeError,
    InputError,
    ProbeError,
    ProtocolError,
    classify,
    describe,
    evidence_reason,
    exchange_errors,
    target_reason,
)
from v6audit.probes.net.socketerrors import socket_reason


@pytest.mark.parametrize(
    ("exc", "reason"),
    [
        (ExchangeError(Reason.REFUSED, "refused"), Reason.REFUSED),
        (ProbeError(Reason.NO_LOCAL_IPV6, "no route"), Reason.NO_LOCAL_IPV6),
        (ProtocolError("not a STUN message"), Reason.PROTOCOL),
        (InputError("bad target"), Reason.BAD_INPUT),
        (TimeoutError(), Reason.TIMEOUT),  # a probe's or the engine's own deadline
        (PermissionError(errno.EPERM, "raw socket"), Reason.NEEDS_ROOT),
        (ConnectionRefusedError(errno.ECONNREFUSED, "refused"), Reason.INTERNAL),  # untranslated
        (ZeroDivisionError(), Reason.INTERNAL),
    ],
)
def test_classify_reads_the_reason_clients_gave(exc: BaseException, reason: Reason) -> None:
    assert classify(exc) is reason


def test_groups_are_classified_by_their_first_error() -> None:
    group = ExceptionGroup("tasks", [ProbeError(Reason.NO_LOCAL_IPV6, "no route")])
    assert classify(ExceptionGroup("outer", [group])) is Reason.NO_LOCAL_IPV6
    assert describe(group) == "no route"


def test_exchange_errors_translate_known_errors_keeping_cause_and_message() -> None:
    refused = ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused")
    with pytest.raises(ExchangeError) as raised, exchange_errors(socket_reason):
        raise refused
    assert raised.value.reason is Reason.REFUSED
    assert raised.value.__cause__ is refused
    assert describe(raised.value) == "[Errno 111] Connection refused"


def test_exchange_errors_let_unknown_errors_and_probe_errors_through() -> None:
    with pytest.raises(ZeroDivisionError), exchange_errors(socket_reason):
        raise ZeroDivisionError
    policy = ProbeError(Reason.POLICY, "a private address")
    with pytest.raises(ProbeError) as raised, exchange_errors(lambda _exc: Reason.RESET):
        raise policy
    assert raised.value is policy


def test_target_reason_records_target_facts_and_reraises_auditor_problems() -> None:
    assert target_reason(TimeoutError()) is Reason.TIMEOUT
    assert target_reason(ExchangeError(Reason.PROTOCOL, "a bad Location")) is Reason.PROTOCOL
    with pytest.raises(ProbeError):
        target_reason(ProbeError(Reason.NO_LOCAL_IPV6, "no route"))
    with pytest.raises(ZeroDivisionError):
        target_reason(ZeroDivisionError())


def test_evidence_reason_keeps_vantage_facts_and_reraises_bugs() -> None:
    assert evidence_reason(ProbeError(Reason.NEEDS_ROOT, "raw")) is Reason.NEEDS_ROOT
    with pytest.raises(ZeroDivisionError):
        evidence_reason(ZeroDivisionError())
