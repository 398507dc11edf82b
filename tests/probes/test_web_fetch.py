"""web.fetch: which chains are walked again, and the probe on the fake world."""

from __future__ import annotations

from tests.auditor.checks.observations import page_chain
from tests.probes.fakes import HOST, V4, V6, World, run_probe, run_settings, site
from v6audit.probes.model import Reason, reason_of
from v6audit.probes.net.settings import Timeouts
from v6audit.probes.web_fetch import DEADLINE, Chain, ChainEnd, WebFetchProbe, rate_limited

HTTP, HTTPS = f"http://{HOST}/", f"https://{HOST}/"


def test_429_is_always_retried() -> None:
    chain = page_chain(6, 429)
    assert rate_limited(chain, [chain, page_chain(4, 429)])


def test_403_is_retried_only_when_the_other_family_got_something_else() -> None:
    six, four = page_chain(6, 403), page_chain(4, 200)
    assert rate_limited(six, [six, four])
    assert not rate_limited(four, [six, four])
    both = page_chain(4, 403)
    assert not rate_limited(six, [six, both])


def test_other_statuses_are_not_retried() -> None:
    chain = page_chain(6, 503)
    assert not rate_limited(chain, [chain, page_chain(4)])


def chains(world: World, target: str = HOST) -> dict[tuple[int, str], Chain]:
    found = run_probe(WebFetchProbe(), target, world.context())
    return {(chain.family, chain.start_url): chain for chain in found.chains}


def test_every_start_url_on_every_address_follows_its_redirects() -> None:
    world = World()
    site(world)
    found = chains(world)
    assert sorted(found) == [(4, HTTP), (4, HTTPS), (6, HTTP), (6, HTTPS)]
    for (family, _start), chain in found.items():
        assert (chain.end, chain.status, chain.address) == (
            ChainEnd.RESPONSE,
            200,
            V6 if family == 6 else V4,
        )
        assert chain.page is not None
        assert "Welcome" in chain.page.text
    assert [(h.status, h.location) for h in found[6, HTTP].hops] == [(301, HTTPS), (200, None)]
    assert found[6, HTTPS].hops[0].certificate_sha256 == "c0ffee"


def test_a_refused_port_fails_the_chain_on_that_address_only() -> None:
    world = World()
    site(world)
    world.fail_page(HTTPS, V6, Reason.REFUSED)
    found = chains(world)
    assert (found[6, HTTPS].end, reason_of(found[6, HTTPS].hops[-1].failure)) == (
        ChainEnd.FAILED,
        Reason.REFUSED,
    )
    assert found[6, HTTP].end is ChainEnd.FAILED  # its redirect leads to the same port
    assert found[4, HTTPS].end is ChainEnd.RESPONSE


def test_a_redirect_to_a_host_without_a_usable_aaaa_ends_the_ipv6_chain() -> None:
    world = World()
    site(world)
    for address in (V6, V4):
        world.redirect(HTTP, address, "https://v4.example.cn/")
        world.redirect(HTTPS, address, "https://bogus.example.cn/")
    world.host("v4.example.cn", a=["11.10.0.90"])
    world.page("https://v4.example.cn/", "11.10.0.90")
    world.host("bogus.example.cn", aaaa=["::ffff:11.10.0.91"], a=["11.10.0.91"])
    world.page("https://bogus.example.cn/", "11.10.0.91")
    found = chains(world)
    assert (found[6, HTTP].end, reason_of(found[6, HTTP].hops[-1].failure)) == (
        ChainEnd.NO_ADDRESS,
        Reason.NO_DATA,
    )
    assert (found[6, HTTPS].end, reason_of(found[6, HTTPS].hops[-1].failure)) == (
        ChainEnd.NO_ADDRESS,
        Reason.POLICY,
    )
    assert found[4, HTTP].status == found[4, HTTPS].status == 200


def test_literals_of_the_other_family_and_loops_end_a_chain() -> None:
    world = World()
    site(world)
    world.redirect(HTTP, V6, "http://11.10.0.80/")
    world.redirect(HTTPS, V6, "/")
    found = chains(world)
    assert found[6, HTTP].end is ChainEnd.OTHER_FAMILY_LITERAL
    assert found[6, HTTPS].end is ChainEnd.REDIRECT_LOOP


def test_an_ipv6_only_host_and_a_url_target() -> None:
    world = World()
    site(world, a=())
    found = chains(world, "https://www.example.cn/")
    assert list(found) == [(6, HTTPS)]


def test_the_hsts_header_is_kept_as_served() -> None:
    world = World()
    world.host(HOST, [V6], [V4])
    policy = "max-age=31536000; includeSubDomains"
    world.page(HTTPS, V4, body="x", headers={"strict-transport-security": policy})
    world.page(HTTPS, V6, body="x", headers={"content-type": "text/html"})
    found = chains(world, HTTPS)
    hsts = {family: chain.page.hsts for (family, _), chain in found.items() if chain.page}
    assert hsts == {4: policy, 6: None}


def test_a_chain_the_targets_deadline_cuts_ends_cut_short_not_failed() -> None:
    world = World()
    site(world)
    world.redirect(f"https://{HOST}/", V6, f"https://{HOST}/next")
    world.stall_page(f"https://{HOST}/next", V6)
    quick = run_settings(timeouts=Timeouts(probe=0.5))
    found = run_probe(WebFetchProbe(), HOST, world.context(quick))
    cut = next(c for c in found.chains if c.family == 6 and c.start_url == f"https://{HOST}/")
    assert cut.end is ChainEnd.CUT_SHORT
    assert cut.hops[-1].failure is not None
    assert cut.hops[-1].failure.message == DEADLINE
    assert all(c.end is ChainEnd.RESPONSE for c in found.chains if c.family == 4)
