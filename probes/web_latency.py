"""Repeated timings of the home page over each family: DNS, TCP connect, first byte, full page.

The website monitoring compares IPv6 with IPv4 on these four stages over repeated samples, not
one: a single reading mostly measures chance. The page timed is the one the site serves
(:mod:`probes.web_home`: HTTP when there is no HTTPS, after the site's redirects). Each sample
times, per family, a fresh resolution of AAAA (or A) of the page's host, then a load of the page
on a fresh connection (so the first byte includes the handshakes, as for a new visitor), timed
by the kernel (:mod:`probes.net.pageload`): the auditor's own load, its other targets and other
processes on its CPUs, stays out of the figures, which are the network's and the server's.
The families are interleaved, and which goes first alternates from sample to sample
(6 4 4 6 6 4 ...: with an even count, a load on the server or the network that rises or falls
steadily weighs on both alike). A first pair is measured and dropped: it runs while the
target's other probes are at their busiest.

After ``samples`` pairs the probe goes on, up to ``max_samples`` pairs, while the comparison
(:func:`probes.latency.settled`) is inconclusive: more samples bring the floors down to the
true values, until they decide. Pairs that would not fit in the engine's probe timeout are
left out, and the observation says how many were taken.
"""

from __future__ import annotations

import asyncio
from typing import Any

from v6audit.probes.base import Inputs, Probe
from v6audit.probes.latency import LatencyParams, Sample, settled
from v6audit.probes.model import Failure, Observation, Target
from v6audit.probes.net.context import ProbeContext
from v6audit.probes.net.errors import describe, target_reason
from v6audit.probes.urlparts import parsed
from v6audit.probes.web_home import WebHomeProbe


class Latency(Observation):
    url: str | None
    """The served home page timed; None when no start URL gave a page."""
    addresses: dict[str, str]
    """Family ("6", "4") to the address timed."""
    wanted: int
    spacing: float
    samples: list[Sample]


class WebLatencyProbe(Probe[Latency]):
    name = "web.latency"
    observation_type = Latency
    requires = (WebHomeProbe,)
    Params = LatencyParams
    params: LatencyParams

    async def run(self, target: Target, ctx: ProbeContext, inputs: Inputs) -> Latency:
        assert target.host is not None
        params = self.params.model_dump()
        wanted, most, spacing = self.params.samples, self.params.max_samples, self.params.spacing
        loop = asyncio.get_running_loop()
        home = inputs.get(WebHomeProbe)
        if home.addresses.keys() != {"6", "4"}:  # nothing to compare: the check says why
            return Latency(url=None, addresses={}, wanted=wanted, spacing=spacing, samples=[])
        url = home.served()
        if url is None:
            return Latency(url=None, addresses={}, wanted=wanted, spacing=spacing, samples=[])
        host = parsed(url).host
        chosen = list(home.addresses.items())
        for family, address in chosen:  # warm-up, not kept: see the module's docstring
            await _sample(ctx, url, host, int(family), address)
        samples: list[Sample] = []
        longest = 0.0  # the slowest pair so far: an extra pair that may not fit is not started
        for index in range(max(wanted, most)):
            extra = index >= wanted
            if extra and settled(samples, params):
                break
            if loop.time() + spacing + (longest if extra else 0.0) >= inputs.budget.deadline:
                break
            await asyncio.sleep(spacing)
            started = loop.time()
            for family, address in chosen if index % 2 == 0 else reversed(chosen):
                samples.append(await _sample(ctx, url, host, int(family), address))
            longest = max(longest, loop.time() - started)
        return Latency(
            url=url, addresses=home.addresses, wanted=wanted, spacing=spacing, samples=samples
        )


async def _sample(ctx: ProbeContext, url: str, host: str, family: int, address: str) -> Sample:
    timed: dict[str, Any] = {"family": family}
    try:
        record = "AAAA" if family == 6 else "A"
        timed["dns_ms"] = _ms(await ctx.dns.timed_lookup(host, record))
        load = await ctx.web.load(url, address)
        timed |= {
            "connect_ms": _ms(load.connect),
            "first_byte_ms": _ms(load.first_byte),
            "page_ms": _ms(load.page),
            "stamped": load.stamped,
        }
    except Exception as exc:
        timed["failure"] = Failure(reason=target_reason(exc), message=describe(exc))
    return Sample.model_validate(timed)


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)
