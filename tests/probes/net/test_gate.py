from __future__ import annotations

import asyncio
import time

import pytest

from v6audit.probes.model import Reason
from v6audit.probes.net.binding import Waits
from v6audit.probes.net.errors import ProbeError
from v6audit.probes.net.gate import NetworkGate
from v6audit.probes.net.policy import AddressPolicy
from v6audit.probes.net.settings import Limits


def test_per_host_and_global_limits() -> None:
    gate_limits = Limits(in_flight=6, per_host=2, rate=10_000)
    peaks: dict[str, int] = {}
    running: dict[str, int] = {}
    overall = {"now": 0, "peak": 0}

    async def use(gate: NetworkGate, host: str) -> None:
        async with gate.slot(host):
            running[host] = running.get(host, 0) + 1
            overall["now"] += 1
            peaks[host] = max(peaks.get(host, 0), running[host])
            overall["peak"] = max(overall["peak"], overall["now"])
            await asyncio.sleep(0.01)
            running[host] -= 1
            overall["now"] -= 1

    async def go() -> NetworkGate:
        gate = NetworkGate(gate_limits)
        await asyncio.gather(*(use(gate, f"3ffe:501:10::{i % 5}") for i in range(50)))
        return gate

    gate = asyncio.run(go())
    assert max(peaks.values()) == 2
    assert overall["peak"] <= 6
    assert gate.tracked_hosts == 0  # per-host state is released


def test_rate_limit_spreads_operations() -> None:
    async def go() -> float:
        gate = NetworkGate(Limits(rate=20))
        started = time.monotonic()
        for _ in range(30):
            async with gate.slot():
                pass
        return time.monotonic() - started

    assert asyncio.run(go()) >= 0.9  # 30 operations at 20/s need more than one period


def test_addresses_the_policy_refuses_never_get_a_slot() -> None:
    async def go(policy: AddressPolicy, remote: str, configured: bool = False) -> None:
        async with NetworkGate(Limits(), policy).slot(remote, configured=configured):
            pass

    for remote in ("127.0.0.1", "::1", "::ffff:127.0.0.1", "64:ff9b::7f00:1", "169.254.169.254"):
        with pytest.raises(ProbeError) as refused:
            asyncio.run(go(AddressPolicy(), remote))
        assert refused.value.reason is Reason.POLICY
    asyncio.run(go(AddressPolicy(allow_private=True), "127.0.0.1"))
    asyncio.run(go(AddressPolicy(), "127.0.0.53", configured=True))  # the user's own resolver


def test_waits_and_exchanges_are_added_up() -> None:
    async def use(gate: NetworkGate) -> None:
        async with gate.slot("3ffe:501:10::1"):
            await asyncio.sleep(0.01)

    async def go() -> Waits:
        gate = NetworkGate(Limits(per_host=1))
        await asyncio.gather(*(use(gate) for _ in range(3)))
        return gate.waits

    waits = asyncio.run(go())
    assert waits.per_host >= 0.03  # the second waited for one holder (10 ms), the third for two
    assert waits.exchange >= 0.03


def test_a_handshake_learned_silent_while_queued_fails_once_through_the_queue() -> None:
    """The gate asks before an operation queues and again once it is through."""

    async def go() -> str:
        gate = NetworkGate(Limits(per_host=1, rate=10_000))

        async def first() -> None:
            async with gate.slot("3ffe:501:10::1", handshake=(80, 4.0)):
                await asyncio.sleep(0.05)
                gate.silent.record("3ffe:501:10::1", 80, 4.0)  # its handshake timed out

        held = asyncio.create_task(first())
        await asyncio.sleep(0)
        with pytest.raises(ProbeError) as raised:
            async with gate.slot("3ffe:501:10::1", handshake=(80, 4.0)):
                pass
        await held
        async with gate.slot("3ffe:501:10::1", handshake=(443, 4.0)):  # another port
            pass
        return str(raised.value)

    assert "not asked again" in asyncio.run(go())
