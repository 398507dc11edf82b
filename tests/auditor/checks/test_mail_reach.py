from __future__ import annotations

from tests.auditor.checks.judging import outcome
from v6audit.probes.mail_smtp import Greeting, MxHost, MxSmtp
from v6audit.probes.model import Failure, Reason


def mx(*greetings: Greeting, aaaa: list[str] | None = None) -> MxSmtp:
    host = MxHost(
        preference=10,
        host="mx.example.cn",
        aaaa=aaaa if aaaa is not None else [g.address for g in greetings],
        greetings=list(greetings),
    )
    return MxSmtp(domain="example.cn", null_mx=False, hosts=[host])


def test_220_on_every_address_passes() -> None:
    found = mx(Greeting(address="3ffe::25", banner="220 mx.example.cn ESMTP"))
    assert outcome("mail.mx.reach6", found)[0] == "pass"


def test_an_address_without_a_220_greeting_fails_and_is_listed() -> None:
    found = mx(
        Greeting(address="3ffe::25", banner="220 ready"),
        Greeting(address="3ffe::26", failure=Failure(reason=Reason.REFUSED)),
        Greeting(address="3ffe::27", banner="554 no service"),
    )
    status, summary, _ = outcome("mail.mx.reach6", found)
    assert status == "fail"
    assert "3ffe::26 (mx.example.cn): refused" in summary
    assert "3ffe::27 (mx.example.cn): 554 no service" in summary


def test_no_mx_ipv6_address_fails() -> None:
    assert outcome("mail.mx.reach6", mx(aaaa=[]))[0] == "fail"


def test_no_mx_and_null_mx_do_not_apply() -> None:
    assert outcome("mail.mx.reach6", MxSmtp(domain="x.cn", null_mx=False, hosts=[]))[0] == (
        "not_applicable"
    )
    assert outcome("mail.mx.reach6", MxSmtp(domain="x.cn", null_mx=True, hosts=[]))[0] == (
        "not_applicable"
    )
