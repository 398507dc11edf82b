"""Repeated timings of the home page over each family: DNS, TCP connect, first byte, full page.

The website monitoring compares IPv6 with IPv4 on these four stages over repeated samples, not
one: a single reading mostly measures chance. The page timed is the one the site serves
(:mod:`probes.web_home`: HTTP when there is no HTTPS, after the site's redirects). Each sample
times, per family, a fresh resolution of AAAA (or A) of the page's host, a TCP handshake with
its address, and a GET in a fresh session (so the first byte includes the handshake, as for a
new visitor). The families are interleaved, and which goes first alternates from sample to
sample (6 4 4 6 6 4 ...: with an even count, a load that rises or falls steadily weighs on both
alike). A first pair is measured and dropped: it runs while the target's other probes are at
their busiest. Count and spacing come from the profile; samples that would not fit in the
engine's probe timeout are left out, and the observation says how many were taken.
"""

from __future__ import annotations

import asyncio

import httpx
from pydantic import Field

from auditor.context import ProbeContext
from auditor.errors import describe, target_reason
from auditor.model import Failure, Observation, StoredFailure, Target
from probes.base import Inputs, Probe, ProbeParams
from probes.web_home import WebHomeProbe

SAMPLES = 6
"""Pairs of samples (one per family), an even count so the alternating order balances out."""
SPACING = 0.1
"""Seconds between samples."""


class Sample(Observation):
    family: int
    dns_ms: float | None = None
    connect_ms: float | None = None
    first_byte_ms: float | None = None
    page_ms: float | None = None
    failure: Failure | None = None
    """Set when the sample failed somewhere; the stages before it are kept."""

    stored_failures = (StoredFailure("failure", "reason", "message"),)


class Latency(Observation):
    url: str | None
    """The served home page timed; None when no start URL gave a page."""
    addresses: dict[str, str]
    """Family ("6", "4") to the address timed."""
    wanted: int
    spacing: float
    samples: list[Sample]


class LatencyParams(ProbeParams):
    samples: int = Field(default=SAMPLES, ge=0)
    spacing: float = Field(default=SPACING, ge=0)


class WebLatencyProbe(Probe[Latency]):
    name = "web.latency"
    observation_type = Latency
    requires = (WebHomeProbe,)
    Params = LatencyParams
    params: LatencyParams

    async def run(self, target: Target, ctx: ProbeContext, inputs: Inputs) -> Latency:
        assert target.host is not None
        wanted, spacing = self.params.samples, self.params.spacing
        loop = asyncio.get_running_loop()
        deadline = inputs.budget.deadline
        home = inputs.get(WebHomeProbe)
        if home.url is None:
            return Latency(url=None, addresses={}, wanted=wanted, spacing=spacing, samples=[])
        host = httpx.URL(home.url).host
        chosen = list(home.addresses.items())
        for family, address in chosen:  # warm-up, not kept: see the module's docstring
            await _sample(ctx, home.url, host, int(family), address)
        samples: list[Sample] = []
        for index in range(wanted):
            if loop.time() + spacing >= deadline:
                break
            await asyncio.sleep(spacing)
            for family, address in chosen if index % 2 == 0 else reversed(chosen):
                samples.append(await _sample(ctx, home.url, host, int(family), address))
        return Latency(
            url=home.url, addresses=home.addresses, wanted=wanted, spacing=spacing, samples=samples
        )


async def _sample(ctx: ProbeContext, url: str, host: str, family: int, address: str) -> Sample:
    timed: dict[str, object] = {}
    parsed = httpx.URL(url)
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    try:
        timed["dns_ms"] = _ms(await ctx.dns.timed_lookup(host, "AAAA" if family == 6 else "A"))
        timed["connect_ms"] = _ms(await ctx.tcp.connect(address, port))
        async with ctx.web.session() as session:
            response = await session.fetch(url, address)
        timed["first_byte_ms"] = _ms(response.first_byte)
        timed["page_ms"] = _ms(response.seconds)
    except Exception as exc:
        timed["failure"] = Failure(reason=target_reason(exc), message=describe(exc))
    return Sample.model_validate({"family": family, **timed})


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)
