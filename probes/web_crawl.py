"""Crawl the site's internal links to depth 3, and load the home page's resources, over IPv6 alone.

Feeds ``web.links6`` (二级/三级内链: the home page is depth 1, the internal links on it depth 2,
the internal links on those pages depth 3) and ``web.resources6`` (天窗: everything the home page
embeds, other domains included). Every fetch is made from an AAAA record through the web client,
so no resolver or happy eyeballs can slip back to IPv4; redirects are followed the same way.

Bounded three ways by the profile: links taken per page, pages fetched per site and seconds for
the whole crawl (inside the engine's probe timeout). What a bound cut is said in ``truncated``.
A page is not trusted: links and resources on address literals, or on names that resolve to
non-global addresses, are never fetched without ``--allow-private``; they are listed as skipped.
The crawl starts from the home page as the site serves it (:mod:`probes.web_home`: HTTP when
there is no HTTPS, after the site's redirects). The home page is read over IPv4 when IPv6 cannot
give it, so its links are judged all the same. A large page is parsed, and a long list of links
sorted, in a worker thread: a hostile page of 100,000 links takes seconds to read, and the event
loop (the deadline, the other targets) must go on meanwhile. Ordinary pages stay on the loop: the
shared worker threads also wait on raw packets, and a small page is parsed faster than it would
wait for one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from pydantic import Field

from v6audit.probes.base import Budget, Inputs, Probe, ProbeParams
from v6audit.probes.charset import decode_page
from v6audit.probes.model import Failure, Observation, Reason, StoredFailure, Target
from v6audit.probes.net.clients import WebFetcher
from v6audit.probes.net.context import ProbeContext
from v6audit.probes.net.errors import describe, target_reason
from v6audit.probes.net.policy import Unusable
from v6audit.probes.net.webclient import Deadline
from v6audit.probes.page_refs import PageRefs, css_urls, page_refs
from v6audit.probes.redirects import MAX_REDIRECTS, REDIRECT_STATUSES, follow
from v6audit.probes.sitescope import is_literal, same_site
from v6audit.probes.urlparts import parsed, raw_host
from v6audit.probes.web_home import WebHomeProbe

R = TypeVar("R")
LINKS_PER_PAGE = 20
PAGES_PER_SITE = 60
CRAWL_SECONDS = 20.0
INLINE_TEXT = 64 * 1024
"""Characters of a page parsed on the event loop; a larger page is parsed in a worker thread."""
INLINE_LINKS = 1000
"""Links sorted on the event loop; more are sorted in a worker thread."""
RESOURCES_PER_PAGE = 60


class Problem(StrEnum):
    """Why a fetch gave nothing to load; an answer's status is recorded as it came, for the
    checks to judge (runs stored before did mark an error status as ``error_status``)."""

    NO_AAAA = "no_aaaa"
    UNREACHABLE = "unreachable"
    ERROR_STATUS = "error_status"
    """Redirects without end (and, in stored runs, a final status of 400 or more)."""
    SKIPPED = "skipped"
    """Never fetched: an address literal, or a name with a non-global address."""


class Fetch(Observation):
    url: str
    depth: int
    """1 for the home page and its resources, 2 and 3 for internal links."""
    address: str | None = None
    status: int | None = None
    """The final status, whatever it is: whether it loaded is the checks' call."""
    problem: Problem | None = None
    """None when an answer came (its status says whether it is a page)."""
    failure: Failure | None = None
    """The exchange or lookup that failed, if one did."""
    note: str | None = None
    """Why it was not fetched when nothing failed (skipped, an IPv4 literal)."""

    stored_failures = (StoredFailure("failure", "reason", "message", note="note"),)

    @property
    def host(self) -> str:
        return raw_host(self.url)


class Crawl(Observation):
    home: Fetch
    """The home page over IPv6."""
    read_over: int | None
    """The family the home page's links and resources were read from (6, or 4 as a fallback);
    None when neither gave a page."""
    links: list[Fetch]
    resources: list[Fetch]
    truncated: list[str]
    """Bounds that cut the crawl: links_per_page, pages_per_site, resources_per_page, time."""
    bounds: dict[str, float]


class CrawlParams(ProbeParams):
    links_per_page: int = Field(default=LINKS_PER_PAGE, ge=0)
    pages_per_site: int = Field(default=PAGES_PER_SITE, ge=0)
    resources_per_page: int = Field(default=RESOURCES_PER_PAGE, ge=0)
    seconds: float = Field(default=CRAWL_SECONDS, ge=0)
    """Of the target's time, finding the home page included."""


class WebCrawlProbe(Probe[Crawl]):
    name = "web.crawl"
    observation_type = Crawl
    requires = (WebHomeProbe,)
    Params = CrawlParams
    params: CrawlParams

    async def run(self, target: Target, ctx: ProbeContext, inputs: Inputs) -> Crawl:
        assert target.host is not None
        bounds = {
            "links_per_page": self.params.links_per_page,
            "pages_per_site": self.params.pages_per_site,
            "resources_per_page": self.params.resources_per_page,
            "seconds": self.params.seconds,
        }
        budget = inputs.budget.within(self.params.seconds)
        home = inputs.get(WebHomeProbe)
        starts = home.starts
        # the home page is the one web.home and web.fetch asked for: the target's shared
        # answer; the pages and resources beyond it are this probe's own, not kept for the others
        async with ctx.web.session() as shared, ctx.web.session(fresh=True) as own:
            crawler = _Crawler(ctx, (shared, own), target.host, budget, bounds)
            return await crawler.crawl([home.url] if home.url else starts, starts)


@dataclass(frozen=True, slots=True)
class _Body:
    """A loaded page or stylesheet, kept only while the crawl reads its references."""

    url: str
    text: str
    css: bool


class _Crawler:
    def __init__(
        self,
        ctx: ProbeContext,
        sessions: tuple[WebFetcher, WebFetcher],
        host: str,
        budget: Budget,
        bounds: dict[str, float],
    ) -> None:
        """``sessions``: the one the home page is read on, and the one for the rest."""
        self._ctx = ctx
        self._home_session, self._session = sessions
        self._host = host
        self._deadline: Deadline = lambda: budget.deadline
        self._bounds = bounds
        self._truncated: list[str] = []

    async def crawl(self, starts: list[str], aliases: list[str]) -> Crawl:
        """``starts``: where to read the home page; ``aliases``: its other URLs (not links)."""
        home, body = await self._first(starts, 6)
        read_over: int | None = 6 if body is not None else None
        if body is None:
            _, body = await self._first(starts, 4)
            read_over = 4 if body is not None else None
        links: list[Fetch] = []
        resources: list[Fetch] = []
        if body is not None:
            refs = await _refs(body)
            resources = await self._resources(refs.resources)
            links = await self._links({*starts, *aliases, body.url}, refs.links)
        return Crawl(
            home=home,
            read_over=read_over,
            links=links,
            resources=resources,
            truncated=list(dict.fromkeys(self._truncated)),
            bounds=self._bounds,
        )

    async def _first(self, starts: list[str], family: int) -> tuple[Fetch, _Body | None]:
        """The first start URL that gives a page over ``family`` (else the last failure)."""
        timeout = Failure(reason=Reason.TIMEOUT)
        fetch = Fetch(url=starts[0], depth=1, problem=Problem.UNREACHABLE, failure=timeout)
        for start in starts:
            outcome = await self._get(start, 1, family, self._home_session)
            if outcome is None:
                break
            fetch, body = outcome
            if body is not None:
                return fetch, body
        return fetch, None

    async def _links(self, home: set[str], found: list[str]) -> list[Fetch]:
        """``home``: the URLs of the home page (both schemes tried, and where it was read)."""
        seen = set(home)
        depth2 = await _off_loop_if(len(found) > INLINE_LINKS, self._internal, found, seen)
        pages = await self._fetch_all(depth2, 2)
        budget = int(self._bounds["pages_per_site"]) - len(depth2)
        depth3: list[str] = []
        for _, body in pages:
            if body is not None and not body.css:
                links = (await _refs(body)).links
                depth3 += await _off_loop_if(len(links) > INLINE_LINKS, self._internal, links, seen)
        if len(depth3) > budget:
            self._truncated.append("pages_per_site")
            depth3 = depth3[: max(budget, 0)]
        deeper = await self._fetch_all(depth3, 3)
        return [fetch for fetch, _ in pages + deeper]

    def _internal(self, urls: list[str], seen: set[str]) -> list[str]:
        """New same-site links of one page, at most ``links_per_page``; marks them seen."""
        wanted = [u for u in urls if u not in seen and same_site(parsed(u).host, self._host)]
        limit = int(self._bounds["links_per_page"])
        if len(wanted) > limit:
            self._truncated.append("links_per_page")
            wanted = wanted[:limit]
        seen.update(wanted)
        return wanted

    async def _resources(self, urls: list[str]) -> list[Fetch]:
        """The page's resources, then what its stylesheets load (fonts, images) within the cap."""
        limit = int(self._bounds["resources_per_page"])
        if len(urls) > limit:
            self._truncated.append("resources_per_page")
            urls = urls[:limit]
        loaded = await self._fetch_all(urls, 1)
        styles = [
            url
            for _, b in loaded
            if b is not None and b.css
            for url in await _off_loop_if(len(b.text) > INLINE_TEXT, css_urls, b.text, b.url)
        ]
        more = [u for u in dict.fromkeys(styles) if u not in urls]
        if len(more) > limit - len(urls):
            self._truncated.append("resources_per_page")
            more = more[: max(limit - len(urls), 0)]
        return [fetch for fetch, _ in loaded + await self._fetch_all(more, 1)]

    async def _fetch_all(self, urls: list[str], depth: int) -> list[tuple[Fetch, _Body | None]]:
        """Fetch over IPv6 (the gate bounds how many at once); those the deadline left out are
        dropped and the cut is said in ``truncated``."""
        results = await asyncio.gather(*(self._get(u, depth, 6) for u in urls))
        kept = [result for result in results if result is not None]
        if len(kept) < len(results):
            self._truncated.append("time")
        return kept

    def _out_of_time(self) -> bool:
        return asyncio.get_running_loop().time() >= self._deadline()

    async def _get(
        self, url: str, depth: int, family: int, session: WebFetcher | None = None
    ) -> tuple[Fetch, _Body | None] | None:
        """``url`` over ``family`` alone, redirects included, on ``session`` (else the crawl's
        own); None when the time is up (before it started or while it was under way: a fetch
        the deadline cut is no evidence)."""
        fetcher = self._session if session is None else session
        if self._out_of_time():
            return None
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            address = await self._address(current, family)
            if isinstance(address, dict):
                return Fetch(url=url, depth=depth, **address), None
            try:
                response = await fetcher.fetch(current, address, self._deadline)
            except Exception as exc:
                if target_reason(exc) is Reason.TIMEOUT and self._out_of_time():
                    return None  # the crawl's time ran out, not the site's: left out
                failed = Fetch(
                    url=url,
                    depth=depth,
                    address=address,
                    problem=Problem.UNREACHABLE,
                    failure=Failure(reason=target_reason(exc), message=describe(exc)),
                )
                return failed, None
            redirect = None
            if response.status in REDIRECT_STATUSES:
                redirect = follow(current, response.headers.get("location"))
            if redirect is None:
                fetch = Fetch(url=url, depth=depth, address=address, status=response.status)
                if response.status >= 400:  # no page: its links are none of the site's
                    return fetch, None
                content_type = response.headers.get("content-type", "")
                text, _charset = decode_page(response.body, content_type)
                css = "css" in content_type.lower()
                readable = css or "html" in content_type.lower()
                return fetch, _Body(current, text, css) if readable else None
            current = redirect.url
        note = "too many redirects"
        return Fetch(url=url, depth=depth, problem=Problem.ERROR_STATUS, note=note), None

    async def _address(self, url: str, family: int) -> str | dict[str, object]:
        """The address to fetch ``url`` from, or the fields of the Fetch that says why not.

        The target's own host is the user's choice; every other host is checked: an address
        literal, or a name with any address the policy refuses (AAAA or A), is skipped unless
        allowed. Either way the address fetched is one the policy lets through.
        """
        host = raw_host(url)
        policy = self._ctx.gate.policy
        guarded = host != self._host and not policy.allow_private
        rdtype = "AAAA" if family == 6 else "A"
        if is_literal(host):
            if guarded:
                return {"problem": Problem.SKIPPED, "note": f"{host} is an address literal"}
            if (":" in host) == (family == 6):
                return host.strip("[]")
            return {"problem": Problem.NO_AAAA, "note": f"an IPv4 literal: {host}"}
        wanted, other = await asyncio.gather(
            self._ctx.dns.lookup(host, rdtype),
            self._ctx.dns.lookup(host, "A" if family == 6 else "AAAA"),
            return_exceptions=True,
        )
        if isinstance(wanted, Exception):
            reason = target_reason(wanted)
            gone = reason in (Reason.NXDOMAIN, Reason.NO_DATA)
            problem = Problem.NO_AAAA if gone else Problem.UNREACHABLE
            return {"problem": problem, "failure": Failure(reason=reason, message=describe(wanted))}
        if isinstance(wanted, BaseException):
            raise wanted
        addresses = list(wanted.records)
        if not isinstance(other, BaseException):
            addresses += other.records
        refused = [why for a in addresses if (why := policy.refusal(a)) is not None]
        if guarded and refused:
            return {"problem": Problem.SKIPPED, "note": f"{host}: {refused[0].describe()}"}
        picked = policy.pick(wanted.records)
        if picked is None:
            failure = Failure(reason=Reason.NO_DATA, message=f"{host} has no {rdtype} record")
            return {"problem": Problem.NO_AAAA, "failure": failure}
        if isinstance(picked, Unusable):
            message = f"{host} has no usable {rdtype} record: {picked.describe()}"
            return {
                "problem": Problem.NO_AAAA,
                "failure": Failure(reason=Reason.POLICY, message=message),
            }
        return picked


async def _refs(body: _Body) -> PageRefs:
    return await _off_loop_if(len(body.text) > INLINE_TEXT, page_refs, body.text, body.url)


async def _off_loop_if(large: bool, function: Callable[..., R], *args: Any) -> R:
    """``function(*args)``, in a worker thread when the input is ``large``."""
    if large:
        return await asyncio.to_thread(function, *args)
    return function(*args)
