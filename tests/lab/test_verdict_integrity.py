"""Verdicts that survive a second look (issue: verdict integrity, classes 3 to 5).

A PMTU black hole fails on every scan, whatever this host learned before; healthy twins scanned
with the whole lab never get a latency warning, however loaded the machine, while a real IPv6
penalty (on an HTTP-only site, on an HTTPS one, on a slow page) is caught every time, also while
other processes saturate the auditing machine's CPUs; and a target whose operations wait for the
auditor's own rate is not cut short by that wait; an address that answers echoes is never
reported silent, whatever the web traffic around the echo. Verdicts only: never timings.
"""

from __future__ import annotations

import asyncio
import os
import socket
import struct
import subprocess
import time
from typing import Any

import pytest

from lab.build import Lab
from lab.load import saturated
from lab.scenarios.deep import TWINS
from lab.scenarios.web import SHARED_SILENT
from lab.spec import VANTAGE, verdict
from tests.conftest import scan_json
from v6audit.probes.net.icmpecho import EchoAnswer, ping
from v6audit.probes.net.pathmtu import learned_mtu

BLACK_HOLE = "3ffe:501:55::10"
"""big.deep.lab, behind the pmtu vantage's routers (MTU 1280, Packet Too Big dropped)."""
RUNS = 3
LATE = ("plain.deep.lab", "late.deep.lab", "slow.deep.lab")
"""Every IPv6 answer 150 ms late over plain HTTP, the same over HTTPS, pages 0.4 s late."""


def _status(document: dict[str, Any], target: str, check: str) -> str:
    for entry in document["targets"]:
        if entry["target"] == target:
            status: str = next(c["status"] for c in entry["checks"] if c["id"] == check)
            return status
    raise AssertionError(f"{target} not in the report")


def _echo_1400() -> int | None:
    """What ``ping -s 1352`` does: one 1400-byte echo; the path MTU this kernel learns from it."""
    with socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6) as sock:
        sock.sendto(struct.pack("!BBHHH", 128, 0, 0, 0x5EC, 1) + b"v" * 1352, (BLACK_HOLE, 0))
    for _ in range(20):  # the Packet Too Big comes back from the first router at once
        if (mtu := learned_mtu(BLACK_HOLE)) is not None:
            return mtu
        time.sleep(0.1)
    return None


@pytest.mark.lab
def test_a_pmtu_black_hole_fails_on_every_look(lab: Lab) -> None:
    looks = [scan_json(lab, ["big.deep.lab"], vantage="pmtu") for _ in range(2)]
    # the scans themselves taught the kernel the path MTU: the second look had it cached
    assert lab.run_in(lambda: learned_mtu(BLACK_HOLE), vantage="pmtu") == 1280
    assert lab.run_in(_echo_1400, vantage="pmtu") == 1280
    looks.append(scan_json(lab, ["big.deep.lab"], vantage="pmtu"))
    assert [_status(d, "big.deep.lab", "web.pmtu6") for d in looks] == ["fail"] * 3
    # two targets on the same address in one run: whichever probe goes first, both fail
    both = scan_json(lab, ["big.deep.lab", "http://big.deep.lab/"], vantage="pmtu")
    assert {_status(both, t, "web.pmtu6") for t in ("big.deep.lab", "http://big.deep.lab/")} == {
        "fail"
    }


def _forget_and_echo(size: int) -> EchoAnswer | None:
    """One echo of ``size`` bytes after the kernel forgot what it learned of the path MTU."""
    subprocess.run(["ip", "-6", "route", "flush", "cache"], check=True)
    assert learned_mtu(BLACK_HOLE) is None
    return asyncio.run(ping(BLACK_HOLE, size, 2.0))


@pytest.mark.lab
def test_an_echo_larger_than_the_path_names_its_mtu(lab: Lab) -> None:
    """The router before big.deep.lab answers a 1400-byte echo with a Packet Too Big (the
    black hole drops only those sent towards the server); the small echo is answered."""
    too_big = lab.run_in(lambda: _forget_and_echo(1400), vantage="pmtu")
    assert too_big == EchoAnswer("packet_too_big", mtu=1280)
    assert lab.run_in(lambda: _forget_and_echo(64), vantage="pmtu") == EchoAnswer("reply")


@pytest.mark.lab
def test_answering_addresses_answer_whatever_the_traffic_around_the_echo(lab: Lab) -> None:
    """Dual-stack, IPv6-only and IPv4-only targets in two processes, two of them on one address:
    their web exchanges land in the echoes' wait. A listener that read every frame lost replies
    to that traffic. Again on a second scan, and with the auditing machine's CPUs saturated."""
    targets = ["www.good.lab", "二级.good.lab", "alias.good.lab", "v6only.integrity.lab"]
    every = [*targets, "v4.good.lab"]
    documents = [scan_json(lab, every, "--no-store", "--processes", "2") for _ in range(2)]
    with saturated(2 * (os.cpu_count() or 1)):
        documents.append(scan_json(lab, every, "--no-store", "--processes", "2"))
    for document in documents:
        for entry in document["targets"]:
            check = next(c for c in entry["checks"] if c["id"] == "net.icmp6")
            answers = [echo["answer"] for echo in check["details"]["echoes"]]
            assert answers == (["reply"] if entry["target"] in targets else []), entry


@pytest.mark.lab
def test_noise_never_warns_and_a_real_penalty_always_does(lab: Lab) -> None:
    targets = sorted(
        {e.target for e in lab.scenario.expectations if e.vantage == "cli" and e.target != VANTAGE}
    )
    assert {*TWINS, *LATE} <= set(targets)
    for _ in range(RUNS):
        document = scan_json(lab, targets)
        twins = {t: _status(document, t, "web.latency6") for t in TWINS}
        assert set(twins.values()) <= {"pass", "info"}, twins
        for late in LATE:
            assert _status(document, late, "web.latency6") in ("warn", "fail"), late


@pytest.mark.lab
def test_a_saturated_auditing_machine_neither_invents_nor_hides_a_penalty(lab: Lab) -> None:
    # two spinning processes per CPU: the auditor's thread queues for a CPU after every answer
    with saturated(2 * (os.cpu_count() or 1)):
        documents = [scan_json(lab, [*TWINS, *LATE, "www.deep.lab"]) for _ in range(2)]
    for document in documents:
        twins = {t: _status(document, t, "web.latency6") for t in TWINS}
        assert set(twins.values()) <= {"pass", "info"}, twins
        for late in LATE:
            assert _status(document, late, "web.latency6") in ("warn", "fail"), late


@pytest.mark.lab
def test_waiting_for_the_auditors_own_rate_is_not_the_sites_time(lab: Lab) -> None:
    """With ``--rate 20``, a redirect loop's 90-odd operations wait for tokens longer than the
    4 s the target may take: time in the auditor's own queue, which must not cut the chains and
    leave the site's verdicts unmeasured (the target's clock leaves it out, up to one more 4 s)."""
    document = scan_json(lab, ["loop.web.lab"], "--no-store", "--rate", "20", "--timeout", "4")
    checks = {c["id"]: verdict(c) for c in document["targets"][0]["checks"]}
    assert checks["web.http6"] == "warn"
    assert checks["web.redirect6"] == "pass"
    assert checks["web.same-content"] == "error/protocol"


@pytest.mark.lab
def test_names_sharing_a_silent_address_all_fail_within_their_time(lab: Lab) -> None:
    """Eight names and drop6 on one address whose IPv6 drops every packet: 36 handshakes to the
    same two ports, four at a time, 4 s each, far more than the 8 s each target may take (and 8
    s more behind the others). A port found silent answers for the others, so every name gets
    its verdict, never "not measured"."""
    targets = ["drop6.web.lab", *SHARED_SILENT]
    document = scan_json(lab, targets, "--no-store", "--timeout", "8")
    for entry in document["targets"]:
        checks = {c["id"]: verdict(c) for c in entry["checks"]}
        assert (checks["web.reach6"], checks["web.http6"]) == ("fail", "fail"), entry["target"]
