"""The network gate: every outgoing query or connection passes through it.

It enforces the run's address policy and manners in one place: no address learned from a target
is contacted unless the policy allows it (:mod:`auditor.policy`), a global rate
(asyncio-throttle), a cap on operations in flight, and a per-remote-host cap so no single server
gets hammered however many targets share it. Probes never open a socket without a slot from here.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from asyncio_throttle import Throttler

from auditor.policy import AddressPolicy
from auditor.settings import Limits


class NetworkGate:
    def __init__(self, limits: Limits, policy: AddressPolicy | None = None) -> None:
        self.policy = policy or AddressPolicy()
        self._throttler = Throttler(rate_limit=max(1, int(limits.rate)), period=1.0)
        self._in_flight = asyncio.Semaphore(limits.in_flight)
        self._per_host_limit = limits.per_host
        self._hosts: dict[str, tuple[asyncio.Semaphore, int]] = {}

    @asynccontextmanager
    async def slot(
        self, remote: str | None = None, *, configured: bool = False
    ) -> AsyncIterator[None]:
        """Hold one operation slot; ``remote`` (an address) also takes a per-host slot.

        ``remote`` must pass the address policy (raises ``policy`` otherwise), unless it comes
        from the user's own configuration (``configured``: a resolver, the reflector, STUN).
        """
        if remote is not None and not configured:
            self.policy.check(remote)
        if remote is None:
            async with self._in_flight:
                await self._throttler.acquire()
                yield
            return
        host_semaphore = self._enter_host(remote)
        try:
            async with host_semaphore, self._in_flight:
                await self._throttler.acquire()
                yield
        finally:
            self._leave_host(remote)

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
