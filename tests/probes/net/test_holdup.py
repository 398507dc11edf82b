"""Hold-ups: only time when every operation of a probe waits behind the auditor's own limits."""

from __future__ import annotations

import asyncio

import pytest

from v6audit.probes.net.gate import NetworkGate
from v6audit.probes.net.holdup import Holdup, SharedHoldup, charged_to, moving_timeout
from v6audit.probes.net.settings import Limits

HOST = "3ffe:501:10::1"


async def _hold(gate: NetworkGate, seconds: float, remote: str | None = None) -> None:
    async with gate.slot(remote):
        await asyncio.sleep(seconds)


def test_waiting_behind_another_probe_is_held_up() -> None:
    async def go() -> tuple[float, float]:
        gate = NetworkGate(Limits(in_flight=1, rate=10_000))
        other, mine = Holdup(), Holdup()
        with charged_to(other):
            first = asyncio.create_task(_hold(gate, 0.3))
        await asyncio.sleep(0)
        with charged_to(mine):
            await _hold(gate, 0.1)
        await first
        return other.seconds, mine.seconds

    other, mine = asyncio.run(go())
    assert other < 0.05
    assert 0.25 <= mine < 0.4  # its wait only, not its own exchange


def test_the_per_host_cap_filled_by_others_is_held_up_too() -> None:
    async def go() -> float:
        gate = NetworkGate(Limits(per_host=1, rate=10_000))
        mine = Holdup()
        first = asyncio.create_task(_hold(gate, 0.2, HOST))
        await asyncio.sleep(0)
        with charged_to(mine):
            await _hold(gate, 0.0, HOST)
        await first
        return mine.seconds

    assert 0.15 <= asyncio.run(go()) < 0.3


def test_own_operations_queued_behind_each_other_are_not() -> None:
    """While one of the probe's operations is on the wire, its others' waits are its own."""

    async def go() -> float:
        gate = NetworkGate(Limits(per_host=1, rate=10_000))
        mine = Holdup()
        with charged_to(mine):
            await asyncio.gather(*(_hold(gate, 0.1, HOST) for _ in range(3)))
        return mine.seconds

    assert asyncio.run(go()) < 0.05


def test_a_cancelled_wait_ends_the_hold_up() -> None:
    async def go() -> tuple[float, float]:
        gate = NetworkGate(Limits(in_flight=1, rate=10_000))
        mine = Holdup()
        first = asyncio.create_task(_hold(gate, 0.5))
        await asyncio.sleep(0)
        with charged_to(mine):
            waiting = asyncio.create_task(_hold(gate, 0.0))
        await asyncio.sleep(0.1)
        waiting.cancel()
        await asyncio.gather(waiting, return_exceptions=True)
        held = mine.seconds
        await asyncio.sleep(0.1)
        first.cancel()
        return held, mine.seconds

    held, later = asyncio.run(go())
    assert 0.05 <= held < 0.2
    assert later == held


def test_a_shared_operation_holds_up_every_probe_waiting_for_it_while_it_waits() -> None:
    """One probe starts an exchange another joins later; a third parts before it gets its slot:
    each is held up for the time it waited on an exchange queued behind the auditor's limits."""

    async def go() -> tuple[float, float, float, float]:
        gate = NetworkGate(Limits(in_flight=1, rate=10_000))
        blocker = asyncio.create_task(_hold(gate, 0.3))
        await asyncio.sleep(0)
        shared, starter, joiner, quitter = SharedHoldup(), Holdup(), Holdup(), Holdup()
        shared.join(starter)
        shared.join(quitter)
        with charged_to(shared):
            exchange = asyncio.create_task(_hold(gate, 0.2))
        await asyncio.sleep(0.1)
        shared.join(joiner)  # joins while the exchange is queued: held up from now
        await asyncio.sleep(0.05)
        shared.part(quitter)
        await asyncio.gather(blocker, exchange)
        shared.part(starter)
        shared.part(joiner)
        return starter.seconds, joiner.seconds, quitter.seconds, shared.seconds

    starter, joiner, quitter, shared = asyncio.run(go())
    assert 0.25 <= starter < 0.4  # the queue, not the exchange
    assert 0.15 <= joiner < 0.3
    assert 0.1 <= quitter < 0.2
    assert abs(shared - starter) < 0.05


def test_a_moving_timeout_cuts_only_when_its_deadline_has_come() -> None:
    async def go(extension: float) -> bool:
        loop = asyncio.get_running_loop()
        end = loop.time() + 0.1
        moved = {"by": 0.0}

        def deadline() -> float:
            return end + moved["by"]

        async def work() -> None:
            await asyncio.sleep(0.05)
            moved["by"] = extension  # a hold-up began after the block did
            await asyncio.sleep(0.15)

        try:
            async with moving_timeout(deadline):
                await work()
        except TimeoutError:
            return False
        return True

    assert asyncio.run(go(0.2)) is True
    assert asyncio.run(go(0.0)) is False


def test_a_moving_timeout_that_already_passed_cuts_at_once() -> None:
    async def go() -> None:
        loop = asyncio.get_running_loop()
        async with moving_timeout(lambda: loop.time() - 1):
            await asyncio.sleep(1)

    with pytest.raises(TimeoutError):
        asyncio.run(go())
