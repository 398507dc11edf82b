"""web.crawl on the fake world: internal links to depth 3 and the home page's resources."""

from __future__ import annotations

from tests.probes.fakes import HOST, V6, World, run_probe, site
from v6audit.probes.model import Reason, reason_of
from v6audit.probes.web_crawl import Problem, WebCrawlProbe

SITE = f"https://{HOST}"
HOME = """<html><head><link rel="stylesheet" href="/s.css"></head><body>
<a href="/a">a</a> <a href="/b">b</a> <a href="https://elsewhere.example.net/">out</a>
<img src="https://img.example.net/logo.png"><script src="http://10.0.0.1/x.js"></script>
</body></html>"""


def crawled_world() -> World:
    world = World()
    site(world, body=HOME)
    world.page(f"{SITE}/a", V6, body='<a href="/c">c</a>')
    world.page(f"{SITE}/c", V6)
    css = {"content-type": "text/css"}
    world.page(f"{SITE}/s.css", V6, body="@font-face { src: url(/f.woff2) }", headers=css)
    world.page(f"{SITE}/f.woff2", V6, headers={"content-type": "font/woff2"})
    world.host("img.example.net", a=["11.10.0.90"])
    return world


def test_links_to_depth_three_and_every_resource_over_ipv6() -> None:
    found = run_probe(WebCrawlProbe(), HOST, crawled_world().context())
    assert (found.home.url, found.home.status, found.read_over) == (f"{SITE}/", 200, 6)
    assert [(f.url, f.depth, f.status, f.problem) for f in found.links] == [
        (f"{SITE}/a", 2, 200, None),
        (f"{SITE}/b", 2, 404, None),  # the status as it came: the checks judge it
        (f"{SITE}/c", 3, 200, None),
    ]
    assert {f.url: f.problem for f in found.resources} == {
        f"{SITE}/s.css": None,
        "https://img.example.net/logo.png": Problem.NO_AAAA,
        "http://10.0.0.1/x.js": Problem.SKIPPED,
        f"{SITE}/f.woff2": None,
    }
    assert found.truncated == []


def test_a_home_page_refused_over_ipv6_is_read_over_ipv4() -> None:
    world = crawled_world()
    world.fail_page(f"{SITE}/", V6, Reason.REFUSED)
    found = run_probe(WebCrawlProbe(), HOST, world.context())
    assert (found.home.problem, reason_of(found.home.failure), found.read_over) == (
        Problem.UNREACHABLE,
        Reason.REFUSED,
        4,
    )
    assert [f.status for f in found.links] == [200, 404, 200]


def test_the_links_per_page_bound_cuts_the_crawl() -> None:
    found = run_probe(WebCrawlProbe({"links_per_page": 1}), HOST, crawled_world().context())
    assert [f.url for f in found.links] == [f"{SITE}/a", f"{SITE}/c"]
    assert found.truncated == ["links_per_page"]


def test_a_link_the_crawls_deadline_cuts_is_left_out_not_failed() -> None:
    world = crawled_world()
    world.stall_page(f"{SITE}/a", V6)
    found = run_probe(WebCrawlProbe({"seconds": 0.5}), HOST, world.context())
    assert f"{SITE}/a" not in {f.url for f in found.links}
    assert "time" in found.truncated
    assert all(f.problem is None for f in found.links)  # nothing counted against the site
