from __future__ import annotations

from tests.auditor.checks.judging import judge
from v6audit.auditor.model import Status
from v6audit.probes.dns_answers import ServerAnswer
from v6audit.probes.dns_delegation import Delegation, NameWalk, ZoneCut
from v6audit.probes.model import Failure, Reason

HOST = "www.example.cn"


def _cut(zone: str, ipv6: list[str], *answers: ServerAnswer) -> ZoneCut:
    return ZoneCut(zone=zone, nameservers=[f"ns.{zone}"], ipv6=ipv6, answers=list(answers))


def _ok(address: str) -> ServerAnswer:
    return ServerAnswer(nameserver="ns", address=address, rcode="NOERROR")


ROOT = _cut(".", ["2001:503:ba3e::2:30"], _ok("2001:503:ba3e::2:30"))
CN = _cut("cn", ["2001:dc7::1"], _ok("2001:dc7::1"))


def _walks(*walks: NameWalk) -> Delegation:
    return Delegation(host=HOST, walks=list(walks))


def test_complete_walk_passes_showing_the_path() -> None:
    zone = _cut("example.cn", ["2400::53"], _ok("2400::53"))
    verdict = judge(
        "dns.delegation6", _walks(NameWalk(name=HOST, cuts=[ROOT, CN, zone], complete=True))
    )
    assert verdict.status is Status.PASS
    assert verdict.summary.endswith(". > cn > example.cn")
    assert verdict.details["broken_at"] is None


def test_cut_without_ipv6_addresses_is_named() -> None:
    broken = _cut("example.cn", [])
    verdict = judge(
        "dns.delegation6", _walks(NameWalk(name=HOST, cuts=[ROOT, CN, broken], complete=False))
    )
    assert verdict.status is Status.FAIL
    assert verdict.details["broken_at"] == "example.cn"
    assert "none of its name servers has an IPv6 address" in verdict.summary


def test_cut_whose_addresses_fail_lists_what_each_did() -> None:
    broken = _cut(
        "cn",
        ["2001:dc7::1", "2001:dc7::2"],
        ServerAnswer(nameserver="a", address="2001:dc7::1", failure=Failure(reason=Reason.TIMEOUT)),
        ServerAnswer(nameserver="b", address="2001:dc7::2", rcode="NOERROR"),
    )
    verdict = judge(
        "dns.delegation6", _walks(NameWalk(name=HOST, cuts=[ROOT, broken], complete=False))
    )
    assert verdict.details["broken_at"] == "cn"
    assert "2001:dc7::1 timeout" in verdict.summary
    assert "2001:dc7::2 no authority and no referral (lame)" in verdict.summary


def test_a_cname_target_walk_that_breaks_fails_the_host() -> None:
    zone = _cut("example.cn", ["2400::53"], _ok("2400::53"))
    cdn = _cut("cdn.net", [])
    verdict = judge(
        "dns.delegation6",
        _walks(
            NameWalk(name=HOST, cuts=[ROOT, CN, zone], complete=True),
            NameWalk(name="edge.cdn.net", cuts=[ROOT, cdn], complete=False),
        ),
    )
    assert verdict.status is Status.FAIL
    assert "CNAME target edge.cdn.net" in verdict.summary
    assert verdict.details["broken_at"] == "cdn.net"
