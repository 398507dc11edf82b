"""The baseline: the same DNS queries and HTTP requests with bare dnspython and httpx.

No engine, no probes, no checks, no scores, no output: the floor the auditor is measured
against. Run inside the lab's client namespace with the auditor's concurrency.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

import dns.asyncresolver
import dns.nameserver


async def resolve(resolver: dns.asyncresolver.Resolver, name: str) -> None:
    for rdtype in ("AAAA", "A"):
        try:
            await resolver.resolve(name + ".", rdtype, raise_on_no_answer=False)
        except Exception:
            continue


async def main(names: list[str], resolver_address: str, concurrency: int) -> None:
    resolver = dns.asyncresolver.Resolver(configure=False)
    resolver.nameservers = [dns.nameserver.Do53Nameserver(resolver_address, 53)]
    resolver.timeout, resolver.lifetime = 2.0, 6.0
    pending = iter(names)

    async def worker() -> None:
        for name in pending:
            await resolve(resolver, name)

    await asyncio.gather(*(worker() for _ in range(concurrency)))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--targets", type=Path, required=True)
    parser.add_argument("--resolver", required=True)
    parser.add_argument("--concurrency", type=int, default=64)
    args = parser.parse_args()
    names = args.targets.read_text(encoding="utf-8").split()
    asyncio.run(main(names, args.resolver, args.concurrency))
