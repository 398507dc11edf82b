"""Targets for the runners, handed to the event loop without ever blocking it.

The input can stall: a FIFO nobody writes to, a slow pipe, a terminal. Read on the loop, one
such read freezes everything, the deadline and SIGTERM included. So :class:`ThreadedFeed`
reads in a daemon thread (which a stuck read cannot keep alive at exit) and passes targets to
the loop through a bounded queue, so memory holds only a window of them whatever the input.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")

AHEAD = 256
"""Items read ahead of the runners: enough to keep them busy, few enough to cost nothing."""


class _End:
    """The producer is done (``error`` says why it stopped early, if it did)."""

    def __init__(self, error: BaseException | None) -> None:
        self.error = error


class ThreadedFeed(AsyncIterator[T], Generic[T]):
    """Items of ``produce()`` read in a daemon thread; any number of tasks may take from it.

    A failure of the producer (an unreadable file, the history refusing the run) ends the feed
    and is kept in :attr:`error` for the caller to report once the runners have stopped, so it
    never travels through their task groups. :meth:`close` it on the loop before the loop ends.
    """

    def __init__(self, produce: Callable[[], Iterable[T]], ahead: int = AHEAD) -> None:
        self._produce = produce
        self._ahead = ahead
        self._queue: asyncio.Queue[T | _End] | None = None
        self.error: BaseException | None = None
        self._closed = False
        self._closing = threading.Lock()

    def close(self) -> None:
        """Hand the loop nothing more. Called on the loop before it ends, so a put the thread
        already handed over is a task the loop's shutdown cancels, never a coroutine left
        behind (which a process exiting ignores, but a program going on sees warned about)."""
        with self._closing:
            self._closed = True

    def __aiter__(self) -> ThreadedFeed[T]:
        return self

    async def __anext__(self) -> T:
        if self._queue is None:
            self._queue = asyncio.Queue(self._ahead)
            loop = asyncio.get_running_loop()
            thread = threading.Thread(
                target=self._read, args=(loop, self._queue), name="v6audit-input", daemon=True
            )
            thread.start()
        item = await self._queue.get()
        if isinstance(item, _End):
            self.error = item.error
            self._queue.put_nowait(item)  # every other taker sees the end too
            raise StopAsyncIteration
        return item

    def _read(self, loop: asyncio.AbstractEventLoop, queue: asyncio.Queue[T | _End]) -> None:
        """The thread: put each item, waiting for room; then the end, with what stopped it."""
        error: BaseException | None = None
        try:
            for item in self._produce():
                if not self._put(loop, queue, item):
                    return
        except Exception as exc:
            error = exc
        self._put(loop, queue, _End(error))

    def _put(
        self, loop: asyncio.AbstractEventLoop, queue: asyncio.Queue[T | _End], item: T | _End
    ) -> bool:
        """Put from the thread, waiting while the queue is full; False once the run ended."""
        with self._closing:
            if self._closed:
                return False
            try:
                put = asyncio.run_coroutine_threadsafe(queue.put(item), loop)
            except RuntimeError:  # the loop is closed: never closed, the feed was not taken
                return False
        try:
            put.result()
        except concurrent.futures.CancelledError:  # the run ended while the queue was full
            return False
        return True


class _SyncFeed(AsyncIterator[T], Generic[T]):
    """An in-memory iterable (a list, the history's pages) seen as a feed."""

    def __init__(self, items: Iterable[T]) -> None:
        self._items: Iterator[T] = iter(items)

    def __aiter__(self) -> _SyncFeed[T]:
        return self

    async def __anext__(self) -> T:
        try:
            return next(self._items)
        except StopIteration:
            raise StopAsyncIteration from None


def as_feed(source: Iterable[T] | AsyncIterator[T]) -> AsyncIterator[T]:
    """``source`` as an asynchronous iterator several tasks can take from at once."""
    if isinstance(source, AsyncIterator):
        return source
    return _SyncFeed(source)


async def take(feed: AsyncIterator[T], count: int) -> list[T]:
    """Up to ``count`` next items (fewer only at the end of the feed)."""
    items: list[T] = []
    while len(items) < count:
        try:
            items.append(await anext(feed))
        except StopAsyncIteration:
            break
    return items
