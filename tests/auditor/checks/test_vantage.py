"""The vantage judges on synthetic observations: each indicator, each verdict."""

from __future__ import annotations

from typing import Any

import pytest

from tests.auditor.checks.judging import judge
from v6audit.auditor.model import Status
from v6audit.probes.model import Failure, Reason
from v6audit.probes.vantage_local import FamilyPath, LocalNetwork
from v6audit.probes.vantage_nat64 import Nat64Discovery, Pref64Method
from v6audit.probes.vantage_pmtu import LargeExchange, PathMtu
from v6audit.probes.vantage_reference import Exchange
from v6audit.probes.vantage_reflect import Reflections
from v6audit.probes.vantage_resolver import ResolverAnswer, Resolvers
from v6audit.probes.vantage_trace import Hop, Traceroute

REMOTE4, REMOTE6 = "11.60.0.80", "3ffe:501:60::80"


def local(src4: str | None = "11.65.1.2", src6: str | None = "3ffe:501:65:1::2") -> LocalNetwork:
    return LocalNetwork(
        ipv4=FamilyPath(
            version=4, default_interface="lab0" if src4 else None, reference=REMOTE4, source=src4
        ),
        ipv6=FamilyPath(
            version=6, default_interface="lab0" if src6 else None, reference=REMOTE6, source=src6
        ),
    )


def reflections(seen4: str | None = "11.65.1.2", local4: str = "11.65.1.2") -> Reflections:
    def over(version: int, local_address: str, seen: str | None) -> Exchange:
        if seen is None:
            return Exchange(
                version=version, failure=Failure(reason=Reason.TIMEOUT, message="timed out")
            )
        return Exchange(version=version, remote="x", local=local_address, seen=seen)

    six = over(6, "3ffe:501:65:1::2", "3ffe:501:65:1::2")
    return Reflections(
        configured=True,
        http=[over(4, local4, seen4), six],
        stun=[over(4, local4, seen4), six],
    )


def trace(*hops: str, error: Reason | None = None) -> Traceroute:
    if error is not None:
        return Traceroute(
            destination=REMOTE4, failure=Failure(reason=error, message="raw packets need root")
        )
    return Traceroute(
        destination=REMOTE4,
        hops=[Hop(ttl=i, address=a, destination=a == REMOTE4) for i, a in enumerate(hops, 1)],
    )


def nat44(
    net: LocalNetwork, seen: Reflections, path: Traceroute
) -> tuple[Status, dict[str, Any], str]:
    verdict = judge("vantage.nat44", net, seen, path)
    return verdict.status, verdict.details, verdict.summary


def test_public_ipv4_has_no_nat44() -> None:
    status, details, _ = nat44(local(), reflections(), trace("11.65.1.1", REMOTE4))
    assert status is Status.PASS
    assert details["fired"] == []


def test_each_nat44_indicator_fires_separately() -> None:
    status, details, summary = nat44(
        local(src4="192.168.1.2"),
        reflections(seen4="11.255.4.2", local4="192.168.1.2"),
        trace("192.168.1.1", "100.64.0.1", REMOTE4),
    )
    assert status is Status.FAIL
    assert details["fired"] == ["local_address", "reflector", "stun", "traceroute"]
    assert details["indicators"]["traceroute"]["hop"]["kind"] == "cgn"
    assert "RFC 1918" in details["indicators"]["local_address"]["block"]
    assert "CGN hop 2 100.64.0.1" in summary


def test_reflector_alone_reveals_nat_upstream() -> None:
    status, details, _ = nat44(local(), reflections(seen4="11.99.0.1"), trace("11.65.1.1"))
    assert status is Status.FAIL
    assert details["fired"] == ["reflector", "stun"]


def test_private_second_hop_is_double_nat() -> None:
    _, details, summary = nat44(
        local(src4="192.168.1.2"), reflections(), trace("192.168.1.1", "10.0.0.1", REMOTE4)
    )
    assert details["indicators"]["traceroute"]["hop"]["kind"] == "double-nat"
    assert "double NAT hop 2 10.0.0.1" in summary


def test_private_first_hop_alone_is_not_cgn() -> None:
    _, details, _ = nat44(local(), reflections(), trace("192.168.1.1", REMOTE4))
    assert details["indicators"]["traceroute"]["fired"] is False


def test_without_root_the_traceroute_is_skipped_not_failed() -> None:
    status, details, _ = nat44(local(), reflections(), trace(error=Reason.NEEDS_ROOT))
    assert status is Status.PASS
    assert details["skipped"] == {"traceroute": "needs_root"}


def test_no_ipv4_no_nat44() -> None:
    status, _, _ = nat44(local(src4=None), reflections(seen4=None), trace(error=Reason.UNREACHABLE))
    assert status is Status.PASS


def test_without_reflector_only_the_local_address_counts() -> None:
    bare = Reflections(configured=False, http=[], stun=[])
    status, details, _ = nat44(local(src4="100.64.1.2"), bare, Traceroute())
    assert status is Status.FAIL
    assert details["fired"] == ["local_address"]
    assert "RFC 6598" in details["indicators"]["local_address"]["block"]


def ipv6(net: LocalNetwork, seen: Reflections) -> Status:
    return judge("vantage.ipv6", net, seen).status


def test_ipv6_verdicts() -> None:
    assert ipv6(local(), reflections()) is Status.PASS
    assert ipv6(local(src6=None), reflections()) is Status.FAIL
    assert ipv6(local(src6="fd00::2"), reflections()) is Status.FAIL
    assert ipv6(local(), Reflections(configured=False, http=[], stun=[])) is Status.INFO
    broken = reflections()
    broken = broken.model_copy(
        update={
            "http": [broken.http[0], Exchange(version=6, failure=Failure(reason=Reason.TIMEOUT))]
        }
    )
    assert ipv6(local(), broken) is Status.FAIL


def resolver(*answers: ResolverAnswer) -> Status:
    found = Resolvers(name="reflector.net.lab", answers=list(answers))
    return judge("vantage.resolver6", found).status


V6_OK = ResolverAnswer(server="3ffe:501:53::53", port=53, version=6, rcode="NOERROR")
V4_OK = ResolverAnswer(server="11.53.0.53", port=53, version=4, rcode="NXDOMAIN")
V6_DEAD = ResolverAnswer(
    server="3ffe:501:53::53", port=53, version=6, failure=Failure(reason=Reason.TIMEOUT)
)
V4_SERVFAIL = ResolverAnswer(server="11.53.0.53", port=53, version=4, rcode="SERVFAIL")


@pytest.mark.parametrize(
    ("answers", "status"),
    [
        ((V6_OK, V4_OK), Status.PASS),
        ((V6_DEAD, V4_OK), Status.WARN),
        ((V6_DEAD, V4_SERVFAIL), Status.FAIL),
        ((), Status.FAIL),
    ],
)
def test_resolver6_verdicts(answers: tuple[ResolverAnswer, ...], status: Status) -> None:
    assert resolver(*answers) is status


def nat64(dns: list[str], ra: Pref64Method, net: LocalNetwork) -> tuple[Status, dict[str, Any]]:
    found = Nat64Discovery(synthesized=[], dns=Pref64Method(prefixes=dns), ra=ra)
    verdict = judge("vantage.nat64", found, net)
    return verdict.status, verdict.details


def test_nat64_prefix_is_info_with_methods() -> None:
    status, details = nat64(
        ["64:ff9b::/96"],
        Pref64Method(failure=Failure(reason=Reason.NEEDS_ROOT, message="root")),
        local(),
    )
    assert status is Status.INFO
    assert details["prefixes"] == ["64:ff9b::/96"]
    assert details["skipped"] == {"ra": "needs_root"}


def test_ipv6_only_without_nat64_warns() -> None:
    assert nat64([], Pref64Method(), local(src4=None))[0] is Status.WARN
    assert nat64([], Pref64Method(), local())[0] is Status.INFO


def test_pref64_alone_counts() -> None:
    status, details = nat64([], Pref64Method(prefixes=["3ffe:501:64::/64"]), local(src4=None))
    assert status is Status.INFO
    assert details["prefixes"] == ["3ffe:501:64::/64"]


def pmtu(large: LargeExchange) -> Status:
    found = PathMtu(remote=REMOTE6, small_seconds=0.01, large=large)
    return judge("vantage.pmtu6", found).status


def test_pmtu_verdicts() -> None:
    assert pmtu(LargeExchange(requested=100, received=120, seconds=0.1)) is Status.PASS
    assert pmtu(LargeExchange(requested=100, failure=Failure(reason=Reason.TIMEOUT))) is Status.FAIL
    assert pmtu(LargeExchange(requested=100, received=50, seconds=0.1)) is Status.FAIL
