"""The network gate: every outgoing query or connection passes through it.

It enforces the run's address policy and manners in one place: no address learned from a target
is contacted unless the policy allows it (:mod:`probes.net.policy`), a global rate
(asyncio-throttle), a cap on operations in flight, and a per-remote-host cap so no single server
gets hammered however many targets share it. Probes never open a socket without a slot from here.
It tells the running probe's holdup (:mod:`probes.net.holdup`) when an operation queues and when
it gets its slot, so that waiting behind the auditor's own limits does not eat a target's budget.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

from asyncio_throttle import Throttler

from v6audit.probes.net.binding import Step, Waits
from v6audit.probes.net.holdup import current
from v6audit.probes.net.policy import AddressPolicy
from v6audit.probes.net.settings import Limits
from v6audit.probes.net.silence import SilentPorts


class NetworkGate:
    def __init__(self, limits: Limits, policy: AddressPolicy | None = None) -> None:
        self.policy = policy or AddressPolicy()
        self._throttler = Throttler(rate_limit=max(1, int(limits.rate)), period=1.0)
        self._in_flight = asyncio.Semaphore(limits.in_flight)
        self._per_host_limit = limits.per_host
        self._hosts: dict[str, tuple[asyncio.Semaphore, int]] = {}
        self.waits = Waits()
        """Seconds operations waited at each limit and spent in exchanges, so far."""
        self.silent = SilentPorts()
        """Ports a TCP handshake timed out on, lately: not asked again for every target."""

    @asynccontextmanager
    async def slot(
        self,
        remote: str | None = None,
        *,
        configured: bool = False,
        handshake: tuple[int, float] | None = None,
    ) -> AsyncIterator[None]:
        """Hold one operation slot; ``remote`` (an address) also takes a per-host slot.

        ``remote`` must pass the address policy (raises ``policy`` otherwise), unless it comes
        from the user's own configuration (``configured``: a resolver, the reflector, STUN).
        ``handshake``: the TCP port the operation connects to on ``remote`` and how long it
        would wait; where a handshake to that port timed out lately after waiting as long
        (:attr:`silent`), it fails at once, before it queues or once through the queue.
        """
        if remote is not None and not configured:
            self.policy.check(remote)
        silence = None if remote is None or handshake is None else (remote, *handshake)
        if silence is not None:
            self.silent.check(*silence)
        holdup = current()
        holdup.queue()
        admitted = False
        host = None if remote is None else self._enter_host(remote)
        held: list[asyncio.Semaphore] = []  # taken by hand: no generator per operation
        try:
            if host is not None:
                await self._take(host, "per_host", held)
            await self._take(self._in_flight, "in_flight", held)
            await self._throttle()
            if silence is not None:
                self.silent.check(*silence)  # learned while this one queued
            holdup.admit()
            admitted = True
            with self._exchange():
                yield
        finally:
            holdup.leave(admitted)
            for semaphore in held:
                semaphore.release()
            if remote is not None:
                self._leave_host(remote)

    async def _take(
        self, semaphore: asyncio.Semaphore, step: Step, held: list[asyncio.Semaphore]
    ) -> None:
        """Acquire ``semaphore`` into ``held``, adding the wait to ``waits``
        (see probes.net.binding)."""
        started = time.monotonic()
        await semaphore.acquire()
        held.append(semaphore)
        self.waits.charge(step, time.monotonic() - started)

    async def _throttle(self) -> None:
        """Take a token from the global rate, adding the wait for it to ``waits``."""
        started = time.monotonic()
        await self._throttler.acquire()
        self.waits.charge("rate", time.monotonic() - started)

    @contextmanager
    def _exchange(self) -> Iterator[None]:
        """Add the time the slot is used to ``waits``."""
        started = time.monotonic()
        try:
            yield
        finally:
            self.waits.charge("exchange", time.monotonic() - started)

    def _enter_host(self, remote: str) -> asyncio.Semaphore:
        semaphore, users = self._hosts.get(remote, (None, 0))
        if semaphore is None:
            semaphore = asyncio.Semaphore(self._per_host_limit)
        self._hosts[remote] = (semaphore, users + 1)
        return semaphore

    def _leave_host(self, remote: str) -> None:
        semaphore, users = self._hosts[remote]
        if users <= 1:
            del self._hosts[remote]
        else:
            self._hosts[remote] = (semaphore, users - 1)

    @property
    def tracked_hosts(self) -> int:
        """Remote hosts with an operation waiting or running (bounded by work in flight)."""
        return len(self._hosts)
