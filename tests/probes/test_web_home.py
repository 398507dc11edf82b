"""Finding the served home page on the fake world: redirects, one family only, nothing served."""

from __future__ import annotations

import pytest

from tests.probes.fakes import HOST, V4, V6, World, run_probe, site
from v6audit.probes.model import Reason, reason_of
from v6audit.probes.net.context import ProbeContext
from v6audit.probes.net.errors import ProbeError
from v6audit.probes.web_home import Home, WebHomeProbe

WWW6, WWW4 = "3ffe:501:10::81", "11.10.0.81"


def test_the_home_page_is_where_the_redirects_lead() -> None:
    world = World()
    site(world, host="example.cn")
    site(world, host=HOST, aaaa=[WWW6], a=[WWW4])
    for address in (V6, V4):
        world.redirect("https://example.cn/", address, f"https://{HOST}/")
    home = served_home("example.cn", world.context())
    assert (home.url, home.addresses) == (f"https://{HOST}/", {"6": WWW6, "4": WWW4})
    assert home.starts == ["https://example.cn/", "http://example.cn/"]


def test_an_http_only_site_is_served_over_http() -> None:
    world = World()
    world.host(HOST, aaaa=[V6], a=[V4])
    world.page(f"http://{HOST}/", V6)
    world.page(f"http://{HOST}/", V4)
    home = served_home(HOST, world.context())
    assert home.url == f"http://{HOST}/"


def test_an_ipv6_only_site_has_its_ipv6_address_only() -> None:
    world = World()
    site(world, a=())
    home = served_home(HOST, world.context())
    assert home.addresses == {"6": V6}


def test_no_page_anywhere_is_no_home() -> None:
    world = World()
    world.host(HOST, aaaa=[V6], a=[V4])
    world.page(f"https://{HOST}/", V6, status=500)
    assert served_home(HOST, world.context()).url is None


def test_a_walk_cut_short_leaves_the_home_page_unknown_not_absent() -> None:
    world = World()
    world.host(HOST, aaaa=[V6], a=[V4])
    for scheme in ("https", "http"):
        world.fail_page(f"{scheme}://{HOST}/", V6, Reason.TIMEOUT)
        world.fail_page(f"{scheme}://{HOST}/", V4, Reason.REFUSED)
    home = served_home(HOST, world.context())
    assert home.url is None
    assert reason_of(home.failure) is Reason.TIMEOUT
    with pytest.raises(ProbeError) as unknown:
        home.served()
    assert unknown.value.reason is Reason.TIMEOUT


def test_a_site_that_refuses_everywhere_serves_no_home_page() -> None:
    world = World()
    world.host(HOST, aaaa=[V6], a=[V4])
    for scheme in ("https", "http"):
        for address in (V6, V4):
            world.fail_page(f"{scheme}://{HOST}/", address, Reason.REFUSED)
    home = served_home(HOST, world.context())
    assert (home.served(), home.failure) == (None, None)


def served_home(host: str, ctx: ProbeContext) -> Home:
    return run_probe(WebHomeProbe(), host, ctx)
