"""One target's handshakes answer every connect they can, whichever probe asks first."""

from __future__ import annotations

import asyncio
import gc
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest

from v6audit.probes.model import Reason
from v6audit.probes.net.errors import ExchangeError
from v6audit.probes.net.targettcp import TargetTcp

ADDRESS = "2001:db8::80"
PATIENT, IMPATIENT = 0.4, 0.1
"""The connect timeout (web.ports) and the discovery wait (sec.port-parity), scaled down."""


class _Server:
    """A port whose handshake takes ``seconds`` (None: silent), or fails with ``reason``;
    it times out at the caller's wait, as the TCP client does, and counts handshakes."""

    def __init__(self, seconds: float | None = None, reason: Reason | None = None) -> None:
        self.seconds, self.reason = seconds, reason
        self.waits: list[float | None] = []

    @asynccontextmanager
    async def target(self) -> AsyncIterator[_Server]:
        yield self

    async def connect(self, address: str, port: int, wait: float | None = None) -> float:
        self.waits.append(wait)
        if self.reason is not None:
            raise ExchangeError(self.reason, f"{address} port {port}")
        limit = wait or PATIENT
        if self.seconds is None or self.seconds > limit:
            await asyncio.sleep(limit)
            raise ExchangeError(Reason.TIMEOUT, "timed out")
        await asyncio.sleep(self.seconds)
        return self.seconds

    async def greeting(self, address: str, port: int) -> str:
        return "220 hello"

    async def certificate_sha256(self, address: str, port: int) -> str:
        return "00"


async def _both(server: _Server, impatient_first: bool) -> list[float | Reason]:
    """What a patient and an impatient connect to one port get, asked at once in that order."""
    door = TargetTcp(server, PATIENT)

    async def ask(wait: float | None) -> float | Reason:
        try:
            return await door.connect(ADDRESS, 80, wait)
        except ExchangeError as exc:
            return exc.reason

    order = [IMPATIENT, None] if impatient_first else [None, IMPATIENT]
    answers = await asyncio.gather(*(ask(w) for w in order))
    await door.aclose()
    return answers if not impatient_first else answers[::-1]


@pytest.mark.parametrize("impatient_first", [False, True])
def test_answers_do_not_depend_on_who_asks_first(impatient_first: bool) -> None:
    """(patient, impatient) for each kind of port, and the handshakes that were made."""
    cases = [
        (_Server(seconds=0.01), [0.01, 0.01], 1),
        (_Server(reason=Reason.REFUSED), [Reason.REFUSED, Reason.REFUSED], 1),
        # completes in 0.2 s: within the patient wait, beyond the impatient one
        (_Server(seconds=0.2), [0.2, Reason.TIMEOUT], 1 if not impatient_first else 2),
        (_Server(), [Reason.TIMEOUT, Reason.TIMEOUT], 1 if not impatient_first else 2),
    ]
    for server, expected, handshakes in cases:
        assert asyncio.run(_both(server, impatient_first)) == expected
        assert len(server.waits) == handshakes, server.waits


def test_a_shorter_timeout_never_answers_a_longer_wait_and_later_callers_reuse() -> None:
    async def go() -> None:
        server = _Server(seconds=0.2)
        door = TargetTcp(server, PATIENT)
        with pytest.raises(ExchangeError) as short:
            await door.connect(ADDRESS, 443, IMPATIENT)
        assert short.value.reason is Reason.TIMEOUT
        assert await door.connect(ADDRESS, 443) == 0.2  # its own, patient handshake
        assert await door.connect(ADDRESS, 443, PATIENT) == 0.2  # answered by it
        with pytest.raises(ExchangeError):
            await door.connect(ADDRESS, 443, IMPATIENT)  # answered too: 0.2 s is too long
        assert server.waits == [IMPATIENT, PATIENT]  # two handshakes made, for four connects
        assert await door.greeting(ADDRESS, 25) == "220 hello"  # never shared
        await door.aclose()

    asyncio.run(go())


def test_a_finished_door_is_freed_without_the_garbage_collector() -> None:
    """Failed handshakes leave no cycle (a task's exception holds frames that hold the task):
    hundreds of targets in flight would otherwise keep their doors until a rare full pass."""

    async def go() -> weakref.ref[TargetTcp]:
        door = TargetTcp(_Server(reason=Reason.REFUSED), PATIENT)
        for port in (80, 443):
            for wait in (IMPATIENT, None):
                with pytest.raises(ExchangeError):
                    await door.connect(ADDRESS, port, wait)
        await door.aclose()
        return weakref.ref(door)

    gc.disable()
    try:
        assert asyncio.run(go())() is None
    finally:
        gc.enable()
