"""One target's probes share their TCP handshakes (the target's TCP door), seen by the kernel.

``web.ports`` connects to ports 80 and 443 of every address, ``sec.port-parity`` to its sixteen
ports, 80 and 443 among them: the client namespace's count of connections opened must show each
(address, port) once.
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


@pytest.mark.lab
def test_the_probes_of_a_target_make_each_handshake_once(lab: Lab, tmp_path: Path) -> None:
    profile = tmp_path / "tcp-door.toml"
    profile.write_text(one_goal_document({"web.reach6": 1.0, "sec.port-parity": 1.0}, "door"))
    before = lab.run_in(_active_opens)
    document = scan_json(lab, ["www.good.lab"], "--profile", str(profile), "--no-store")
    opened = lab.run_in(_active_opens) - before
    checks = {c["id"]: c["status"] for c in document["targets"][0]["checks"]}
    assert checks == {"web.reach6": "pass", "sec.port-parity": "pass"}
    assert {80, 443} <= set(PARITY_PORTS)
    assert opened == len(PARITY_PORTS) * 2  # one AAAA, one A; 80 and 443 once each
