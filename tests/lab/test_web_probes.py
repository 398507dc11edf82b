"""The web probes against the lab's hostile servers: bounded time, bounded memory, evidence."""

from __future__ import annotations

import asyncio
import ipaddress
import time
import tracemalloc

import pytest

from lab.build import Lab
from lab.rawserver import RATE_QUIET
from v6audit.auditor.probegraph import observe, with_requirements
from v6audit.auditor.targets import parse_target
from v6audit.probes.model import reason_of
from v6audit.probes.net.context import ProbeContext
from v6audit.probes.net.settings import ScanSettings, Timeouts
from v6audit.probes.web_fetch import ChainEnd, WebFetches, WebFetchProbe

CAP = ScanSettings().limits.body_bytes


def fetch(lab: Lab, host: str, timeouts: Timeouts | None = None) -> tuple[WebFetches, float]:
    """Run the web.fetch probe in the client namespace: the observation and seconds taken."""
    settings = ScanSettings(
        resolvers=(lab.scenario.resolver(6),),
        ca_bundle=lab.ca_path,
        timeouts=timeouts or Timeouts(),
    )

    async def run() -> WebFetches:
        probes = {probe: probe() for probe in with_requirements([WebFetchProbe])}
        ctx = ProbeContext.create(settings)
        found = (await observe(parse_target(host), ctx, probes, [WebFetchProbe]))[
            WebFetchProbe.name
        ]
        assert isinstance(found, WebFetches), found
        return found

    started = time.monotonic()
    found = lab.run_in(lambda: asyncio.run(run()))
    return found, time.monotonic() - started


@pytest.mark.lab
@pytest.mark.parametrize("host", ["huge.web.lab", "bomb.web.lab"])
def test_huge_bodies_and_gzip_bombs_are_capped(lab: Lab, host: str) -> None:
    tracemalloc.start()
    try:
        found, seconds = fetch(lab, host)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    pages = [c.page for c in found.chains if c.start_url.startswith("http:")]
    assert all(p is not None and p.truncated and p.size == CAP for p in pages)
    assert len(pages) == 2
    assert peak < 40 * CAP  # two capped pages and their text, not 1 GB or 256 MB
    assert seconds < 10


@pytest.mark.lab
def test_a_trickling_server_is_cut_off_by_the_exchange_timeout(lab: Lab) -> None:
    found, seconds = fetch(lab, "trickle.web.lab", Timeouts(exchange=2.0))
    http = [c for c in found.chains if c.start_url.startswith("http:")]
    assert [reason_of(c.hops[-1].failure) for c in http] == ["timeout", "timeout"]
    assert seconds < 6


@pytest.mark.lab
def test_the_per_target_deadline_bounds_the_probe(lab: Lab) -> None:
    found, seconds = fetch(lab, "silent6.web.lab", Timeouts(probe=3.0, exchange=30.0))
    silent = [c for c in found.chains if c.family == 6]
    assert all("deadline" in (f.message if (f := c.hops[-1].failure) else "") for c in silent)
    assert seconds < 4


@pytest.mark.lab
def test_endless_redirects_stop(lab: Lab) -> None:
    found, _ = fetch(lab, "loop.web.lab")
    chain = next(c for c in found.chains if c.family == 6 and c.start_url.startswith("http:"))
    assert chain.end is ChainEnd.TOO_MANY_REDIRECTS
    assert len(chain.hops) == 11


@pytest.mark.lab
def test_a_rate_limited_answer_is_retried_once(lab: Lab) -> None:
    time.sleep(RATE_QUIET + 0.5)  # other tests' scans of the site are forgotten: this client is new
    found, _ = fetch(lab, "ratelimit.web.lab")
    http = [c for c in found.chains if c.start_url.startswith("http:")]
    assert [(c.retried, c.status) for c in http] == [(True, 200), (True, 200)]


@pytest.mark.lab
def test_every_hop_stays_on_the_family_of_its_chain(lab: Lab) -> None:
    found, _ = fetch(lab, "redir4.web.lab")
    for chain in found.chains:
        hops = [h.address for h in chain.hops if h.address is not None]
        assert {ipaddress.ip_address(a).version for a in hops} == {chain.family}
    ipv4 = next(c for c in found.chains if c.family == 4 and c.start_url.startswith("http:"))
    assert [h.address for h in ipv4.hops] == ["11.41.0.60", "11.41.0.61"]
