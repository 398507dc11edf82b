"""One target's handshakes answer every connect they can, whichever probe asks first, and
serve the target's HTTP exchange with their port: one connection where a naive client opens
two."""

from __future__ import annotations

import asyncio
import gc
import socket
import weakref

import pytest

from v6audit.probes.model import Reason
from v6audit.probes.net import targettcp
from v6audit.probes.net.errors import ExchangeError
from v6audit.probes.net.targettcp import TargetTcp
from v6audit.probes.net.tcpclient import Connection

ADDRESS = "2001:db8::80"
PATIENT, IMPATIENT = 0.4, 0.1
"""The connect timeout (web.ports) and the discovery wait (sec.port-parity), scaled down."""


class _Server:
    """A port whose handshake takes ``seconds`` (None: silent), or fails with ``reason``;
    it times out at the caller's wait, as the TCP client does, and counts handshakes and the
    sockets of the connections it made."""

    def __init__(self, seconds: float | None = None, reason: Reason | None = None) -> None:
        self.seconds, self.reason = seconds, reason
        self.waits: list[float | None] = []
        self.held: list[bool] = []
        """For each handshake, whether its caller held the gate slot already."""
        self.sockets: list[socket.socket] = []

    async def handshake(
        self, address: str, port: int, wait: float | None = None, *, slot_held: bool = False
    ) -> Connection:
        self.waits.append(wait)
        self.held.append(slot_held)
        if self.reason is not None:
            raise ExchangeError(self.reason, f"{address} port {port}")
        limit = wait or PATIENT
        if self.seconds is None or self.seconds > limit:
            await asyncio.sleep(limit)
            raise ExchangeError(Reason.TIMEOUT, "timed out")
        await asyncio.sleep(self.seconds)
        self.sockets.append(socket.socket(socket.AF_INET6, socket.SOCK_STREAM))
        return Connection(self.seconds, self.sockets[-1], None)

    @property
    def open_sockets(self) -> int:
        return sum(sock.fileno() != -1 for sock in self.sockets)

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


def test_a_kept_connection_serves_the_exchange_that_claims_it_whenever_it_claims() -> None:
    """Claimed while the handshake is under way or once it is made, the exchange gets the
    connection ``web.ports`` made: one handshake for both, and the connect's answer."""

    async def go(claim_early: bool) -> None:
        server = _Server(seconds=0.05)
        door = TargetTcp(server, PATIENT)
        connect = asyncio.create_task(door.connect(ADDRESS, 443, keep=True))
        await asyncio.sleep(0.01 if claim_early else 0.1)
        connection = await door.claim(ADDRESS, 443)
        assert connection is not None
        assert connection.sock is server.sockets[0]
        assert await connect == 0.05
        assert await door.claim(ADDRESS, 443) is None  # claimed once
        assert await door.connect(ADDRESS, 443) == 0.05  # answered by it
        assert server.waits == [PATIENT]
        connection.close()
        await door.aclose()

    for claim_early in (True, False):
        asyncio.run(go(claim_early))


def test_an_exchange_that_comes_first_makes_the_handshake_the_connects_are_answered_by() -> None:
    async def go() -> None:
        server = _Server(seconds=0.05)
        door = TargetTcp(server, PATIENT)
        assert await door.claim(ADDRESS, 80) is None  # nothing kept: the exchange takes a slot
        opening = asyncio.create_task(door.open(ADDRESS, 80, PATIENT))
        await asyncio.sleep(0.01)
        assert await door.connect(ADDRESS, 80, keep=True) == 0.05  # joined it, under way
        assert await opening is server.sockets[0]
        assert await door.connect(ADDRESS, 80, IMPATIENT) == 0.05  # answered after it
        assert server.waits == [PATIENT]
        assert server.held == [True]
        assert await door.claim(ADDRESS, 80) is None  # the exchange's own: nothing kept
        server.sockets[0].close()
        await door.aclose()

    asyncio.run(go())


def test_a_kept_connection_nobody_claims_is_closed_soon_and_at_the_end(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(targettcp, "KEPT_SECONDS", 0.05)

    async def go() -> None:
        server = _Server(seconds=0.01)
        door = TargetTcp(server, PATIENT)
        await door.connect(ADDRESS, 80, keep=True)
        assert server.open_sockets == 1
        await asyncio.sleep(0.1)
        assert server.open_sockets == 0
        assert await door.claim(ADDRESS, 80) is None  # expired: the exchange goes its own way
        await door.connect(ADDRESS, 443, keep=True)
        await door.connect(ADDRESS, 8080)  # not kept: closed at once
        assert server.open_sockets == 1
        await door.aclose()
        assert server.open_sockets == 0

    asyncio.run(go())


def test_a_claimed_handshake_that_fails_fails_the_exchange_and_a_gone_claimer_leaks_none() -> None:
    async def go() -> None:
        refused = TargetTcp(_Server(reason=Reason.REFUSED), PATIENT)
        connect = asyncio.create_task(refused.connect(ADDRESS, 80, keep=True))
        await asyncio.sleep(0)
        with pytest.raises(ExchangeError) as raised:
            await refused.claim(ADDRESS, 80)  # under way: it waits, then gets the failure
        assert raised.value.reason is Reason.REFUSED
        with pytest.raises(ExchangeError):
            await connect
        await refused.aclose()

        server = _Server(seconds=0.05)
        door = TargetTcp(server, PATIENT)
        connect = asyncio.create_task(door.connect(ADDRESS, 80, keep=True))
        await asyncio.sleep(0)
        claim = asyncio.create_task(door.claim(ADDRESS, 80))
        await asyncio.sleep(0.01)
        claim.cancel()  # the exchange's deadline came first
        assert await connect == 0.05
        assert server.open_sockets == 0  # made for a claimer that left: closed at once
        await door.aclose()

    asyncio.run(go())
