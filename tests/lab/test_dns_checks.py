"""DNS checks on real servers, beyond the verdicts: what the details name, scope, time, caching."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from typing import Any

import dns.asyncquery
import dns.message
import pytest

from lab.build import Lab
from lab.scenarios import RESOLVER6
from tests.conftest import scan_json
from v6audit.auditor.engine import Engine
from v6audit.auditor.profile import load_profile
from v6audit.auditor.targets import parse_target
from v6audit.probes.net.context import ProbeContext
from v6audit.probes.net.settings import ScanSettings

ZONE = "healthy.dnstest.lab"


def _checks(lab: Lab, targets: list[str], *extra: str) -> dict[str, dict[str, Any]]:
    document = scan_json(lab, targets, *extra)
    return {entry["target"]: {c["id"]: c for c in entry["checks"]} for entry in document["targets"]}


@pytest.fixture(scope="module")
def found(lab: Lab) -> dict[str, dict[str, Any]]:
    return _checks(
        lab,
        [
            "www.silent.dnstest.lab",
            "www.lame.dnstest.lab",
            "www.serial.dnstest.lab",
            "www.leaf.broken.dnstest.lab",
            "www.dead6.dnstest.lab",
            f"tov4ns.{ZONE}",
            f"mapped.{ZONE}",
            f"natted.{ZONE}",
            f"mail4.{ZONE}",
        ],
    )


@pytest.mark.lab
def test_reach6_lists_each_failure_kind_with_the_address(found: dict[str, Any]) -> None:
    silent = found["www.silent.dnstest.lab"]["dns.ns.reach6"]["details"]
    assert silent["timeout"] == ["ns2.silent.dnstest.lab 3ffe:501:34::54"]
    lame = found["www.lame.dnstest.lab"]["dns.ns.reach6"]["details"]
    assert lame["refused"] == ["ns2.lame.dnstest.lab 3ffe:501:36::54"]
    assert lame["timeout"] == lame["mismatch"] == []
    serial = found["www.serial.dnstest.lab"]["dns.ns.reach6"]["details"]
    assert serial["mismatch"] == ["ns1.serial.dnstest.lab 3ffe:501:37::53"]
    (stale,) = [a for a in serial["zones"][0]["ipv6"] if a["outcome"] == "mismatch"]
    assert (stale["serial"], stale["ipv4_serials"]) == (2, [1])


@pytest.mark.lab
def test_cname_target_zone_name_servers_are_checked(found: dict[str, Any]) -> None:
    checks = found[f"tov4ns.{ZONE}"]
    assert checks["dns.ns.reach6"]["details"]["without_ipv6"] == ["v4only.dnstest.lab"]
    assert [z["zone"] for z in checks["dns.ns.aaaa"]["details"]["zones"]] == [
        ZONE,
        "v4only.dnstest.lab",
    ]


@pytest.mark.lab
def test_delegation_names_the_cut_that_breaks(found: dict[str, Any]) -> None:
    leaf = found["www.leaf.broken.dnstest.lab"]["dns.delegation6"]
    assert leaf["details"]["broken_at"] == "broken.dnstest.lab"
    assert "broken.dnstest.lab" in leaf["summary"]
    dead = found["www.dead6.dnstest.lab"]["dns.delegation6"]
    assert dead["details"]["broken_at"] == "dead6.dnstest.lab"
    assert "3ffe:501:34::54 timeout" in dead["summary"]


@pytest.mark.lab
def test_bogus_aaaa_cites_block_and_rfc_and_private_ipv4_is_evidence(
    found: dict[str, Any],
) -> None:
    mapped = found[f"mapped.{ZONE}"]["dns.aaaa.valid"]
    assert mapped["details"]["special"][0]["rfc"] == "RFC 4291"
    assert "::ffff:0:0/96" in mapped["summary"]
    natted = found[f"natted.{ZONE}"]["dns.aaaa.valid"]["details"]["private_ipv4"]
    assert [(p["address"], p["rfc"]) for p in natted] == [
        ("10.30.0.80", "RFC 1918"),
        ("100.64.30.80", "RFC 6598"),
    ]


@pytest.mark.lab
def test_mail_names_the_exchanger_without_ipv6(found: dict[str, Any]) -> None:
    mail = found[f"mail4.{ZONE}"]["mail.mx.aaaa"]
    assert mail["details"]["without_ipv6"] == [f"mx4.{ZONE}"]


@pytest.mark.lab
def test_internal_scope_accepts_ula(lab: Lab) -> None:
    checks = _checks(lab, [f"ula.{ZONE}", f"linklocal.{ZONE}"], "--scope", "internal")
    assert checks[f"ula.{ZONE}"]["dns.aaaa.valid"]["status"] == "pass"
    assert checks[f"linklocal.{ZONE}"]["dns.aaaa.valid"]["status"] == "fail"


@pytest.mark.lab
def test_silent_name_servers_cost_bounded_time(lab: Lab) -> None:
    started = time.monotonic()
    checks = _checks(lab, ["www.dead6.dnstest.lab", "www.silent.dnstest.lab"], "--timeout", "8")
    assert time.monotonic() - started < 15
    assert checks["www.dead6.dnstest.lab"]["dns.ns.reach6"]["status"] == "fail"


@pytest.mark.lab
def test_queries_are_shared_across_targets_of_one_run(
    lab: Lab, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Four targets in one zone: each server is asked each question once, not once per target."""
    sent: Counter[tuple[str, str]] = Counter()
    original = dns.asyncquery.udp_with_fallback

    async def counting(query: dns.message.Message, where: str, **kwargs: Any) -> Any:
        sent[(where, query.question[0].to_text())] += 1
        return await original(query, where, **kwargs)

    monkeypatch.setattr(dns.asyncquery, "udp_with_fallback", counting)
    targets = [parse_target(f"{name}.{ZONE}") for name in ("www", "doc", "ula", "mapped")]
    settings = ScanSettings(resolvers=(RESOLVER6,), root_hints=lab.root_hints_path)

    async def scan() -> int:
        engine = Engine(ProbeContext.create(settings), load_profile("default"))
        stats = await engine.run(targets, lambda report: None)
        return stats.targets_done

    assert lab.run_in(lambda: asyncio.run(scan())) == 4
    assert sent
    assert max(sent.values()) == 1, sent.most_common(3)
