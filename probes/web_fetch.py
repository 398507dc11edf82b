"""Fetch the site's start pages from every AAAA and every A, following redirects per family.

One observation feeds ``web.http6``, ``web.tls6``, ``web.same-content`` and ``web.redirect6``:
they all look at the same exchanges. For each address and each start URL (``http://host/`` and
``https://host/``, or the URL the user gave) the probe walks the redirect chain hop by hop, every
hop on the family of the address it started from: a same-host redirect stays on that address, a
redirect to another host uses that host's AAAA (or A), and a redirect to an address literal of
the other family, or to a host without an address of this family, ends the chain and is
recorded as such. Nothing is left to the OS resolver or to happy eyeballs. Its exchanges pass
the target's web door (:mod:`probes.net.targetweb`): ``web.home`` walks the same start chains
from the first addresses, and an ``http://`` chain redirected to ``https://`` asks what the
``https://`` chain asked; each is asked of the site once.

Time is bounded twice: each exchange by ``Timeouts.exchange`` (in the web client) and the whole
probe by a per-target deadline inside the engine's probe timeout, so a hostile server yields
the hops measured so far and a timeout, never a hung scan. A 429 answer, or a 403 on one family
only, is usually a rate limiter rather than a real difference: the engine runs the probe once
more after a pause, which walks such chains again and marks them ``retried``.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from enum import StrEnum

from v6audit.probes.base import Budget, Inputs, Probe
from v6audit.probes.charset import decode_page
from v6audit.probes.dns_host import HostAddresses, HostAddressesProbe
from v6audit.probes.model import Failure, Observation, Reason, StoredFailure, Target
from v6audit.probes.net.clients import WebFetcher
from v6audit.probes.net.context import ProbeContext
from v6audit.probes.net.errors import describe, target_reason
from v6audit.probes.net.holdup import moving_timeout
from v6audit.probes.net.policy import Unusable
from v6audit.probes.net.webclient import Deadline, Response
from v6audit.probes.redirects import MAX_REDIRECTS, REDIRECT_STATUSES, Redirect, follow

SCHEMES = ("http", "https")
"""Both are fetched for a host: a site may work over HTTPS and fail over plain HTTP."""
SAFETY_MARGIN = 1.0
"""Seconds past the deadline before a chain is cut wherever it is (a DNS lookup, say)."""
DEADLINE = "the per-target deadline passed before this hop finished"
RATE_LIMIT_PAUSE = 2.0
"""Seconds to wait before asking again after an answer that looks like rate limiting."""


class ChainEnd(StrEnum):
    RESPONSE = "response"
    """A final (non-redirect) response arrived; the chain's page holds it."""
    FAILED = "failed"
    """The last hop failed; its failure says how (timeout, refused, reset, tls, ...)."""
    OTHER_FAMILY_LITERAL = "other_family_literal"
    """A redirect to an address literal of the other family (an IPv4 literal on IPv6)."""
    NO_ADDRESS = "no_address"
    """A redirect to a host without an address of this family (no AAAA on IPv6)."""
    REDIRECT_LOOP = "redirect_loop"
    """A redirect back to a URL already visited in this chain."""
    TOO_MANY_REDIRECTS = "too_many_redirects"
    BAD_REDIRECT = "bad_redirect"
    """A redirect without a usable Location (missing, or not http/https)."""
    CUT_SHORT = "cut_short"
    """The per-target deadline passed before the chain ended: the rest of it is unknown. The
    auditor's time ran out, which says nothing about the site (its last hop says
    ``timeout`` with :data:`DEADLINE` as the message)."""


class Hop(Observation):
    """One step of a chain: the request made, or the redirect target that could not be made."""

    url: str
    address: str | None = None
    """None when no address of the chain's family could be found for the hop."""
    status: int | None = None
    location: str | None = None
    failure: Failure | None = None
    note: str | None = None
    """Why a redirect target was not requested that is no failure (an other-family literal)."""
    certificate_sha256: str | None = None
    milliseconds: float | None = None

    stored_failures = (StoredFailure("failure", "reason", "message", note="note"),)


class Page(Observation):
    """The final response of a chain, its body decoded with the charset it declares."""

    status: int
    content_type: str | None
    charset: str
    size: int
    """Body bytes kept (after decompression, at most the body cap)."""
    truncated: bool
    text: str
    hsts: str | None = None
    """The Strict-Transport-Security header as served (parsed by the check that judges it)."""


class Chain(Observation):
    family: int
    start_url: str
    address: str
    hops: list[Hop]
    end: ChainEnd
    page: Page | None = None
    retried: bool = False

    @property
    def status(self) -> int | None:
        return self.page.status if self.page is not None else None


class WebFetches(Observation):
    addresses: HostAddresses
    start_urls: list[str]
    chains: list[Chain]


class WebFetchProbe(Probe[WebFetches]):
    name = "web.fetch"
    observation_type = WebFetches
    requires = (HostAddressesProbe,)
    retry_pause = RATE_LIMIT_PAUSE

    async def run(self, target: Target, ctx: ProbeContext, inputs: Inputs) -> WebFetches:
        """Every chain; on the engine's retry, only those a rate limiter answered."""
        assert target.host is not None
        addresses = inputs.get(HostAddressesProbe)
        starts = (
            [target.url] if target.url else [f"{scheme}://{target.host}/" for scheme in SCHEMES]
        )
        plan = [(url, 6, a) for a in addresses.usable6 for url in starts]
        plan += [(url, 4, a) for a in addresses.usable4 for url in starts]
        previous = inputs.previous
        # a retry asks the server again: the target's shared answers are what it retries
        async with ctx.web.session(fresh=previous is not None) as session:
            walker = _Walker(ctx, session, inputs.budget)
            if previous is None:
                chains = await _walk_all(walker, plan)
            else:
                assert isinstance(previous, WebFetches)
                chains = list(previous.chains)
                again = [i for i, chain in enumerate(chains) if rate_limited(chain, chains)]
                retried = await _walk_all(walker, [plan[i] for i in again])
                for i, chain in zip(again, retried, strict=True):
                    chains[i] = chain.model_copy(update={"retried": True})
        return WebFetches(addresses=addresses, start_urls=starts, chains=chains)

    def retry_wanted(self, observation: WebFetches) -> bool:
        return any(rate_limited(chain, observation.chains) for chain in observation.chains)


async def walk_chain(
    ctx: ProbeContext,
    session: WebFetcher,
    start_url: str,
    family: int,
    address: str,
    budget: Budget,
) -> Chain:
    """One chain from ``start_url`` on ``address``, as this probe walks it (for other probes
    that need to know where a start URL leads)."""
    return await _Walker(ctx, session, budget).walk(start_url, family, address)


def rate_limited(chain: Chain, chains: list[Chain]) -> bool:
    """A 429, or a 403 where the other family got something else for the same start URL."""
    if chain.status == 429:
        return True
    if chain.status != 403:
        return False
    others = [c for c in chains if c.start_url == chain.start_url and c.family != chain.family]
    return any(c.page is not None and c.status != 403 for c in others)


async def _walk_all(walker: _Walker, plan: list[tuple[str, int, str]]) -> list[Chain]:
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(walker.walk(*step)) for step in plan]
    return [task.result() for task in tasks]


@dataclass(slots=True)
class _Cursor:
    """Where a chain is: the next request to make (kept so a deadline can name it)."""

    url: str
    address: str


class _Walker:
    def __init__(self, ctx: ProbeContext, session: WebFetcher, budget: Budget) -> None:
        self._ctx = ctx
        self._session = session
        self._deadline: Deadline = lambda: budget.deadline

    async def walk(self, start_url: str, family: int, address: str) -> Chain:
        hops: list[Hop] = []
        cursor = _Cursor(start_url, address)
        page: Page | None = None
        try:
            # exchanges end by the deadline themselves; this only bounds the lookups between
            async with moving_timeout(lambda: self._deadline() + SAFETY_MARGIN):
                end, page = await self._follow(cursor, family, hops)
        except TimeoutError:
            hops.append(
                Hop(
                    url=cursor.url,
                    address=cursor.address,
                    failure=Failure(reason=Reason.TIMEOUT, message=DEADLINE),
                )
            )
            end = ChainEnd.CUT_SHORT
        return Chain(
            family=family, start_url=start_url, address=address, hops=hops, end=end, page=page
        )

    async def _follow(
        self, cursor: _Cursor, family: int, hops: list[Hop]
    ) -> tuple[ChainEnd, Page | None]:
        seen: set[str] = set()
        for _ in range(MAX_REDIRECTS + 1):
            seen.add(cursor.url)
            try:
                response = await self._session.fetch(cursor.url, cursor.address, self._deadline)
            except Exception as exc:
                reason, message = target_reason(exc), describe(exc)
                cut_short = reason is Reason.TIMEOUT and self._past_deadline()
                failure = Failure(reason=reason, message=DEADLINE if cut_short else message)
                hops.append(Hop(url=cursor.url, address=cursor.address, failure=failure))
                return (ChainEnd.CUT_SHORT if cut_short else ChainEnd.FAILED), None
            redirecting = response.status in REDIRECT_STATUSES
            hops.append(_hop(response, redirecting))
            if not redirecting:
                return ChainEnd.RESPONSE, _page(response)
            redirect = follow(cursor.url, response.headers.get("location"))
            if redirect is None:
                return ChainEnd.BAD_REDIRECT, None
            if redirect.url in seen:
                return ChainEnd.REDIRECT_LOOP, None
            address = await self._address_for(redirect, family, cursor, hops)
            if isinstance(address, ChainEnd):
                return address, None
            cursor.url, cursor.address = redirect.url, address
        return ChainEnd.TOO_MANY_REDIRECTS, None

    def _past_deadline(self) -> bool:
        return asyncio.get_running_loop().time() >= self._deadline()

    async def _address_for(
        self, redirect: Redirect, family: int, cursor: _Cursor, hops: list[Hop]
    ) -> str | ChainEnd:
        """The address of this family to take the redirect on, or why there is none."""
        if redirect.literal_family is not None:
            if redirect.literal_family == family:
                return redirect.host
            hops.append(Hop(url=redirect.url, note=f"an IPv{redirect.literal_family} literal"))
            return ChainEnd.OTHER_FAMILY_LITERAL
        if redirect.same_host(cursor.url):
            return cursor.address
        rdtype = "AAAA" if family == 6 else "A"
        try:
            lookup = await self._ctx.dns.lookup(redirect.host, rdtype)
        except Exception as exc:
            reason = target_reason(exc)
            hops.append(
                Hop(url=redirect.url, failure=Failure(reason=reason, message=describe(exc)))
            )
            gone = reason in (Reason.NXDOMAIN, Reason.NO_DATA)
            return ChainEnd.NO_ADDRESS if gone else ChainEnd.FAILED
        picked = self._ctx.gate.policy.pick(lookup.records)
        if picked is None:
            message = f"{redirect.host} has no {rdtype} record"
            failure = Failure(reason=Reason.NO_DATA, message=message)
            hops.append(Hop(url=redirect.url, failure=failure))
            return ChainEnd.NO_ADDRESS
        if isinstance(picked, Unusable):
            message = f"{redirect.host} has no usable {rdtype} record: {picked.describe()}"
            failure = Failure(reason=Reason.POLICY, message=message)
            hops.append(Hop(url=redirect.url, failure=failure))
            return ChainEnd.NO_ADDRESS
        return picked


def _hop(response: Response, redirecting: bool) -> Hop:
    return Hop(
        url=response.url,
        address=response.address,
        status=response.status,
        location=response.headers.get("location") if redirecting else None,
        certificate_sha256=response.certificate_sha256,
        milliseconds=round(response.seconds * 1000, 1),
    )


def _page(response: Response) -> Page:
    content_type = response.headers.get("content-type")
    text, charset = decode_page(response.body, content_type)
    return Page(
        status=response.status,
        content_type=content_type,
        charset=charset,
        size=len(response.body),
        truncated=response.truncated,
        text=text,
        hsts=response.headers.get("strict-transport-security"),
    )
