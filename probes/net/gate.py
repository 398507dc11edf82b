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
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from asyncio_throttle import Throttler

from v6audit.probes.net.binding import Step, Waits
from v6audit.probes.net.holdup import Holdup, current
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
        """Hold one operation slot for the block (see :meth:`lease`)."""
        lease = await self.lease(remote, configured=configured, handshake=handshake)
        try:
            yield
        finally:
            lease.release()

    async def lease(
        self,
        remote: str | None = None,
        *,
        configured: bool = False,
        handshake: tuple[int, float] | None = None,
    ) -> Lease:
        """One operation slot, held until the lease is released; ``remote`` (an address) also
        takes a per-host slot.

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
        host = None if remote is None else self._enter_host(remote)
        lease = Lease(self, remote, holdup)
        try:
            if host is not None:
                await self._take(host, "per_host", lease.held)
            await self._take(self._in_flight, "in_flight", lease.held)
            await self._throttle()
            if silence is not None:
                self.silent.check(*silence)  # learned while this one queued
        except BaseException:
            lease.release()
            raise
        lease.admit()
        return lease

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

    def _enter_host(self, remote: str) -> asyncio.Semaphore:
        semaphore, users = self._hosts.get(remote, (None, 0))
        if semaphore is None:
            semaphore = asyncio.Semaphore(self._per_host_limit)
        self._hosts[remote] = (semaphore, users + 1)
        return semaphore

    def leave_host(self, remote: str) -> None:
        """An operation on ``remote`` ended (its lease's release)."""
        semaphore, users = self._hosts[remote]
        if users <= 1:
            del self._hosts[remote]
        else:
            self._hosts[remote] = (semaphore, users - 1)

    @property
    def tracked_hosts(self) -> int:
        """Remote hosts with an operation waiting or running (bounded by work in flight)."""
        return len(self._hosts)


class Lease:
    """One operation's slot at the gate (:meth:`NetworkGate.lease`), held until released.

    Most operations hold theirs for a block (:meth:`NetworkGate.slot`). A connection a handshake
    keeps for the exchange that follows it (:mod:`probes.net.targettcp`) holds it past the
    handshake: the per-host limit counts the connection while it waits to be claimed, and the
    exchange that claims it runs on this slot instead of queueing for one of its own.
    """

    __slots__ = ("_admitted", "_gate", "_holdup", "_released", "_remote", "_started", "held")

    def __init__(self, gate: NetworkGate, remote: str | None, holdup: Holdup) -> None:
        self._gate = gate
        self._remote = remote
        self._holdup = holdup
        self.held: list[asyncio.Semaphore] = []
        """The semaphores taken so far (a per-host one, an in-flight one)."""
        self._admitted = False
        self._started = 0.0
        self._released = False

    def admit(self) -> None:
        """Every slot is taken: the operation is on the wire."""
        self._holdup.admit()
        self._admitted = True
        self._started = time.monotonic()

    def hand_to(self, holdup: Holdup) -> None:
        """The operation goes on as another probe's: the holdup it was charged to sees it end,
        ``holdup`` sees it on the wire at once (it never queued for this slot)."""
        self._holdup.leave(self._admitted)
        holdup.queue()
        if self._admitted:
            holdup.admit()
        self._holdup = holdup

    def release(self) -> None:
        """Give the slot back (once; later calls do nothing)."""
        if self._released:
            return
        self._released = True
        if self._admitted:
            self._gate.waits.charge("exchange", time.monotonic() - self._started)
        self._holdup.leave(self._admitted)
        for semaphore in self.held:
            semaphore.release()
        if self._remote is not None:
            self._gate.leave_host(self._remote)
