"""vantage.pmtu6 on the fake world: a small and a large exchange with the reflector."""

from __future__ import annotations

import pytest

from tests.probes.fakes import VANTAGE, World, run_probe, run_settings
from v6audit.probes.model import Reason, reason_of
from v6audit.probes.net.errors import ProbeError
from v6audit.probes.vantage_pmtu import LARGE_BYTES, PathMtuProbe

REFLECTOR = "http://reflector.example.cn:8080/"
REFLECTOR6 = "3ffe:501:60::80"


def reflector_world(large: bytes | Reason) -> World:
    world = World()
    world.host("reflector.example.cn", aaaa=[REFLECTOR6], a=["11.60.0.80"])
    world.page(REFLECTOR, REFLECTOR6, body=b"{}")
    padded = f"{REFLECTOR}?pad={LARGE_BYTES}"
    if isinstance(large, Reason):
        world.fail_page(padded, REFLECTOR6, large)
    else:
        world.page(padded, REFLECTOR6, body=large)
    return world


def test_the_large_answer_arrives() -> None:
    world = reflector_world(b"x" * LARGE_BYTES)
    found = run_probe(PathMtuProbe(), VANTAGE, world.context(run_settings(reflector=REFLECTOR)))
    assert (found.remote, found.large.received, reason_of(found.large.failure)) == (
        REFLECTOR6,
        LARGE_BYTES,
        None,
    )


def test_a_stalled_large_answer_is_the_evidence() -> None:
    world = reflector_world(Reason.TIMEOUT)
    found = run_probe(PathMtuProbe(), VANTAGE, world.context(run_settings(reflector=REFLECTOR)))
    assert (found.large.received, reason_of(found.large.failure)) == (0, Reason.TIMEOUT)


def test_without_a_reflector_or_its_ipv6_nothing_is_measured() -> None:
    with pytest.raises(ProbeError) as caught:
        run_probe(PathMtuProbe(), VANTAGE, World().context())
    assert caught.value.reason is Reason.BAD_INPUT
    world = World()
    world.host("reflector.example.cn", a=["11.60.0.80"])
    with pytest.raises(ProbeError) as caught:
        run_probe(PathMtuProbe(), VANTAGE, world.context(run_settings(reflector=REFLECTOR)))
    assert caught.value.reason is Reason.NO_DATA
