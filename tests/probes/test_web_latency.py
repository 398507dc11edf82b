"""How many pairs the latency probe takes, against an in-memory network of known timings."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from types import SimpleNamespace
from typing import Any

import pytest

from auditor.runqueue import waited
from auditor.targets import parse_target
from probes import web_latency
from probes.web_home import Home
from probes.web_latency import TICK, Latency, WebLatencyProbe

HOME = Home(
    url="http://www.example.cn/",
    addresses={"6": "2001:db8::1", "4": "192.0.2.1"},
    starts=["http://www.example.cn/"],
)


class FakeNetwork:
    """Answers at once, reporting the page timings it is given per address, one per fetch."""

    def __init__(self, pages: dict[str, Iterator[float]]) -> None:
        self.pages = pages
        self.dns = SimpleNamespace(timed_lookup=self.timed_lookup)
        self.tcp = SimpleNamespace(connect=self.connect)
        self.web = SimpleNamespace(session=self.session)
        self.settings = SimpleNamespace(timeouts=SimpleNamespace(probe=30.0))

    async def timed_lookup(self, name: str, rdtype: str) -> float:
        return 0.001

    async def connect(self, address: str, port: int) -> float:
        return 0.001

    @asynccontextmanager
    async def session(self) -> AsyncIterator[SimpleNamespace]:
        yield SimpleNamespace(fetch=self.fetch)

    async def fetch(self, url: str, address: str) -> SimpleNamespace:
        seconds = next(self.pages[address]) / 1000
        return SimpleNamespace(first_byte=seconds, seconds=seconds)


def _run(
    pages: dict[str, Iterator[float]], monkeypatch: pytest.MonkeyPatch, **params: Any
) -> Latency:
    async def home(target: object, ctx: object) -> Home:
        return HOME

    monkeypatch.setattr(web_latency, "find_home", home)
    probe = WebLatencyProbe({"spacing": 0.0, **params})
    ctx: Any = FakeNetwork(pages)
    return asyncio.run(probe.run(parse_target("www.example.cn"), ctx))


def _steady(value: float) -> Iterator[float]:
    while True:
        yield value


def _pages(six: Iterator[float], four: Iterator[float]) -> dict[str, Iterator[float]]:
    return {HOME.addresses["6"]: six, HOME.addresses["4"]: four}


def test_alike_families_stop_at_the_base_samples(monkeypatch: pytest.MonkeyPatch) -> None:
    latency = _run(_pages(_steady(50.0), _steady(50.0)), monkeypatch)
    assert len(latency.samples) == 2 * 6
    assert {s.family for s in latency.samples} == {6, 4}


def test_a_lag_is_confirmed_over_twice_the_base_samples(monkeypatch: pytest.MonkeyPatch) -> None:
    latency = _run(_pages(_steady(200.0), _steady(50.0)), monkeypatch)
    assert len(latency.samples) == 2 * 2 * 6


def test_an_inconclusive_comparison_takes_more_pairs_until_the_floors_decide(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # after the warm-up, five of IPv6's six samples fell on busy moments: medians apart, floors
    # not; quiet samples follow, and from the fifth more the medians agree too
    def six() -> Iterator[float]:
        yield from (10.0, 10.0, 90.0, 95.0, 92.0, 94.0, 96.0)
        yield from _steady(10.0)

    latency = _run(_pages(six(), _steady(10.0)), monkeypatch)
    assert len(latency.samples) == 2 * (6 + 5)


def test_an_undecidable_comparison_stops_at_max_samples(monkeypatch: pytest.MonkeyPatch) -> None:
    def alternating() -> Iterator[float]:  # half the IPv6 samples slow, for ever: no floor moves
        while True:
            yield from (10.0, 95.0, 95.0)

    latency = _run(_pages(alternating(), _steady(10.0)), monkeypatch, max_samples=9)
    assert len(latency.samples) == 2 * 9


def test_each_stage_records_the_auditors_own_delays(monkeypatch: pytest.MonkeyPatch) -> None:
    latency = _run(_pages(_steady(20.0), _steady(20.0)), monkeypatch)
    for sample in latency.samples:
        assert sample.late_ms is not None
        assert sample.late_ms >= 0
        stages = {"dns_ms", "connect_ms", "first_byte_ms", "page_ms"}
        assert set(sample.stalled_ms) == stages
        assert min(sample.stalled_ms.values()) >= 1000 * TICK  # a bound: at least one tick
        if waited() is not None:  # the kernel counts it (Linux with scheduler statistics)
            assert set(sample.waited_ms) == stages
            assert min(sample.waited_ms.values()) >= 0
