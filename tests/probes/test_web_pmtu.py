"""web.pmtu on the fake world: small and large exchanges, the learned MTU, large echoes."""

from __future__ import annotations

import pytest

from tests.probes.fakes import HOST, V4, V6, World, run_probe, site
from v6audit.probes.model import Reason, reason_of
from v6audit.probes.net.errors import ProbeError
from v6audit.probes.net.pathmtu import EchoTest
from v6audit.probes.web_pmtu import ECHO_BYTES, WebPmtuProbe


def test_a_small_head_over_http_then_the_page_over_each_family() -> None:
    world = World()
    site(world)
    world.echoes[V6] = EchoTest(size=ECHO_BYTES, sent=2, large_replies=1, small_reply=True)
    found = run_probe(WebPmtuProbe(), HOST, world.context())
    assert [(e.family, e.method, e.url, reason_of(e.failure)) for e in found.exchanges] == [
        (6, "HEAD", f"http://{HOST}/", None),
        (6, "GET", f"https://{HOST}/", None),
        (4, "GET", f"https://{HOST}/", None),
    ]
    assert found.echoes is not None
    assert found.echoes.large_replies == 1
    assert found.learned_mtu is None
    assert reason_of(found.echoes_failure) is None


def test_a_stalled_large_page_a_learned_mtu_and_no_root() -> None:
    world = World(root=False, learned_mtus={V6: 1280})
    site(world)
    world.fail_page(f"https://{HOST}/", V6, Reason.TIMEOUT)
    found = run_probe(WebPmtuProbe(), HOST, world.context())
    small, large, four = found.exchanges
    assert (reason_of(small.failure), reason_of(large.failure), four.received > 0) == (
        None,
        Reason.TIMEOUT,
        True,
    )
    assert (found.learned_mtu, found.echoes, reason_of(found.echoes_failure)) == (
        1280,
        None,
        Reason.NEEDS_ROOT,
    )


def test_no_plain_http_falls_back_to_a_head_of_the_served_page() -> None:
    world = World()
    world.host(HOST, aaaa=[V6])
    world.page(f"https://{HOST}/", V6)
    small, _large = run_probe(WebPmtuProbe(), HOST, world.context()).exchanges
    assert (small.method, small.url, reason_of(small.failure)) == ("HEAD", f"https://{HOST}/", None)


def test_an_ipv4_only_site_is_not_measured() -> None:
    world = World()
    site(world, aaaa=(), a=[V4])
    assert run_probe(WebPmtuProbe(), HOST, world.context()).exchanges == []


def test_a_host_without_usable_ipv6_is_not_measured_even_when_its_ipv4_is_silent() -> None:
    # the AAAA is IPv4-mapped (never contacted) and the A never answers: the check judges the
    # AAAA, so the home page's timeout must not stand in its way
    world = World()
    world.host(HOST, aaaa=["::ffff:11.0.0.20"], a=[V4])
    assert run_probe(WebPmtuProbe(), HOST, world.context()).exchanges == []


def test_a_home_page_not_found_in_time_is_not_measured() -> None:
    world = World()
    world.host(HOST, aaaa=[V6], a=[V4])  # silent addresses: every walk times out
    with pytest.raises(ProbeError) as unknown:
        run_probe(WebPmtuProbe(), HOST, world.context())
    assert unknown.value.reason is Reason.TIMEOUT
