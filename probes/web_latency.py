"""Repeated timings of the home page over each family: DNS, TCP connect, first byte, full page.

The website monitoring compares IPv6 with IPv4 on these four stages over repeated samples, not
one: a single reading mostly measures chance. The page timed is the one the site serves
(:mod:`probes.web_home`: HTTP when there is no HTTPS, after the site's redirects). Each sample
times, per family, a fresh resolution of AAAA (or A) of the page's host, a TCP handshake with
its address, and a GET in a fresh session (so the first byte includes the handshake, as for a
new visitor). The families are interleaved, and which goes first alternates from sample to
sample (6 4 4 6 6 4 ...: with an even count, a load that rises or falls steadily weighs on both
alike). A first pair is measured and dropped: it runs while the target's other probes are at
their busiest.

Each stage also records how long the auditor's thread waited for a CPU while timing it
(:mod:`probes.net.runqueue`), and each sample how long the event loop took to come back to it
when it yielded just before starting (the other work of this auditor it waited behind): the
measured values stay as measured, the check decides what the waits take out. After
``samples`` pairs the probe goes on, up to ``max_samples`` pairs, while the comparison
(:func:`probes.latency.settled`) is inconclusive: more samples bring the floors down to the
true values, until they decide. Pairs that would not fit in the engine's probe timeout are
left out, and the observation says how many were taken.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import httpx
from pydantic import Field

from v6audit.probes.base import Inputs, Probe, ProbeParams
from v6audit.probes.latency import DEFAULTS, settled
from v6audit.probes.model import Failure, Observation, StoredFailure, Target
from v6audit.probes.net.context import ProbeContext
from v6audit.probes.net.errors import describe, target_reason
from v6audit.probes.net.runqueue import waited
from v6audit.probes.web_home import WebHomeProbe

T = TypeVar("T")
TICK = 0.005
"""Seconds between the ticks that watch how late the event loop is during an exchange."""


class Sample(Observation):
    family: int
    dns_ms: float | None = None
    connect_ms: float | None = None
    first_byte_ms: float | None = None
    page_ms: float | None = None
    waited_ms: dict[str, float] = Field(default_factory=dict)
    """Stage to the time (ms) the auditor's thread spent runnable but not running while timing
    it (the auditing machine's delay, included in the measured value; an upper bound, as it also
    counts waits before the answer came). The fetch's wait stands for both ``first_byte_ms``
    and ``page_ms``. Empty where the kernel does not count it."""
    stalled_ms: dict[str, float] = Field(default_factory=dict)
    """Stage to at most how long (ms) an answer that came during it could have waited for the
    event loop: the longest a ticker of the loop was late meanwhile, plus its period (the
    auditor's own delay, CPU queueing and other coroutines ahead alike)."""
    late_ms: float | None = None
    """How long the event loop took to resume this sample when it yielded just before it: the
    auditor's own backlog (its other targets) at that moment, shown with the samples."""
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
    """How many pairs to take, and the margins that say when more would not change the verdict
    (the check's own parameters: the probe stops sampling once the check could decide)."""

    samples: int = Field(default=DEFAULTS["samples"], ge=0)
    max_samples: int = Field(default=DEFAULTS["max_samples"], ge=0)
    spacing: float = Field(default=DEFAULTS["spacing"], ge=0)
    max_ratio: float = Field(default=DEFAULTS["max_ratio"], ge=0)
    slack_ms: float = Field(default=DEFAULTS["slack_ms"], ge=0)
    max_ms: float = Field(default=DEFAULTS["max_ms"], ge=0)
    min_samples: int = Field(default=DEFAULTS["min_samples"], ge=0)


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
        deadline = inputs.budget.deadline
        home = inputs.get(WebHomeProbe)
        if home.url is None:
            return Latency(url=None, addresses={}, wanted=wanted, spacing=spacing, samples=[])
        host = httpx.URL(home.url).host
        chosen = list(home.addresses.items())
        for family, address in chosen:  # warm-up, not kept: see the module's docstring
            await _sample(ctx, home.url, host, int(family), address)
        samples: list[Sample] = []
        longest = 0.0  # the slowest pair so far: an extra pair that may not fit is not started
        for index in range(max(wanted, most)):
            extra = index >= wanted
            if extra and settled(samples, params):
                break
            if loop.time() + spacing + (longest if extra else 0.0) >= deadline:
                break
            await asyncio.sleep(spacing)
            started = loop.time()
            for family, address in chosen if index % 2 == 0 else reversed(chosen):
                samples.append(await _sample(ctx, home.url, host, int(family), address))
            longest = max(longest, loop.time() - started)
        return Latency(
            url=home.url, addresses=home.addresses, wanted=wanted, spacing=spacing, samples=samples
        )


async def _sample(ctx: ProbeContext, url: str, host: str, family: int, address: str) -> Sample:
    loop = asyncio.get_running_loop()
    yielded = loop.time()
    await asyncio.sleep(0)
    timed: dict[str, Any] = {"family": family, "late_ms": _ms(loop.time() - yielded)}
    delays: tuple[dict[str, float], dict[str, float]] = ({}, {})
    parsed = httpx.URL(url)
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    try:
        record = "AAAA" if family == 6 else "A"
        dns = await _stage(delays, ("dns_ms",), lambda: ctx.dns.timed_lookup(host, record))
        timed["dns_ms"] = _ms(dns)
        timed["connect_ms"] = _ms(
            await _stage(delays, ("connect_ms",), lambda: ctx.tcp.connect(address, port))
        )
        async with ctx.web.session() as session:
            response = await _stage(
                delays, ("first_byte_ms", "page_ms"), lambda: session.fetch(url, address)
            )
        timed["first_byte_ms"] = _ms(response.first_byte)
        timed["page_ms"] = _ms(response.seconds)
    except Exception as exc:
        timed["failure"] = Failure(reason=target_reason(exc), message=describe(exc))
    return Sample.model_validate({**timed, "waited_ms": delays[0], "stalled_ms": delays[1]})


async def _stage(
    delays: tuple[dict[str, float], dict[str, float]],
    stages: tuple[str, ...],
    timed: Callable[[], Awaitable[T]],
) -> T:
    """Await ``timed``, recording for each of ``stages`` how long this thread waited for a CPU
    meanwhile (into ``delays[0]``, when the kernel tells) and at most how long its answer waited
    for the event loop (into ``delays[1]``)."""
    waits, stalls = delays
    lateness = _Lateness()
    ticker = asyncio.create_task(lateness.watch())
    before = waited()
    try:
        return await timed()
    finally:
        stalls.update(dict.fromkeys(stages, _ms(lateness.bound())))
        ticker.cancel()
        after = waited()
        if before is not None and after is not None:
            waits.update(dict.fromkeys(stages, _ms(after - before)))


class _Lateness:
    """How late the event loop runs what is due, watched by a ticker every ``TICK``.

    An answer waits for the loop exactly as a due tick does: the thread queued for a CPU, or
    the callbacks ahead of it. A wait longer than ``TICK`` delays a tick due within it by all
    but ``TICK`` of it, so the worst lateness plus ``TICK`` bounds how long any answer waited.
    """

    def __init__(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.due = self.loop.time() + TICK
        self.worst = 0.0

    async def watch(self) -> None:
        while True:
            await asyncio.sleep(max(self.due - self.loop.time(), 0.0))
            self.worst = max(self.worst, self.loop.time() - self.due)
            self.due = self.loop.time() + TICK

    def bound(self) -> float:
        """The worst lateness so far (the pending tick's included) plus ``TICK``."""
        return max(self.worst, self.loop.time() - self.due) + TICK


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)
