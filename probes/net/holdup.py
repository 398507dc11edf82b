"""Time a probe was held up by the auditor itself, and deadlines that leave that time out.

A target's budget bounds what its servers may cost the run. Time a probe spends queued behind
the auditor's own limits (the run's rate, its operations in flight, the per-host cap that other
targets on the same server fill) is no fact about those servers: on a run whose in-flight cap a
network sweep fills, a redirect chain used to wait seconds per hop and lose the rest of the
chain to its deadline, a verdict of the auditor's own making. So the network gate tells the
probe's :class:`Holdup` when each operation queues, gets its slot and ends, and the probe counts
as held up while every operation it has under way is queued, none on the wire. A probe's own
operations waiting behind each other (a crawl's fetches at the per-host cap, while some of them
are exchanging) do not count: that wait is the probe's own doing.

The engine sets the holdup of the probe it runs in a context variable (:func:`charged_to`), so
every task the probe starts reports to it, and the budget extends its deadlines by it, up to
one more budget (nothing may wait forever). :func:`moving_timeout` is ``asyncio.timeout_at`` for
such a deadline: when the time comes it looks again, and only cuts if the deadline did not move.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import TracebackType


class Holdup:
    """Seconds during which every operation a probe had under way was queued at the gate."""

    def __init__(self, seconds: float = 0.0) -> None:
        self._settled = seconds
        self._queued = 0
        self._exchanging = 0
        self._since: float | None = None
        """Event-loop time the current hold-up began, while there is one."""

    @property
    def seconds(self) -> float:
        """Held-up time so far, the current hold-up included."""
        if self._since is None:
            return self._settled
        return self._settled + asyncio.get_running_loop().time() - self._since

    def queue(self) -> None:
        """One more operation waits for its slot."""
        self._queued += 1
        self._update()

    def admit(self) -> None:
        """A waiting operation got its slot: it is on the wire now."""
        self._queued -= 1
        self._exchanging += 1
        self._update()

    def leave(self, admitted: bool) -> None:
        """An operation ended, on the wire (``admitted``) or still waiting (cancelled)."""
        if admitted:
            self._exchanging -= 1
        else:
            self._queued -= 1
        self._update()

    def _update(self) -> None:
        held = self._queued > 0 and self._exchanging == 0
        if held == (self._since is not None):
            return  # no hold-up begins or ends: most operations get their slot at once
        now = asyncio.get_running_loop().time()
        if self._since is None:
            self._since = now
        else:
            self._settled += now - self._since
            self._since = None


class SharedHoldup(Holdup):
    """The holdup of an operation several probes wait for (an exchange one target's probes
    share, :mod:`probes.net.exchangememo`): each waiting probe's holdup is told what this one
    is, from the moment it joins to the moment it parts, as if the operation were its own."""

    def __init__(self) -> None:
        super().__init__()
        self._waiters: list[Holdup] = []

    def queue(self) -> None:
        super().queue()
        for waiter in self._waiters:
            waiter.queue()

    def admit(self) -> None:
        super().admit()
        for waiter in self._waiters:
            waiter.admit()

    def leave(self, admitted: bool) -> None:
        super().leave(admitted)
        for waiter in self._waiters:
            waiter.leave(admitted)

    def join(self, waiter: Holdup) -> None:
        """``waiter`` waits from now on: it is told the operations under way."""
        self._waiters.append(waiter)
        for _ in range(self._queued + self._exchanging):
            waiter.queue()
        for _ in range(self._exchanging):
            waiter.admit()

    def part(self, waiter: Holdup) -> None:
        """``waiter`` waits no more: the operations under way end for it."""
        self._waiters.remove(waiter)
        for _ in range(self._exchanging):
            waiter.leave(True)
        for _ in range(self._queued):
            waiter.leave(False)


_CURRENT: ContextVar[Holdup | None] = ContextVar("holdup", default=None)
_NOBODYS = Holdup()
"""Outside the engine's probes (a vantage's own set-up, tests): a holdup nobody reads."""


def current() -> Holdup:
    """The holdup of the probe running in this task."""
    holdup = _CURRENT.get()
    return _NOBODYS if holdup is None else holdup


@contextmanager
def charged_to(holdup: Holdup) -> Iterator[None]:
    """Report the gate waits of this task, and of every task it starts, to ``holdup``."""
    token = _CURRENT.set(holdup)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def moving_timeout(deadline: Callable[[], float]) -> MovingTimeout:
    """``asyncio.timeout_at(deadline())``, for a deadline that may move later meanwhile: at
    the time it named, it is read again, and the block is cut only if that time has come."""
    return MovingTimeout(deadline)


class MovingTimeout:
    """What :func:`moving_timeout` gives. A class rather than an ``asynccontextmanager``: every
    probe and every shared exchange enters one, and the generator machinery cost more than
    the timeout itself."""

    __slots__ = ("_deadline", "_timeout", "_watch")

    def __init__(self, deadline: Callable[[], float]) -> None:
        self._deadline = deadline
        self._timeout = asyncio.timeout(None)
        self._watch: _Watch | None = None

    async def __aenter__(self) -> None:
        await self._timeout.__aenter__()
        try:
            self._watch = _Watch(self._timeout, self._deadline)
        except BaseException as exc:
            await self._timeout.__aexit__(type(exc), exc, exc.__traceback__)
            raise

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._watch is not None:
            self._watch.cancel()
        await self._timeout.__aexit__(exc_type, exc, traceback)


class _Watch:
    """Cuts ``timeout``'s block once ``deadline()`` has come, looking again each time it named."""

    def __init__(self, timeout: asyncio.Timeout, deadline: Callable[[], float]) -> None:
        self._loop = asyncio.get_running_loop()
        self._timeout = timeout
        self._deadline = deadline
        self._handle = self._loop.call_at(deadline(), self._look)

    def _look(self) -> None:
        when, now = self._deadline(), self._loop.time()
        if when <= now:
            self._timeout.reschedule(now)
        else:
            self._handle = self._loop.call_at(when, self._look)

    def cancel(self) -> None:
        self._handle.cancel()
