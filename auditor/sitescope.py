"""Which links stay on the site, and which addresses a crawl may never touch (pure, no I/O).

"Internal" means the same registrable domain, as browsers define it: the Public Suffix List
decides where the registrable part starts (``www.gov.cn`` and ``zwfw.gov.cn`` are different
sites; ``a.example.com.cn`` and ``b.example.com.cn`` are one). The list comes bundled with the
``publicsuffixlist`` package and is never fetched at run time, so audits stay reproducible and
work without internet.

A page the auditor reads is not trusted: a link to ``http://169.254.169.254/`` or to a name that
resolves to ``127.0.0.1`` would make the auditor probe the network it runs in. Such targets are
refused here, with the special-purpose block that says why, unless the user allows them.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from publicsuffixlist import PublicSuffixList

from auditor.addresses import is_global, special_block


@lru_cache(maxsize=1)
def _suffixes() -> PublicSuffixList:
    return PublicSuffixList()  # the snapshot shipped with the package; no download


def registrable_domain(host: str) -> str:
    """The registrable domain of ``host`` (lower case); the host itself when it has none."""
    host = host.lower().rstrip(".")
    found = _suffixes().privatesuffix(host)
    return found if isinstance(found, str) else host


def same_site(host: str, other: str) -> bool:
    return registrable_domain(host) == registrable_domain(other)


def is_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def refusal(addresses: Iterable[str]) -> str | None:
    """Why these addresses must not be fetched (the first non-global one's block), or None."""
    for address in addresses:
        if not is_global(address):
            block = special_block(address)
            what = block.describe() if block is not None else "not a global address"
            return f"{address} is {what}"
    return None
