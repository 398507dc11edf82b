"""net.icmp6 on fake echoes: every usable AAAA echoed, never a bogus one."""

from __future__ import annotations

import pytest

from tests.probes.fakes import HOST, V4, V6, World, run_probe
from v6audit.probes.model import Reason
from v6audit.probes.net.errors import ProbeError
from v6audit.probes.net.icmpecho import EchoAnswer
from v6audit.probes.net_icmp6 import Icmp6Probe

SILENT6 = "3ffe:501:10::81"


def test_each_usable_aaaa_is_echoed() -> None:
    world = World()
    world.host(HOST, aaaa=[V6, SILENT6, "::ffff:11.10.0.80"], a=[V4])
    world.pings[V6] = EchoAnswer("reply")
    found = run_probe(Icmp6Probe(), HOST, world.context())
    assert [(e.address, e.answer) for e in found.echoes] == [(V6, "reply"), (SILENT6, "none")]


def test_without_root_the_probe_cannot_measure() -> None:
    world = World(root=False)
    world.host(HOST, aaaa=[V6])
    with pytest.raises(ProbeError) as caught:
        run_probe(Icmp6Probe(), HOST, world.context())
    assert caught.value.reason is Reason.NEEDS_ROOT
