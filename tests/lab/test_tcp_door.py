"""One target's probes share their TCP handshakes (the target's TCP door), seen by the kernel.

``web.ports`` connects to ports 80 and 443 of every address, ``sec.port-parity`` to its sixteen
ports, 80 and 443 among them, and ``web.fetch`` asks for the start page over http and https on
every address: the client namespace's count of connections opened must show each (address,
port) once, on a dual-stack site, an IPv6-only one and one whose IPv6 is silent, with the
verdicts each check gives on its own.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lab.build import Lab
from tests.conftest import scan_json
from tests.profiles import one_goal_document
from v6audit.probes.port_parity import PARITY_PORTS


def _active_opens() -> int:
    """TCP connections this thread's network namespace opened so far (``run_in`` switches one
    thread: ``/proc/net`` would name the process's)."""
    lines = Path("/proc/thread-self/net/snmp").read_text().splitlines()
    names, values = (line.split() for line in lines if line.startswith("Tcp:"))
    return int(values[names.index("ActiveOpens")])


PORTS = len(PARITY_PORTS)
CASES = [
    # dual-stack, ports open or refused: 80 and 443 once on each address
    ("www.good.lab", {"web.reach6": "pass", "sec.port-parity": "pass"}, {2 * PORTS}),
    # IPv6-only: one address, nothing to compare
    ("v6only.integrity.lab", {"web.reach6": "pass", "sec.port-parity": "not_applicable"}, {PORTS}),
    # IPv6 drops every packet: web.ports' 4 s timeout answers port parity's 1 s wait, but when
    # port parity's handshake goes first its timeout says nothing about 4 s: two more then
    (
        "drop6.web.lab",
        {"web.reach6": "fail", "sec.port-parity": "warn"},
        {2 * PORTS, 2 * PORTS + 2},
    ),
]


@pytest.mark.lab
def test_the_probes_of_a_target_make_each_handshake_once(lab: Lab, tmp_path: Path) -> None:
    profile = tmp_path / "tcp-door.toml"
    profile.write_text(one_goal_document({"web.reach6": 1.0, "sec.port-parity": 1.0}, "door"))
    assert {80, 443} <= set(PARITY_PORTS)
    for target, expected, handshakes in CASES:
        for _ in range(2):  # a second scan: nothing carried over from the first
            before = lab.run_in(_active_opens)
            document = scan_json(lab, [target], "--profile", str(profile), "--no-store")
            opened = lab.run_in(_active_opens) - before
            checks = {c["id"]: c["status"] for c in document["targets"][0]["checks"]}
            assert checks == expected, target
            assert opened in handshakes, (target, opened)


WEB_CASES = [
    # the port check's connection carries the page: one per (address, port), not two
    ("www.good.lab", {"web.reach6": "pass", "web.http6": "pass"}, {4}),
    ("v6only.integrity.lab", {"web.reach6": "pass", "web.http6": "pass"}, {2}),
    # the silent IPv6 address: the page waits for the port check's timeout, not one of its own
    ("drop6.web.lab", {"web.reach6": "fail", "web.http6": "fail"}, {4}),
]


@pytest.mark.lab
def test_the_port_check_and_the_start_page_share_each_connection(lab: Lab, tmp_path: Path) -> None:
    profile = tmp_path / "tcp-web-door.toml"
    profile.write_text(one_goal_document({"web.reach6": 1.0, "web.http6": 1.0}, "door"))
    for target, expected, handshakes in WEB_CASES:
        before = lab.run_in(_active_opens)
        document = scan_json(lab, [target], "--profile", str(profile), "--no-store")
        opened = lab.run_in(_active_opens) - before
        checks = {c["id"]: c["status"] for c in document["targets"][0]["checks"]}
        assert checks == expected, target
        assert opened in handshakes, (target, opened)
