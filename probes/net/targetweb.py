"""The web door of one target: one connection pool and one exchange per question, shared.

The probes of a target look at the same pages: ``web.fetch`` walks the start chains of every
address, ``web.home`` walks those of the first ones again to find the home page, ``web.crawl``
loads that page once more. Within one target's scope (the engine opens it around the target's
probes and closes it when they are done) the sessions probes open share

* one pool of connections per (address, host name), so no second TCP and TLS handshake is made
  to the same address and server name while a kept-alive connection is free;
* one exchange per (method, URL, address) (:class:`~probes.net.exchangememo.ExchangeMemo`): a
  second GET of the same URL from the same address reuses the first response, or waits for it.

Answers are kept until the target is done, so only what several probes ask goes through here:
the crawl reads the home page on the shared session and the rest of the site on one of its own.
A probe that needs a new visitor's view asks for it: ``session(fresh=True)`` (a retry after a
rate limiter's answer), ``get`` (one request on a connection of its own: the PMTU tests, the
reflector) and ``load`` (the latency samples) never share.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from v6audit.probes.net.exchangememo import ExchangeMemo

if TYPE_CHECKING:
    from v6audit.probes.net.clients import Tcp
    from v6audit.probes.net.pageload import PageLoad
    from v6audit.probes.net.targettcp import TargetTcp
    from v6audit.probes.net.webclient import Deadline, Response, WebClient, WebSession


class TargetWeb:
    def __init__(self, client: WebClient, door: TargetTcp | None = None) -> None:
        """``door``: the target's TCP door, which opens the shared session's connections."""
        self._client = client
        self._pool = client.new_session(door)
        self._memo: ExchangeMemo[Response] = ExchangeMemo()
        self._shared = SharedSession(self._pool, self._memo)
        self._users = 0
        """Probes holding the shared session now."""

    @property
    def exchanges(self) -> int:
        """Exchanges the shared sessions made so far (the others were shared)."""
        return self._memo.started

    @asynccontextmanager
    async def session(self, fresh: bool = False) -> AsyncIterator[SharedSession | WebSession]:
        """The target's shared session, or with ``fresh`` one of its own, closed at the end.

        When the last probe holding the shared session is done with it and no exchange is under
        way, its connections are closed, as a probe's own session's are: kept alive until the
        target ends, they held memory for every target in flight. Answers stay known; a probe
        asking something new later opens a connection again.
        """
        if fresh:
            async with self._client.session() as session:
                yield session
            return
        self._users += 1
        try:
            yield self._shared
        finally:
            self._users -= 1
            if self._users == 0 and self._memo.idle:
                await self._pool.aclose()

    @asynccontextmanager
    async def target(self, tcp: Tcp | None = None) -> AsyncIterator[TargetWeb]:
        """Already one target's door: itself."""
        yield self

    async def get(
        self,
        url: str,
        address: str,
        deadline: Deadline | None = None,
        method: str = "GET",
        *,
        configured: bool = False,
    ) -> Response:
        """One request on a connection of its own, never shared (see ``WebClient.get``)."""
        return await self._client.get(url, address, deadline, method, configured=configured)

    async def load(self, url: str, address: str) -> PageLoad:
        """A new visitor's timed load, never shared (see ``WebClient.load``)."""
        return await self._client.load(url, address)

    async def aclose(self) -> None:
        await self._memo.aclose()
        await self._pool.aclose()


class SharedSession:
    """A session whose exchanges are made once per target and whose connections are pooled."""

    def __init__(self, pool: WebSession, memo: ExchangeMemo[Response]) -> None:
        self._pool = pool
        self._memo = memo

    async def fetch(
        self,
        url: str,
        address: str,
        deadline: Deadline | None = None,
        method: str = "GET",
        *,
        configured: bool = False,
    ) -> Response:
        """As ``WebSession.fetch``; each caller waits until its own ``deadline``, the exchange
        until the latest of theirs (see :mod:`probes.net.exchangememo`)."""
        return await self._memo.get(
            (method, url, address, configured),
            lambda bound: self._pool.fetch(url, address, bound, method, configured=configured),
            deadline,
        )
