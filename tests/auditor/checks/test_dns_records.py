from __future__ import annotations

import pytest

from tests.auditor.checks.judging import judge
from v6audit.auditor.model import Status
from v6audit.probes.dns_host import AddressLookup, HostAddresses
from v6audit.probes.net.settings import Scope


def _host(aaaa: list[str], a: list[str] | None = None) -> HostAddresses:
    def found(addresses: list[str]) -> AddressLookup:
        return AddressLookup(cname_chain=[], canonical="www.example.cn", addresses=addresses)

    return HostAddresses(host="www.example.cn", aaaa=found(aaaa), a=found(a or []))


@pytest.mark.parametrize(
    ("address", "block", "rfc"),
    [
        ("2001:db8::80", "2001:db8::/32", "RFC 3849"),
        ("3fff::80", "3fff::/20", "RFC 9637"),
        ("fd30::80", "fc00::/7", "RFC 4193"),
        ("::ffff:11.30.0.80", "::ffff:0:0/96", "RFC 4291"),
        ("::11.30.0.80", "::/96", "RFC 4291"),
        ("2002:b1e:50::80", "2002::/16", "RFC 3056"),
        ("2001:0:b1e:50::80", "2001::/32", "RFC 4380"),
        ("64:ff9b::b1e:50", "64:ff9b::/96", "RFC 6052"),
        ("64:ff9b:1::b1e:50", "64:ff9b:1::/48", "RFC 8215"),
        ("fe80::80", "fe80::/10", "RFC 4291"),
        ("fec0::80", "fec0::/10", "RFC 3879"),
        ("::1", "::1/128", "RFC 4291"),
        ("ff0e::80", "ff00::/8", "RFC 4291"),
        ("100::80", "100::/64", "RFC 6666"),
        ("2001:2::80", "2001:2::/48", "RFC 5180"),
    ],
)
def test_special_purpose_aaaa_fails_citing_block_and_rfc(
    address: str, block: str, rfc: str
) -> None:
    verdict = judge("dns.aaaa.valid", _host(["3ffe:501:10::80", address]))
    assert verdict.status is Status.FAIL
    assert [(s["address"], s["network"], s["rfc"]) for s in verdict.details["special"]] == [
        (address, block, rfc)
    ]
    assert block in verdict.summary
    assert rfc in judge("dns.aaaa.valid", _host(["3ffe:501:10::80", address]), lang="zh").summary


def test_global_aaaa_pass_including_the_global_exceptions() -> None:
    verdict = judge("dns.aaaa.valid", _host(["2400:3200::1", "2001:4:112::1", "2001:1::1"]))
    assert verdict.status is Status.PASS
    assert verdict.details["special"] == []


def test_ula_passes_in_internal_scope_and_only_ula() -> None:
    ula = judge("dns.aaaa.valid", _host(["fd30::80"]), scope=Scope.INTERNAL)
    assert ula.status is Status.PASS
    assert ula.details["accepted_internal"][0]["category"] == "ula"
    assert "internal" in ula.summary
    assert judge("dns.aaaa.valid", _host(["fe80::80"]), scope=Scope.INTERNAL).status is Status.FAIL


def test_no_aaaa_is_not_applicable() -> None:
    assert judge("dns.aaaa.valid", _host([], ["11.10.0.80"])).status is Status.NOT_APPLICABLE


def test_private_and_shared_ipv4_recorded_as_de_nat_evidence() -> None:
    verdict = judge(
        "dns.aaaa.valid", _host(["3ffe:501:10::80"], ["10.1.2.3", "100.64.0.9", "11.10.0.80"])
    )
    assert verdict.status is Status.PASS
    assert [(p["address"], p["rfc"]) for p in verdict.details["private_ipv4"]] == [
        ("10.1.2.3", "RFC 1918"),
        ("100.64.0.9", "RFC 6598"),
    ]
    assert "NAT44" in verdict.summary


def test_private_ipv4_is_expected_in_an_internal_audit() -> None:
    verdict = judge("dns.aaaa.valid", _host(["fd30::80"], ["10.1.2.3"]), scope=Scope.INTERNAL)
    assert verdict.details["private_ipv4"] == []
