"""The TCP door of one target: a handshake answers every probe of the target it can answer.

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
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from v6audit.probes.model import Reason
from v6audit.probes.net.errors import ExchangeError
from v6audit.probes.net.exchangememo import Deadline, ExchangeMemo

if TYPE_CHECKING:
    from v6audit.probes.net.clients import Tcp


Outcome = float | tuple[Reason, str]
"""A finished handshake: the seconds it took, or why it failed (reason and message)."""


class TargetTcp:
    def __init__(self, client: Tcp, default_wait: float) -> None:
        self._client = client
        self._default_wait = default_wait
        self._memo: ExchangeMemo[Outcome] = ExchangeMemo()
        """Handshakes under way, for callers to join."""
        self._under_way: dict[tuple[str, int], list[float]] = {}
        self._done: dict[tuple[str, int], list[tuple[float, Outcome]]] = {}
        """Finished handshakes (their waits and outcomes), kept compact: a network target's
        sweep makes thousands, and a finished task with its exception would hold kilobytes."""

    async def connect(self, address: str, port: int, wait: float | None = None) -> float:
        """As ``TcpClient.connect``, answered by a handshake of the target when one can."""
        limit = wait or self._default_wait
        key = (address, port)
        joined: set[float] = set()
        while True:  # handshakes start and end while this caller waits for one
            for made, finished in self._done.get(key, ()):
                if _answers(finished, made, limit):
                    return _given(finished, limit)
            under_way = self._under_way.setdefault(key, [])
            earlier = next((w for w in under_way if w not in joined), None)
            if earlier is None:  # nothing made or under way answers: make one
                under_way.append(limit)
                own = await self._memo.get((*key, limit), self._handshake(key, limit))
                return _given(own, limit)
            joined.add(earlier)
            outcome = await self._memo.get((*key, earlier), self._handshake(key, earlier))
            if _answers(outcome, earlier, limit):
                return _given(outcome, limit)

    def _handshake(
        self, key: tuple[str, int], limit: float
    ) -> Callable[[Deadline], Coroutine[Any, Any, Outcome]]:
        async def handshake(_deadline: Deadline) -> Outcome:
            """The outcome, returned even for a failure: a task that ended with an exception
            holds its traceback, whose frames hold the task, a cycle only the garbage collector
            frees (hundreds of kilobytes per target, kept between its rare passes)."""
            outcome: Outcome | None = None
            try:
                outcome = await self._client.connect(*key, wait=limit)
            except ExchangeError as exc:
                outcome = (exc.reason, str(exc))
            finally:  # callers waiting get the task's outcome; later ones the compact copy
                under_way = self._under_way[key]
                under_way.remove(limit)
                if not under_way:
                    del self._under_way[key]
                self._memo.forget((*key, limit))
                if outcome is not None:
                    self._done.setdefault(key, []).append((limit, outcome))
            return outcome

        return handshake

    @asynccontextmanager
    async def target(self) -> AsyncIterator[TargetTcp]:
        """Already one target's door: itself."""
        yield self

    async def greeting(self, address: str, port: int) -> str:
        return await self._client.greeting(address, port)

    async def certificate_sha256(self, address: str, port: int) -> str:
        return await self._client.certificate_sha256(address, port)

    async def aclose(self) -> None:
        """Wait for the handshakes under way (each ends within its own wait)."""
        await self._memo.aclose()


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
