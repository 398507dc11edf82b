from __future__ import annotations

import ipaddress

import pytest

from v6audit.probes.net import candidates
from v6audit.probes.net.errors import InputError

V6 = ipaddress.IPv6Network


def test_ipv4_sweep_skips_network_and_broadcast() -> None:
    hosts = candidates.sweep(ipaddress.IPv4Network("11.61.0.0/30"), 1024)
    assert [str(h) for h in hosts] == ["11.61.0.1", "11.61.0.2"]
    assert len(candidates.sweep(ipaddress.IPv4Network("11.61.0.7/32"), 1)) == 1


def test_oversize_prefix_is_refused_before_any_probe() -> None:
    with pytest.raises(InputError, match=r"65536 addresses.*limit of 1024"):
        candidates.sweep(ipaddress.IPv4Network("11.61.0.0/16"), 1024)


def test_patterns_of_a_64() -> None:
    found = dict(candidates.patterns(V6("3ffe:501:61::/64")))
    assert found[ipaddress.IPv6Address("3ffe:501:61::1")] == "low-byte"
    assert found[ipaddress.IPv6Address("3ffe:501:61::443")] == "service-port"
    assert found[ipaddress.IPv6Address("3ffe:501:61::1bb")] == "service-port"
    assert found[ipaddress.IPv6Address("3ffe:501:61::dead:beef")] == "wordy"


def test_embedded_both_ways() -> None:
    got = candidates.embedded(V6("3ffe:501:61::/64"), ipaddress.IPv4Address("11.61.0.10"))
    assert [str(a) for a in got] == ["3ffe:501:61::b3d:a", "3ffe:501:61:0:11:61:0:10"]


def test_candidates_are_bounded_and_extra_first() -> None:
    extra = [(ipaddress.IPv6Address("3ffe:501:61::b3d:a"), "ipv4-embedded")]
    got = candidates.candidates(V6("3ffe:501:61::/48"), 300, extra)
    assert len(got) == 300
    assert got[0] == extra[0]
    assert len({address for address, _ in got}) == 300
    assert all(address in V6("3ffe:501:61::/48") for address, _ in got)
    # past the first /64's patterns, the next subnet is searched
    assert any(address in V6("3ffe:501:61:1::/64") for address, _ in got)


def test_small_ipv6_prefix_is_swept() -> None:
    got = candidates.candidates(V6("3ffe:501:61::/120"), 1024)
    assert len(got) == 256
    assert {pattern for _, pattern in got} == {"sweep"}


def test_alias_probes_are_random_and_inside() -> None:
    probes = candidates.alias_probes(V6("3ffe:501:62::/48"))
    assert len(set(probes)) == candidates.ALIAS_PROBES
    assert all(p in V6("3ffe:501:62::/64") and int(p) & 0xFFFF_FFFF_FFFF > 0xFF for p in probes)


@pytest.mark.parametrize(
    ("answers", "aliased"), [([True, True, True], True), ([True, False, True], False), ([], False)]
)
def test_alias_detection(answers: list[bool], aliased: bool) -> None:
    assert candidates.is_aliased(answers) is aliased
