from __future__ import annotations

from tests.auditor.checks.judging import judge
from v6audit.auditor.model import Status
from v6audit.probes.dns_mail import MailExchanger, MailExchangers
from v6audit.probes.dns_names import ServerName
from v6audit.probes.model import Failure, Reason
from v6audit.probes.net.settings import Scope


def _mx(name: str, aaaa: list[str], preference: int = 10, **failures: Reason) -> MailExchanger:
    found = {field: Failure(reason=reason) for field, reason in failures.items()}
    server = ServerName(name=name, aaaa=aaaa, a=["11.30.0.25"], **found)  # type: ignore[arg-type]
    return MailExchanger(preference=preference, server=server)


def _mail(*exchangers: MailExchanger, null_mx: bool = False) -> MailExchangers:
    return MailExchangers(domain="example.cn", null_mx=null_mx, exchangers=list(exchangers))


def test_no_mx_and_null_mx_are_not_applicable() -> None:
    assert judge("mail.mx.aaaa", _mail()).status is Status.NOT_APPLICABLE
    null = judge("mail.mx.aaaa", _mail(null_mx=True))
    assert null.status is Status.NOT_APPLICABLE
    assert "RFC 7505" in null.summary


def test_every_mx_with_aaaa_passes() -> None:
    verdict = judge("mail.mx.aaaa", _mail(_mx("mx1.example.cn", ["2400::25"])))
    assert verdict.status is Status.PASS


def test_mx_without_usable_aaaa_are_named() -> None:
    verdict = judge(
        "mail.mx.aaaa",
        _mail(
            _mx("mx1.example.cn", ["2400::25"]),
            _mx("mx2.example.cn", [], 20),
            _mx("mx3.example.cn", ["fe80::25"], 30),
            _mx("gone.example.cn", [], 40, aaaa_failure=Reason.NXDOMAIN),
        ),
    )
    assert verdict.status is Status.FAIL
    assert verdict.details["without_ipv6"] == [
        "mx2.example.cn",
        "mx3.example.cn",
        "gone.example.cn",
    ]
    assert "3 of 4" in verdict.summary


def test_ula_mx_counts_in_an_internal_audit() -> None:
    mail = _mail(_mx("mx1.example.cn", ["fd00::25"]))
    assert judge("mail.mx.aaaa", mail, scope=Scope.INTERNAL).status is Status.PASS
    assert judge("mail.mx.aaaa", mail).status is Status.FAIL
