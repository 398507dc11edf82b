"""Observations built by hand for judge tests: no network, just the shapes probes return."""

from __future__ import annotations

from typing import Any

from v6audit.probes.dns_host import AddressLookup, HostAddresses
from v6audit.probes.model import Failure, Reason
from v6audit.probes.web_fetch import Chain, ChainEnd, Hop, Page, WebFetches
from v6audit.probes.web_ports import PortOutcome, WebPorts

V6, V4 = "3ffe:501:41::10", "11.41.0.10"
HOST = "www.example.cn"
PAGE = "<html><body><h1>Welcome</h1><p>{}</p></body></html>"


def addresses(aaaa: list[str] = [V6], a: list[str] = [V4]) -> HostAddresses:  # noqa: B006
    return HostAddresses(
        host=HOST,
        aaaa=AddressLookup(cname_chain=[], canonical=HOST, addresses=aaaa),
        a=AddressLookup(cname_chain=[], canonical=HOST, addresses=a),
    )


def ports(**closed: Reason) -> WebPorts:
    """80 and 443 open on V6 and V4 except ``closed`` ({"v6_443": Reason.REFUSED, ...})."""
    outcomes = [
        PortOutcome(
            address=address,
            family=family,
            port=port,
            reason=closed.get(f"v{family}_{port}"),
            milliseconds=None if f"v{family}_{port}" in closed else 1.0,
        )
        for address, family in ((V6, 6), (V4, 4))
        for port in (80, 443)
    ]
    return WebPorts(addresses=addresses(), ports=outcomes)


def page_chain(
    family: int,
    status: int = 200,
    text: str = PAGE.format("hello"),
    start: str = f"https://{HOST}/",
    certificate: str | None = "aa",
    **extra: Any,
) -> Chain:
    address = V6 if family == 6 else V4
    sha = certificate if start.startswith("https") else None
    return Chain(
        family=family,
        start_url=start,
        address=address,
        hops=[Hop(url=start, address=address, status=status, certificate_sha256=sha)],
        end=ChainEnd.RESPONSE,
        page=Page(
            status=status,
            content_type="text/html",
            charset="utf-8",
            size=len(text),
            truncated=False,
            text=text,
        ),
        **extra,
    )


def failed_chain(family: int, reason: Reason, start: str = f"https://{HOST}/") -> Chain:
    address = V6 if family == 6 else V4
    return Chain(
        family=family,
        start_url=start,
        address=address,
        hops=[Hop(url=start, address=address, reason=reason, message=str(reason))],
        end=ChainEnd.FAILED,
    )


def redirected_chain(family: int, end: ChainEnd, to: str, start: str = f"http://{HOST}/") -> Chain:
    address = V6 if family == 6 else V4
    return Chain(
        family=family,
        start_url=start,
        address=address,
        hops=[
            Hop(url=start, address=address, status=301, location=to),
            Hop(
                url=to,
                failure=Failure(reason=Reason.NO_DATA) if end is ChainEnd.NO_ADDRESS else None,
            ),
        ],
        end=end,
    )


def fetches(*chains: Chain, aaaa: list[str] = [V6]) -> WebFetches:  # noqa: B006
    starts = list(dict.fromkeys(chain.start_url for chain in chains)) or [f"https://{HOST}/"]
    return WebFetches(addresses=addresses(aaaa=aaaa), start_urls=starts, chains=list(chains))
