"""sec.ports on the fake world: the profile's ports on every usable address of both families."""

from __future__ import annotations

import pytest

from tests.probes.fakes import HOST, V4, V6, World, run_probe
from v6audit.probes.model import Reason
from v6audit.probes.net.errors import ProbeError
from v6audit.probes.port_parity import PortParityProbe


def test_open_ports_per_address() -> None:
    world = World()
    world.host(HOST, aaaa=[V6], a=[V4])
    world.listen(V6, 22, 443)
    world.listen(V4, 22, 443, 3306)
    found = run_probe(PortParityProbe({"ports": [22, 443, 3306]}), HOST, world.context())
    assert found.open_ports == {V6: [22, 443], V4: [22, 443, 3306]}
    assert (found.ports, found.method) == ([22, 443, 3306], "connect")


def test_an_ipv4_only_vantage_cannot_compare() -> None:
    world = World(ipv6=False)
    world.host(HOST, aaaa=[V6], a=[V4])
    with pytest.raises(ProbeError) as caught:
        run_probe(PortParityProbe({"ports": [22]}), HOST, world.context())
    assert caught.value.reason is Reason.NO_LOCAL_IPV6
