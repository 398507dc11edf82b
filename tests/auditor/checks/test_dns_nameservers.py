from __future__ import annotations

from typing import Any

from tests.auditor.checks.judging import judge
from v6audit.auditor.model import Status
from v6audit.probes.dns_answers import ServerAnswer
from v6audit.probes.dns_names import ServerName
from v6audit.probes.dns_ns_reach import NameServerReach, ZoneReach
from v6audit.probes.dns_zone import NameServers, ZoneServers
from v6audit.probes.model import Failure, Reason
from v6audit.probes.net.settings import Scope

ZONE = "example.cn"


def _servers(*aaaa: list[str], zone: str = ZONE) -> ZoneServers:
    return ZoneServers(
        zone=zone,
        via=None,
        nameservers=[
            ServerName(name=f"ns{i}.{zone}", aaaa=addresses, a=[f"11.0.0.{i}"])
            for i, addresses in enumerate(aaaa, 1)
        ],
    )


def _ns(*zones: ZoneServers) -> NameServers:
    return NameServers(host=f"www.{ZONE}", zones=list(zones))


def test_two_name_servers_with_ipv6_pass() -> None:
    verdict = judge("dns.ns.aaaa", _ns(_servers(["2400::53"], ["2400::54"])))
    assert verdict.status is Status.PASS


def test_only_one_fails_as_only_one() -> None:
    verdict = judge("dns.ns.aaaa", _ns(_servers(["2400::53"], [])))
    assert verdict.status is Status.FAIL
    assert verdict.summary == f"only one name server of {ZONE} has IPv6"


def test_none_fails() -> None:
    verdict = judge("dns.ns.aaaa", _ns(_servers([], [])))
    assert verdict.summary == f"no name server of {ZONE} has IPv6"


def test_special_purpose_aaaa_does_not_count_but_ula_does_internally() -> None:
    servers = _ns(_servers(["2400::53"], ["fd00::54"], ["::ffff:11.0.0.3"]))
    assert judge("dns.ns.aaaa", servers).status is Status.FAIL
    assert judge("dns.ns.aaaa", servers, scope=Scope.INTERNAL).status is Status.PASS


def test_a_cname_target_zone_counts_too() -> None:
    cdn = _servers([], [], zone="cdn.example.net")
    verdict = judge("dns.ns.aaaa", _ns(_servers(["2400::53"], ["2400::54"]), cdn))
    assert verdict.status is Status.FAIL
    assert "cdn.example.net" in verdict.summary


def _answer(address: str, nameserver: str = "ns1", **fields: Any) -> ServerAnswer:
    defaults: dict[str, Any] = {"rcode": "NOERROR", "authoritative": True, "serial": 7}
    if {"failure", "unusable"} & fields.keys():
        defaults = {}
    return ServerAnswer(nameserver=nameserver, address=address, **{**defaults, **fields})


def _reach(ipv6: list[ServerAnswer], ipv4: list[ServerAnswer] | None = None) -> NameServerReach:
    zone = ZoneReach(zone=ZONE, via=None, ipv6=ipv6, ipv4=ipv4 or [])
    return NameServerReach(host=f"www.{ZONE}", zones=[zone])


def test_every_address_authoritative_with_the_ipv4_serial_passes() -> None:
    verdict = judge(
        "dns.ns.reach6",
        _reach([_answer("2400::53"), _answer("2400::54", "ns2")], [_answer("11.0.0.1")]),
    )
    assert verdict.status is Status.PASS


def test_each_failure_kind_is_listed_separately() -> None:
    verdict = judge(
        "dns.ns.reach6",
        _reach(
            [
                _answer("2400::1"),
                _answer("2400::2", failure=Failure(reason=Reason.TIMEOUT)),
                _answer("2400::3", failure=Failure(reason=Reason.REFUSED)),
                _answer("2400::4", rcode="REFUSED", authoritative=False, serial=None),
                _answer("2400::5", authoritative=False, serial=None),
                _answer("2400::6", "ns6", serial=8),
                _answer("2400::7", rcode="SERVFAIL", authoritative=False, serial=None),
                _answer("2400::8", failure=Failure(reason=Reason.SERVFAIL, message="malformed")),
                _answer("fe80::9", unusable="link-local unicast (fe80::/10, RFC 4291)"),
            ],
            [_answer("11.0.0.1"), _answer("11.0.0.6", "ns6")],
        ),
    )
    assert verdict.status is Status.FAIL
    listed = {key: verdict.details[key] for key in ("timeout", "refused", "lame", "mismatch")}
    assert listed == {
        "timeout": ["ns1 2400::2"],
        "refused": ["ns1 2400::3", "ns1 2400::4"],
        "lame": ["ns1 2400::5"],
        "mismatch": ["ns6 2400::6"],
    }
    assert verdict.details["failed"] == ["ns1 2400::7", "ns1 2400::8"]
    assert verdict.details["unusable"] == ["ns1 fe80::9"]
    assert "timed out: ns1 2400::2" in verdict.summary


def test_serial_is_compared_with_the_same_server_over_ipv4_first() -> None:
    """During a zone update servers may differ; only a server's own two sides must agree."""
    reach = _reach(
        [_answer("2400::1", serial=8), _answer("2400::2", "ns2", serial=7)],
        [_answer("11.0.0.1", serial=8), _answer("11.0.0.2", "ns2", serial=7)],
    )
    assert judge("dns.ns.reach6", reach).status is Status.PASS


def test_ipv6_only_server_is_compared_with_the_zone_over_ipv4() -> None:
    reach = _reach([_answer("2400::9", "ns9", serial=9)], [_answer("11.0.0.1", serial=7)])
    verdict = judge("dns.ns.reach6", reach)
    assert verdict.details["mismatch"] == ["ns9 2400::9"]
    item = verdict.details["zones"][0]["ipv6"][0]
    assert (item["serial"], item["ipv4_serials"]) == (9, [7])


def test_no_ipv4_answer_means_no_serial_comparison() -> None:
    reach = _reach(
        [_answer("2400::1")], [_answer("11.0.0.1", failure=Failure(reason=Reason.UNREACHABLE))]
    )
    verdict = judge("dns.ns.reach6", reach)
    assert verdict.status is Status.PASS
    assert "and the IPv4 serial" not in verdict.summary  # no claim of what IPv4 did not show
    assert "1 with no IPv4 serial to compare" in verdict.summary


def test_ipv6_only_name_servers_pass_without_a_claim_about_ipv4() -> None:
    reach = _reach([_answer("2400::1"), _answer("2400::2", "ns2")], [])
    verdict = judge("dns.ns.reach6", reach)
    assert verdict.status is Status.PASS
    assert "2 with no IPv4 serial to compare" in verdict.summary


def test_zone_without_any_ipv6_address_fails() -> None:
    verdict = judge("dns.ns.reach6", _reach([], [_answer("11.0.0.1")]))
    assert verdict.status is Status.FAIL
    assert verdict.details["without_ipv6"] == [ZONE]
