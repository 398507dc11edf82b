"""Vantage audits from behind real routers: which NAT44 indicator fired, NAT64 discovery, root."""

from __future__ import annotations

import asyncio
import socket
from typing import Any

import pytest

from lab import netns
from lab.build import Lab
from lab.scenarios.network import DNS64_RESOLVER, NAT64_PREFIX, REFLECTOR_URL
from tests.conftest import vantage_json
from v6audit.auditor.engine import Engine
from v6audit.auditor.profile import load_profile
from v6audit.probes.model import Target, TargetKind
from v6audit.probes.net.context import ProbeContext
from v6audit.probes.net.routes import source_address
from v6audit.probes.net.settings import ScanSettings


def _checks(audited: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in audited["checks"]}


@pytest.fixture(scope="module")
def audits(lab: Lab) -> dict[str, dict[str, dict[str, Any]]]:
    return {v: _checks(vantage_json(lab, v)) for v in ("v-dual", "v-nat44", "v-cgn", "v-v6only")}


@pytest.mark.lab
def test_cgn_hop_is_named(audits: dict[str, dict[str, dict[str, Any]]]) -> None:
    nat44 = audits["v-cgn"]["vantage.nat44"]["details"]
    assert nat44["fired"] == ["local_address", "reflector", "stun", "traceroute"]
    assert nat44["indicators"]["traceroute"]["hop"]["ttl"] == 2
    assert nat44["indicators"]["traceroute"]["hop"]["address"] == "100.64.0.1"
    assert nat44["indicators"]["traceroute"]["hop"]["kind"] == "cgn"
    assert nat44["indicators"]["local_address"]["address"] == "192.168.1.2"


@pytest.mark.lab
def test_home_nat_without_cgn(audits: dict[str, dict[str, dict[str, Any]]]) -> None:
    indicators = audits["v-nat44"]["vantage.nat44"]["details"]["indicators"]
    assert indicators["local_address"]["fired"] is True
    assert indicators["reflector"]["seen"] == indicators["stun"]["seen"] != "192.168.1.2"
    assert indicators["traceroute"]["fired"] is False  # only the first hop is private


@pytest.mark.lab
def test_public_vantage_sees_itself(audits: dict[str, dict[str, dict[str, Any]]]) -> None:
    indicators = audits["v-dual"]["vantage.nat44"]["details"]["indicators"]
    assert indicators["reflector"]["seen"] == indicators["reflector"]["local"] == "11.65.1.2"
    assert audits["v-dual"]["vantage.nat44"]["details"]["skipped"] == {}


@pytest.mark.lab
def test_nat64_prefix_from_dns64_and_router_advertisements(
    audits: dict[str, dict[str, dict[str, Any]]],
) -> None:
    details = audits["v-v6only"]["vantage.nat64"]["details"]
    assert details["dns"] == {"prefixes": [NAT64_PREFIX]}
    assert details["ra"] == {"prefixes": [NAT64_PREFIX]}
    assert details["ipv6_only"] is True


@pytest.mark.lab
def test_nat64_router_translates(lab: Lab) -> None:
    """The IPv6-only vantage reaches the IPv4-only web server 11.61.0.20 through tayga."""

    def connect() -> str:
        with socket.create_connection(("64:ff9b::b3d:14", 80), timeout=3) as sock:
            return str(sock.getpeername()[0])

    source_address.cache_clear()
    assert lab.run_in(connect, vantage="v-v6only") == "64:ff9b::b3d:14"


@pytest.mark.lab
def test_without_root_the_rest_is_measured(lab: Lab, monkeypatch: pytest.MonkeyPatch) -> None:
    """Unprivileged, raw-packet evidence is skipped with needs_root; the verdicts still stand."""
    monkeypatch.setattr("v6audit.probes.net.packets.os.geteuid", lambda: 1000)
    settings = ScanSettings(resolvers=(DNS64_RESOLVER,), reflector=REFLECTOR_URL)

    async def audit() -> dict[str, Any]:
        engine = Engine(ProbeContext.create(settings), load_profile("default"))
        report = await engine.audit(Target("here", TargetKind.VANTAGE))
        return {r.id: r for r in report.results}

    source_address.cache_clear()
    results = lab.run_in(lambda: asyncio.run(audit()), vantage="v-v6only")
    nat64 = results["vantage.nat64"]
    assert nat64.status == "info"
    assert nat64.details["ra"]["skipped"] == "needs_root"
    assert nat64.details["dns"] == {"prefixes": [NAT64_PREFIX]}
    assert results["vantage.ipv6"].status == "pass"


@pytest.mark.lab
def test_routers_are_sealed(lab: Lab) -> None:
    for vantage in lab.scenario.vantages:
        for router in vantage.routers:
            namespace = lab.router_namespace(vantage.name, router.name)
            for family in ("-4", "-6"):
                for line in netns.ip(namespace, family, "route", "show").splitlines():
                    assert any(dev in line for dev in ("up0", "down0", "nat64", "lo")), line
