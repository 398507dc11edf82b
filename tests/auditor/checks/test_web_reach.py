from __future__ import annotations

from tests.auditor.checks.judging import outcome
from tests.auditor.checks.observations import V6, addresses, ports
from v6audit.probes.model import Reason


def test_all_ports_open_passes() -> None:
    status, summary, _ = outcome("web.reach6", ports())
    assert status == "pass"
    assert "1 IPv6 address" in summary


def test_a_port_open_over_ipv4_but_closed_over_ipv6_fails_and_is_named() -> None:
    status, summary, details = outcome("web.reach6", ports(v6_443=Reason.REFUSED))
    assert status == "fail"
    assert f"{V6} port 443: refused" in summary
    assert details["problems"] == [
        {
            "address": V6,
            "port": 443,
            "problem": "open over IPv4, not over IPv6",
            "outcome": "refused",
        }
    ]


def test_an_aaaa_where_nothing_connects_fails_once() -> None:
    status, summary, details = outcome(
        "web.reach6", ports(v6_80=Reason.TIMEOUT, v6_443=Reason.TIMEOUT)
    )
    assert status == "fail"
    assert summary.endswith(f"{V6}: 80 timeout, 443 timeout")
    assert len(details["problems"]) == 1


def test_a_port_closed_on_both_families_is_not_an_ipv6_problem() -> None:
    status, _, _ = outcome("web.reach6", ports(v6_443=Reason.REFUSED, v4_443=Reason.REFUSED))
    assert status == "pass"


def test_no_aaaa_fails() -> None:
    observation = ports().model_copy(update={"addresses": addresses(aaaa=[]), "ports": []})
    assert outcome("web.reach6", observation)[0] == "fail"
