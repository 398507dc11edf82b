"""One exchange per key, shared by every caller that asks for it.

Several probes of one target ask the same server the same question (``web.home`` walks the start
chains ``web.fetch`` walks, ``web.crawl`` loads the home page both fetched, an ``http://`` chain
redirected to ``https://`` asks what the ``https://`` chain asked): the first caller starts the
exchange, later ones wait for the same answer, and its outcome, a response or the exchange's
failure, is kept for the rest of the target.

Each caller waits no longer than its own deadline, as if it had made the exchange itself. The
exchange is never cancelled once started: cancelling httpcore in the middle of a TLS handshake
would leave its socket open. It ends by itself instead, bounded by the latest deadline of the
callers waiting when it gets its slot (and by the exchange timeout). An exchange that deadline
cut short is no answer from the server: it is forgotten, and a caller whose own deadline has not
come asks again. Closing waits for the exchanges still under way.

Time the shared exchange waits behind the auditor's own limits is charged to the holdup of every
caller waiting for it (:class:`~probes.net.holdup.SharedHoldup`), as if each had made it: a probe
that joins an exchange another probe started keeps the deadline it would have had.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable, Coroutine, Hashable
from typing import Any, Generic, TypeVar

from v6audit.probes.model import Reason
from v6audit.probes.net.errors import ExchangeError, drop_tracebacks
from v6audit.probes.net.holdup import SharedHoldup, charged_to, current, moving_timeout

T = TypeVar("T")
Deadline = Callable[[], float]
PAST_DEADLINE = "the caller's deadline passed before the shared exchange finished"
CUT_TOLERANCE = 0.1
"""Seconds before its deadline a timeout still counts as the deadline's (timers run late)."""


class _Shared(Generic[T]):
    """An exchange in flight or done, and the deadlines of the callers waiting for it."""

    def __init__(self, exchange: Callable[[Deadline], Coroutine[Any, Any, T]]) -> None:
        self.holdup = SharedHoldup()
        self.deadlines: list[Deadline | None] = []
        self.bound: float | None = None
        """The deadline the exchange read when it got its slot."""
        self.cut = False
        """It timed out at that deadline: the server's answer is unknown."""
        with charged_to(self.holdup):  # the task's gate waits, told to whoever waits for it
            self.task = asyncio.create_task(self._run(exchange))

    async def _run(self, exchange: Callable[[Deadline], Coroutine[Any, Any, T]]) -> T:
        try:
            return await exchange(self._deadline)
        except ExchangeError as exc:
            now = asyncio.get_running_loop().time()
            self.cut = exc.reason is Reason.TIMEOUT and _reached(self.bound, now)
            raise

    def _deadline(self) -> float:
        """The latest deadline of the callers waiting now (now when none waits any more)."""
        now = asyncio.get_running_loop().time()
        bounds = [math.inf if d is None else d() for d in self.deadlines]
        self.bound = max(bounds, default=now)
        return self.bound


def _reached(bound: float | None, now: float) -> bool:
    return bound is not None and now >= bound - CUT_TOLERANCE


class ExchangeMemo(Generic[T]):
    """Outcomes of exchanges by key, for the lifetime of one target (closed by its owner)."""

    def __init__(self) -> None:
        self._shared: dict[Hashable, _Shared[T]] = {}
        self._under_way: set[asyncio.Task[T]] = set()
        self._failed: list[BaseException] = []
        """Failures of the exchanges made, to be let go of at closing (see ``aclose``)."""
        self.started = 0
        """Exchanges actually made (the others were answered from the memo)."""

    @property
    def idle(self) -> bool:
        """No exchange is under way."""
        return not self._under_way

    async def get(
        self,
        key: Hashable,
        exchange: Callable[[Deadline], Coroutine[Any, Any, T]],
        deadline: Deadline | None = None,
    ) -> T:
        """The outcome of ``exchange(bound)`` for ``key``, made once; ``deadline`` (event-loop
        time, read again when it comes: it may move) bounds this caller's wait: past it the
        caller gets a timeout, the exchange goes on for the others."""
        while True:
            shared = self._shared.get(key)
            if shared is None:
                shared = self._start(key, exchange)
            try:
                return await self._wait(shared, deadline)
            except ExchangeError:
                if not shared.cut:
                    raise
                if self._shared.get(key) is shared:
                    del self._shared[key]  # another caller's deadline cut it: no answer
                loop = asyncio.get_running_loop()
                if deadline is not None and _reached(deadline(), loop.time()):
                    raise

    def forget(self, key: Hashable) -> None:
        """Drop what is known for ``key``: callers already waiting still get its outcome, later
        ones start again (for an owner that keeps a compact copy of the outcomes)."""
        self._shared.pop(key, None)

    def _start(
        self, key: Hashable, exchange: Callable[[Deadline], Coroutine[Any, Any, T]]
    ) -> _Shared[T]:
        shared = _Shared(exchange)
        self._shared[key] = shared
        self._under_way.add(shared.task)
        shared.task.add_done_callback(self._finished)
        self.started += 1
        return shared

    def _finished(self, task: asyncio.Task[T]) -> None:
        self._under_way.discard(task)
        if not task.cancelled() and (failure := task.exception()) is not None:
            # its failure is kept for later callers; reading it here also stops asyncio from
            # logging it as lost when every caller left at its deadline before it ended
            self._failed.append(failure)

    async def _wait(self, shared: _Shared[T], deadline: Deadline | None) -> T:
        if shared.task.done():
            return shared.task.result()
        holdup = current()
        shared.holdup.join(holdup)
        shared.deadlines.append(deadline)
        try:
            if deadline is None:
                return await asyncio.shield(shared.task)
            async with moving_timeout(deadline):
                return await asyncio.shield(shared.task)
        except TimeoutError:
            if shared.task.done():  # the answer came as the deadline did
                return shared.task.result()
            raise ExchangeError(Reason.TIMEOUT, PAST_DEADLINE) from None
        finally:
            shared.deadlines.remove(deadline)
            shared.holdup.part(holdup)

    async def aclose(self) -> None:
        """Wait for the exchanges still under way (each ends by its own bound), then forget
        every outcome.

        A failure's traceback holds the frames it went through: the exchange's own, which
        hold the task that holds the failure, and every waiting caller's. Left as they are,
        each failed exchange is a reference cycle of a hundred objects or more (the target's
        probes, sessions and pools among them) that only the cyclic garbage collector frees;
        the tracebacks are dropped once nobody can raise them again.
        """
        await asyncio.gather(*self._under_way, return_exceptions=True)
        self._shared = {}
        failed, self._failed = self._failed, []
        for failure in failed:
            drop_tracebacks(failure)
