"""The TCP door of one target: a handshake answers every probe of the target it can answer,
and the connection it opens serves the HTTP exchange that follows it.

``web.ports`` connects to ports 80 and 443 of every address within the connect timeout;
``sec.port-parity`` connects to the same ports (among others) within the shorter discovery wait.
Within one target they ask the same server the same question with different patience, so a
handshake made (or under way) for one answers the other whenever its outcome says what the
other's own would have said:

* a handshake that completed in ``t`` seconds answers a caller waiting at least ``t`` (it
  completes) and one waiting less (its own would have timed out);
* a refusal, an unreachable address or a reset answers every caller;
* a timeout answers callers no more patient than it; a more patient one makes its own.

A caller joins the handshakes already made or under way, oldest first, and makes its own only
when none answers it: whichever probe asks first, every probe gets the answer its own handshake
would have given. Greetings and certificates read what a server says on a connection of their
own, so they are not shared.

The web ports' handshakes are also the start of the target's HTTP exchanges with them, so a
server sees one TCP connection where a naive client opens two, one to see the port open and one
to ask for the page:

* ``web.ports`` connects with ``keep``: the connection stays open, holding its gate slot, for at
  most :data:`KEPT_SECONDS`, and the target's web door takes it, slot and all (:meth:`claim`),
  instead of queueing for a slot and making a handshake of its own. Unclaimed, it is closed.
  Holding the slot keeps the per-host limit true: a kept connection is one the server holds.
* An exchange that comes first opens its connection through the door (:meth:`open`), so a
  connect asking meanwhile or later is answered by that handshake.
"""

from __future__ import annotations

import asyncio
import functools
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Protocol

from v6audit.probes.model import Reason
from v6audit.probes.net.errors import ExchangeError
from v6audit.probes.net.exchangememo import Deadline, ExchangeMemo

if TYPE_CHECKING:
    from v6audit.probes.net.tcpclient import Connection


Outcome = float | tuple[Reason, str]
"""A finished handshake: the seconds it took, or why it failed (reason and message)."""
Key = tuple[str, int]
KEPT_SECONDS = 0.5
"""How long a kept connection waits to be claimed. The exchange that claims it starts with
the probe that kept it, so it comes within milliseconds or not at all; the wait is short
because the connection holds a per-host slot meanwhile."""


class Handshakes(Protocol):
    """What the door needs of the run's TCP client (:class:`~probes.net.tcpclient.TcpClient`)."""

    async def handshake(
        self, address: str, port: int, wait: float | None = None, *, slot_held: bool = False
    ) -> Connection: ...

    async def greeting(self, address: str, port: int) -> str: ...

    async def certificate_sha256(self, address: str, port: int) -> str: ...


class _Handshake:
    """One handshake of the target, under way or done, and the connection it keeps, if any.

    Its own identity is its key in the door's memo: callers join it, never another handshake
    of the same wait (an exchange's, made on the slot the exchange holds, must not be joined
    by a caller that holds none, and the other way round)."""

    __slots__ = (
        "abandoned",
        "claimed",
        "connection",
        "expiry",
        "keep",
        "key",
        "limit",
        "slot_held",
    )

    def __init__(self, key: Key, limit: float, keep: bool, slot_held: bool) -> None:
        self.key = key
        self.limit = limit
        self.keep = keep
        """Its connection is kept for an exchange to claim (else closed once made)."""
        self.slot_held = slot_held
        """It is made on the gate slot of the exchange that opens it (:meth:`TargetTcp.open`)."""
        self.claimed = False
        """An exchange will take the connection (it stays open for it)."""
        self.abandoned = False
        """The exchange that claimed it is gone: the connection is closed once made."""
        self.connection: Connection | None = None
        self.expiry: asyncio.TimerHandle | None = None


class TargetTcp:
    def __init__(self, client: Handshakes, default_wait: float) -> None:
        self._client = client
        self._default_wait = default_wait
        self._memo: ExchangeMemo[Outcome] = ExchangeMemo()
        """Handshakes under way, for callers to join."""
        self._under_way: dict[Key, list[_Handshake]] = {}
        self._done: dict[Key, list[tuple[float, Outcome]]] = {}
        """Finished handshakes (their waits and outcomes), kept compact: a network target's
        sweep makes thousands, and a finished task with its exception would hold kilobytes."""
        self._kept: dict[Key, list[_Handshake]] = {}
        """Handshakes keeping their connection, under way or made, not claimed yet."""

    async def connect(
        self, address: str, port: int, wait: float | None = None, *, keep: bool = False
    ) -> float:
        """As ``TcpClient.connect``, answered by a handshake of the target when one can; with
        ``keep``, a handshake this makes keeps its connection for the target's web door."""
        limit = wait or self._default_wait
        key = (address, port)
        joined: set[_Handshake] = set()
        while True:  # handshakes start and end while this caller waits for one
            for made, finished in self._done.get(key, ()):
                if _answers(finished, made, limit):
                    return _given(finished, limit)
            under_way = self._under_way.get(key, ())
            earlier = next((h for h in under_way if h not in joined), None)
            if earlier is None:  # nothing made or under way answers: make one
                own = self._start(key, limit, keep=keep)
                return _given(await self._wait(own), limit)
            joined.add(earlier)
            outcome = await self._wait(earlier)
            if _answers(outcome, earlier.limit, limit):
                return _given(outcome, limit)

    async def claim(self, address: str, port: int) -> Connection | None:
        """The connection a handshake of the target keeps to ``address``:``port``, with its
        gate slot, for an exchange about to queue for a slot and connect; None when no kept
        connection is under way or waiting (the exchange goes its own way).

        The caller owns what it gets (it closes the connection, which frees the slot). A kept
        handshake that failed raises its failure: the exchange's own handshake, made within
        the same connect timeout, would have failed alike (:func:`_answers`)."""
        key = (address, port)
        waiting = self._kept.get(key)
        if not waiting:
            return None
        handshake = waiting.pop(0)
        if not waiting:
            del self._kept[key]
        handshake.claimed = True
        if handshake.expiry is not None:
            handshake.expiry.cancel()
        return await self._take(handshake)

    async def open(self, address: str, port: int, wait: float) -> socket.socket:
        """A new connection for an exchange that holds its gate slot for ``address`` already,
        its handshake made through the door: a connect asking meanwhile or later is answered
        by it. The caller owns the socket."""
        handshake = self._start((address, port), wait, keep=False, slot_held=True)
        handshake.claimed = True
        return (await self._take(handshake)).sock

    def _start(self, key: Key, limit: float, *, keep: bool, slot_held: bool = False) -> _Handshake:
        """Register a handshake, for callers to join; it begins when the first one waits for
        it (:meth:`_wait`, called at once)."""
        handshake = _Handshake(key, limit, keep, slot_held)
        self._under_way.setdefault(key, []).append(handshake)
        if keep:
            self._kept.setdefault(key, []).append(handshake)
        return handshake

    async def _wait(self, handshake: _Handshake) -> Outcome:
        return await self._memo.get(handshake, functools.partial(self._run, handshake))

    async def _run(self, handshake: _Handshake, _deadline: Deadline) -> Outcome:
        """The outcome, returned even for a failure: a task that ended with an exception holds
        its traceback, whose frames hold the task, a cycle only the garbage collector frees
        (hundreds of kilobytes per target, kept between its rare passes)."""
        key, limit = handshake.key, handshake.limit
        outcome: Outcome | None = None
        try:
            connection = await self._client.handshake(
                *key, wait=limit, slot_held=handshake.slot_held
            )
            outcome = connection.seconds
            self._hold(handshake, connection)
        except ExchangeError as exc:
            outcome = (exc.reason, str(exc))
        finally:  # callers waiting get the task's outcome; later ones the compact copy
            under_way = self._under_way[key]
            under_way.remove(handshake)
            if not under_way:
                del self._under_way[key]
            self._memo.forget(handshake)
            if outcome is not None:
                self._done.setdefault(key, []).append((limit, outcome))
            if handshake.connection is None:  # nothing to claim any more
                self._unkeep(handshake)
        return outcome

    def _hold(self, handshake: _Handshake, connection: Connection) -> None:
        """A handshake connected: keep the connection for its claimer, or for one to come
        within :data:`KEPT_SECONDS`, or close it."""
        if handshake.abandoned or not (handshake.claimed or handshake.keep):
            connection.close()
            return
        handshake.connection = connection
        if not handshake.claimed:
            loop = asyncio.get_running_loop()
            handshake.expiry = loop.call_later(KEPT_SECONDS, self._expire, handshake)

    def _expire(self, handshake: _Handshake) -> None:
        """Nobody claimed a kept connection in time: close it, free its slot."""
        self._unkeep(handshake)
        if handshake.connection is not None:
            handshake.connection.close()
            handshake.connection = None

    def _unkeep(self, handshake: _Handshake) -> None:
        waiting = self._kept.get(handshake.key)
        if waiting is not None and handshake in waiting:
            waiting.remove(handshake)
            if not waiting:
                del self._kept[handshake.key]

    async def _take(self, handshake: _Handshake) -> Connection:
        """The connection of a claimed handshake, once made; its failure raises."""
        if handshake.connection is None:
            try:
                outcome = await self._wait(handshake)
            except BaseException:
                handshake.abandoned = True  # made later, it is closed at once
                raise
            if isinstance(outcome, tuple):
                raise ExchangeError(*outcome)
        connection, handshake.connection = handshake.connection, None
        assert connection is not None  # connected, claimed: kept for this caller
        return connection

    @asynccontextmanager
    async def target(self) -> AsyncIterator[TargetTcp]:
        """Already one target's door: itself."""
        yield self

    async def greeting(self, address: str, port: int) -> str:
        return await self._client.greeting(address, port)

    async def certificate_sha256(self, address: str, port: int) -> str:
        return await self._client.certificate_sha256(address, port)

    async def aclose(self) -> None:
        """Wait for the handshakes under way (each ends within its own wait), then close the
        kept connections nobody claimed."""
        await self._memo.aclose()
        for waiting in list(self._kept.values()):
            for handshake in list(waiting):
                if handshake.expiry is not None:
                    handshake.expiry.cancel()
                self._expire(handshake)


def _answers(outcome: Outcome, earlier: float, limit: float) -> bool:
    """A handshake made with the wait ``earlier`` tells what one waiting ``limit`` would see:
    always, unless it timed out and ``limit`` is longer."""
    return not (isinstance(outcome, tuple) and outcome[0] is Reason.TIMEOUT and earlier < limit)


def _given(outcome: Outcome, limit: float) -> float:
    """What a connect waiting ``limit`` gets from ``outcome``: its seconds, or its failure
    (a timeout when the handshake took longer than that wait)."""
    if isinstance(outcome, tuple):
        raise ExchangeError(*outcome)
    if outcome > limit:
        raise ExchangeError(
            Reason.TIMEOUT, f"the handshake took {outcome:.3f} s, longer than {limit} s"
        )
    return outcome
