"""The baseline: the same DNS queries and HTTP requests with bare dnspython and httpx.

No engine, no probes, no checks, no scores, no output: the floor the auditor is measured
against. Run inside the lab's client namespace with the auditor's processes, concurrency,
timeouts, per-host limit and exchanges in flight (without those, a thousand connections at once
overrun the lab's web server, and a baseline whose exchanges fail does less work than it was
asked).
Per domain it sends what the benchmark profile's probes send that is not shared with other
domains (shared answers, such as the zone's NS set, the auditor caches once per run):

* AAAA, A and NS of the name through the recursive resolver;
* NS of the name asked directly of the zone's name server over IPv6 (the delegation walk's
  last step);
* a TCP connect to ports 80 and 443 of every address;
* a GET of ``http://name/`` and ``https://name/`` from every address, Host and SNI set.

An exchange that fails is not retried, but it is counted: the run ends by printing, on standard
error, one line ``failed exchanges: {...}`` (kind and exception to count), so a baseline that did
less work than it was asked cannot pass for a cheaper one.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import multiprocessing
import socket
import ssl
import sys
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat
from pathlib import Path

import dns.asyncquery
import dns.asyncresolver
import dns.message
import dns.nameserver
import httpx

CONNECT, EXCHANGE = 4.0, 10.0
"""The auditor's default connect and exchange timeouts."""
BODY_BYTES = 1_000_000
FAILED = "failed exchanges:"
"""How the run's last line on standard error starts (the benchmark prints it)."""


class Baseline:
    def __init__(
        self, resolver_address: str, ca_bundle: Path, per_host: int, in_flight: int
    ) -> None:
        self.resolver = dns.asyncresolver.Resolver(configure=False)
        self.resolver.nameservers = [dns.nameserver.Do53Nameserver(resolver_address, 53)]
        self.resolver.timeout, self.resolver.lifetime = 2.0, 6.0
        self.resolver.use_edns(0, 0, 1232)
        self.tls = ssl.create_default_context(cafile=str(ca_bundle))
        self.client = httpx.AsyncClient(
            verify=self.tls,
            trust_env=False,
            limits=httpx.Limits(max_connections=None, max_keepalive_connections=0),
            timeout=httpx.Timeout(EXCHANGE, connect=CONNECT),
        )
        self.zone_server = ""
        self.failures: Counter[str] = Counter()
        self.hosts: defaultdict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(per_host)
        )
        self.in_flight = asyncio.Semaphore(in_flight)

    def failed(self, kind: str, exc: Exception) -> None:
        self.failures[f"{kind} {type(exc).__name__}"] += 1

    async def records(self, name: str, rdtype: str) -> list[str]:
        try:
            async with self.in_flight:
                answer = await self.resolver.resolve(name, rdtype, raise_on_no_answer=False)
        except Exception as exc:
            self.failed(f"dns {rdtype}", exc)
            return []
        return [rdata.to_text() for rdata in answer.rrset or ()]

    async def find_zone_server(self, zone: str) -> None:
        servers = await self.records(zone + ".", "NS")
        self.zone_server = (await self.records(servers[0], "AAAA"))[0]

    async def domain(self, name: str) -> None:
        aaaa, a, _ns = await asyncio.gather(
            self.records(name + ".", "AAAA"),
            self.records(name + ".", "A"),
            self.records(name + ".", "NS"),
        )
        addresses = aaaa + a
        await asyncio.gather(
            self.ask_zone(name),
            *(self.connect(address, port) for address in addresses for port in (80, 443)),
            *(self.get(scheme, name, a) for a in addresses for scheme in ("http", "https")),
        )

    async def ask_zone(self, name: str) -> None:
        query = dns.message.make_query(name + ".", "NS", use_edns=0, payload=1232)
        try:
            async with self.hosts[self.zone_server], self.in_flight:
                await dns.asyncquery.udp_with_fallback(query, self.zone_server, timeout=2.0)
        except Exception as exc:
            self.failed("dns zone NS", exc)

    async def connect(self, address: str, port: int) -> None:
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        try:
            async with self.hosts[address], self.in_flight, asyncio.timeout(CONNECT):
                _reader, writer = await asyncio.open_connection(address, port, family=family)
            writer.transport.abort()
        except Exception as exc:
            self.failed("tcp connect", exc)

    async def get(self, scheme: str, name: str, address: str) -> None:
        literal = f"[{address}]" if ":" in address else address
        try:
            async with (
                self.hosts[address],
                self.in_flight,
                asyncio.timeout(EXCHANGE),
                self.client.stream(
                    "GET",
                    f"{scheme}://{literal}/",
                    headers={"Host": name},
                    extensions={"sni_hostname": name},
                ) as response,
            ):
                size = 0
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > BODY_BYTES:
                        break
        except Exception as exc:
            self.failed(f"{scheme} GET", exc)


async def main(
    names: list[str],
    resolver: str,
    ca_bundle: Path,
    concurrency: int,
    per_host: int,
    in_flight: int,
) -> Counter[str]:
    """Every name's exchanges; what failed, counted."""
    baseline = Baseline(resolver, ca_bundle, per_host, in_flight)
    await baseline.find_zone_server(names[0].split(".", 1)[1])
    pending = iter(names)

    async def worker() -> None:
        for name in pending:
            await baseline.domain(name)

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    await baseline.client.aclose()
    return baseline.failures


def shard(
    names: list[str], resolver: str, ca_bundle: Path, limits: tuple[int, int, int]
) -> Counter[str]:
    """One process's share of the run (:func:`main` in an event loop of its own)."""
    return asyncio.run(main(names, resolver, ca_bundle, *limits))


def run(args: argparse.Namespace) -> Counter[str]:
    """The whole run, in ``--processes`` processes that split the names and the limits the way
    the auditor's ``--processes`` does (``auditor.processes.share``: concurrency divided, the
    per-host limit too, at least 1; the cap on exchanges in flight, which guards each process's
    sockets, kept whole), so the two compare at equal process counts."""
    names = args.targets.read_text(encoding="utf-8").split()
    processes = max(1, min(args.processes, len(names)))
    limits = (
        math.ceil(args.concurrency / processes),
        max(1, args.per_host // processes),
        args.in_flight,
    )
    if processes == 1:
        return shard(names, args.resolver, args.ca_bundle, limits)
    failures: Counter[str] = Counter()
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(processes, mp_context=context) as pool:
        shares = [names[index::processes] for index in range(processes)]
        for counted in pool.map(
            shard, shares, repeat(args.resolver), repeat(args.ca_bundle), repeat(limits)
        ):
            failures.update(counted)
    return failures


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--targets", type=Path, required=True)
    parser.add_argument("--resolver", required=True)
    parser.add_argument("--ca-bundle", type=Path, required=True)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--per-host", type=int, default=4)
    parser.add_argument("--in-flight", type=int, default=256)
    parser.add_argument("--processes", type=int, default=1)
    failures = run(parser.parse_args())
    print(f"{FAILED} {json.dumps(dict(failures.most_common()))}", file=sys.stderr)
