"""Page loads timed by the kernel, against the lab's nginx and raw servers.

What the latency check compares must be the network's and the server's time, never the
auditor's: a load whose event loop is held up meanwhile still times the page as served, and a
server that answers late over IPv6 is timed at least that late. The bounds asserted are the
servers' own delays and the block the test imposes, not the speed of this machine.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

import pytest

from lab.build import Lab
from lab.rawserver import PENALTY6_DELAY
from v6audit.probes.model import Reason
from v6audit.probes.net.context import ProbeContext
from v6audit.probes.net.errors import ProbeError
from v6audit.probes.net.pageload import PageLoad
from v6audit.probes.net.settings import ScanSettings, Timeouts

TWIN = ("twin1.deep.lab", "3ffe:501:57::21", "11.57.0.21")
PLAIN = ("plain.deep.lab", "3ffe:501:57::10", "11.57.0.10")
BLOCK = 0.3
"""Seconds the test holds the auditor's event loop while a load is under way."""
T = TypeVar("T")


def _in_lab(
    lab: Lab, work: Callable[[ProbeContext], Awaitable[T]], timeouts: Timeouts | None = None
) -> T:
    settings = ScanSettings(
        resolvers=(lab.scenario.resolver(6),),
        ca_bundle=lab.ca_path,
        timeouts=timeouts or Timeouts(),
    )

    async def run() -> T:
        return await work(ProbeContext.create(settings))

    return lab.run_in(lambda: asyncio.run(run()))


def _load(lab: Lab, url: str, address: str) -> PageLoad:
    return _in_lab(lab, lambda ctx: ctx.web.load(url, address))


@pytest.mark.lab
@pytest.mark.parametrize("scheme", ["https", "http"])
@pytest.mark.parametrize("family", [6, 4])
def test_a_page_is_loaded_and_every_stage_stamped(lab: Lab, scheme: str, family: int) -> None:
    name, six, four = TWIN
    load = _load(lab, f"{scheme}://{name}/", six if family == 6 else four)
    assert (load.status, load.stamped) == (200, True)
    assert load.received > 0
    assert 0 < load.connect <= load.first_byte <= load.page


@pytest.mark.lab
def test_a_server_late_over_ipv6_is_timed_at_least_that_late(lab: Lab) -> None:
    name, six, four = PLAIN
    late = _load(lab, f"http://{name}/", six)
    assert late.first_byte >= PENALTY6_DELAY
    assert late.page >= PENALTY6_DELAY
    assert _load(lab, f"http://{name}/", four).status == late.status == 200


@pytest.mark.lab
@pytest.mark.parametrize("scheme", ["https", "http"])
def test_the_auditors_own_stall_is_not_in_the_timings(lab: Lab, scheme: str) -> None:
    name, six, _ = TWIN

    async def stalled(ctx: ProbeContext) -> tuple[PageLoad, float]:
        async def hold_the_loop() -> None:
            await asyncio.sleep(0.002)  # the load is under way: connecting or waiting for bytes
            time.sleep(BLOCK)  # noqa: ASYNC251 - the stall is the point

        started = time.monotonic()
        load, _ = await asyncio.gather(ctx.web.load(f"{scheme}://{name}/", six), hold_the_loop())
        return load, time.monotonic() - started

    load, wall = _in_lab(lab, stalled)
    assert wall >= BLOCK
    assert load.page < BLOCK  # the lab's page comes in far less; the stall is not counted


@pytest.mark.lab
def test_failures_are_typed(lab: Lab) -> None:
    name, six, _ = TWIN

    async def attempt(ctx: ProbeContext, url: str, address: str) -> Reason:
        with pytest.raises(ProbeError) as raised:
            await ctx.web.load(url, address)
        return raised.value.reason

    assert _in_lab(lab, lambda ctx: attempt(ctx, f"http://{name}:8/", six)) is Reason.REFUSED
    assert _in_lab(lab, lambda ctx: attempt(ctx, f"http://{name}/", "::1")) is Reason.POLICY
    wrong_name = f"https://wrong-{name}/"  # the lab certificate does not cover it
    assert _in_lab(lab, lambda ctx: attempt(ctx, wrong_name, six)) is Reason.TLS


@pytest.mark.lab
def test_a_huge_page_is_read_to_the_body_cap_only(lab: Lab) -> None:
    load = _load(lab, "http://huge.web.lab/", "3ffe:501:42::30")  # 1 GB as fast as it is read
    cap = ScanSettings().limits.body_bytes
    assert load.status == 200
    assert cap < load.received < 2 * cap


@pytest.mark.lab
def test_a_trickling_server_is_cut_off_by_the_exchange_timeout(lab: Lab) -> None:
    async def attempt(ctx: ProbeContext) -> tuple[Reason, float]:
        started = time.monotonic()
        with pytest.raises(ProbeError) as raised:
            await ctx.web.load("http://trickle.web.lab/", "3ffe:501:42::20")
        return raised.value.reason, time.monotonic() - started

    reason, seconds = _in_lab(lab, attempt, Timeouts(exchange=2.0))
    assert reason is Reason.TIMEOUT
    assert seconds < 5  # the exchange's 2 s, not the trickle's forever
