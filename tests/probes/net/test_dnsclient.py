"""Direct queries to one server: UDP, TCP on truncation, caching, and replies real servers
will not send on demand (malformed, silence), against an in-process server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import gc
import socket
import weakref
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar, cast

import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.query
import dns.rcode
import dns.resolver
import pytest

from tests.dnsserver import Handler, Server, authoritative, serving
from v6audit.probes.model import Reason
from v6audit.probes.net.dnsclient import (
    DnsClient,
    TaskCache,
    build_resolver,
    dns_name,
    dns_reason,
)
from v6audit.probes.net.errors import ExchangeError
from v6audit.probes.net.gate import NetworkGate
from v6audit.probes.net.policy import AddressPolicy
from v6audit.probes.net.settings import Limits, Timeouts
from v6audit.probes.net.udpclient import UdpClient

T = TypeVar("T")
SOA = "zone.test. 300 IN SOA ns.zone.test. hostmaster.zone.test. 7 3600 600 86400 300"


def _client(timeout: float = 0.5) -> DnsClient:
    timeouts = Timeouts(dns_try=timeout)
    gate = NetworkGate(Limits(), AddressPolicy(allow_private=True))  # the test server is local
    return DnsClient(
        build_resolver(("127.0.0.1",), timeouts),
        gate,
        UdpClient(gate, timeouts),
        query_timeout=timeout,
    )


def _with_server(handler: Handler, body: Callable[[Server], Awaitable[T]]) -> T:
    async def go() -> T:
        async with serving(handler) as server:
            return await body(server)

    return asyncio.run(go())


def test_authoritative_reply_over_udp_without_recursion() -> None:
    def handler(query: dns.message.Message, transport: str) -> dns.message.Message:
        assert not query.flags & dns.flags.RD
        assert query.edns == 0
        return authoritative(query, SOA)

    async def body(server: Server) -> None:
        reply = await _client().ask(server.address, "zone.test", "SOA", port=server.port)
        assert (reply.rcode, reply.authoritative, reply.tcp) == ("NOERROR", True, False)
        assert server.queries == [("udp", "zone.test. IN SOA")]

    _with_server(handler, body)


def test_truncated_udp_answer_is_fetched_again_over_tcp() -> None:
    def handler(query: dns.message.Message, transport: str) -> dns.message.Message:
        if transport == "udp":
            reply = dns.message.make_response(query)
            reply.flags |= dns.flags.TC
            return reply
        return authoritative(query, SOA)

    async def body(server: Server) -> None:
        reply = await _client().ask(server.address, "zone.test", "SOA", port=server.port)
        assert (reply.tcp, reply.authoritative) == (True, True)
        assert [transport for transport, _ in server.queries] == ["udp", "tcp"]

    _with_server(handler, body)


def test_reply_without_authority_is_returned_for_the_caller_to_judge() -> None:
    def handler(query: dns.message.Message, transport: str) -> dns.message.Message:
        return dns.message.make_response(query)  # no AA: a lame server

    async def body(server: Server) -> None:
        reply = await _client().ask(server.address, "zone.test", "SOA", port=server.port)
        assert (reply.rcode, reply.authoritative) == ("NOERROR", False)

    _with_server(handler, body)


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b"\x00\x01", Reason.SERVFAIL),  # shorter than a header
        (b"\xff" * 40, Reason.SERVFAIL),  # garbage
        (None, Reason.TIMEOUT),  # silence
    ],
)
def test_malformed_or_missing_replies_raise_typed_exchange_errors(
    payload: bytes | None, reason: Reason
) -> None:
    async def body(server: Server) -> Reason:
        with pytest.raises(ExchangeError) as raised:
            await _client(0.3).ask(server.address, "zone.test", "SOA", port=server.port)
        assert isinstance(raised.value.__cause__, dns.exception.DNSException)  # kept for logs
        return raised.value.reason

    assert _with_server(lambda query, transport: payload, body) is reason


def test_reply_to_another_question_is_a_server_failure() -> None:
    def handler(query: dns.message.Message, transport: str) -> dns.message.Message:
        other = dns.message.make_query("elsewhere.test.", "SOA")
        other.id = query.id
        return dns.message.make_response(other)

    async def body(server: Server) -> Reason:
        with pytest.raises(ExchangeError) as raised:
            await _client().ask(server.address, "zone.test", "SOA", port=server.port)
        return raised.value.reason

    assert _with_server(handler, body) is Reason.SERVFAIL


def test_identical_questions_share_one_exchange_per_run() -> None:
    def handler(query: dns.message.Message, transport: str) -> dns.message.Message:
        return authoritative(query, SOA)

    async def body(server: Server) -> None:
        client = _client()
        names = ["Zone.Test.", *["zone.test"] * 5]  # case and final dot do not matter
        await asyncio.gather(*(client.ask(server.address, n, "SOA", server.port) for n in names))
        later = await client.ask(server.address, "zone.test", "SOA", server.port)  # answered
        assert later.message.answer
        await client.ask(server.address, "zone.test", "NS", port=server.port)
        assert server.queries == [("udp", "zone.test. IN SOA"), ("udp", "zone.test. IN NS")]

    _with_server(handler, body)


def test_failures_are_cached_too() -> None:
    async def body(server: Server) -> None:
        client = _client(0.2)
        for _ in range(3):
            with pytest.raises(ExchangeError, match="timed out"):
                await client.ask(server.address, "zone.test", "SOA", port=server.port)
        assert len(server.queries) == 1

    _with_server(lambda query, transport: None, body)


@pytest.mark.parametrize(
    ("exc", "reason"),
    [
        (dns.resolver.NXDOMAIN(), Reason.NXDOMAIN),
        (dns.resolver.NoAnswer(), Reason.NO_DATA),
        (dns.exception.Timeout(), Reason.TIMEOUT),
        (dns.resolver.LifetimeTimeout(timeout=1.0, errors=[]), Reason.TIMEOUT),
        (dns.message.ShortHeader(), Reason.SERVFAIL),
        (dns.exception.FormError(), Reason.SERVFAIL),
        (dns.message.ChainTooLong(), Reason.SERVFAIL),
        (dns.query.UnexpectedSource(), Reason.SERVFAIL),
        (EOFError("EOF"), Reason.RESET),  # a TCP answer cut short
        (ConnectionRefusedError(111, "refused"), Reason.REFUSED),
        (dns.resolver.YXDOMAIN(), None),  # not one we know: raised as it is, a bug
    ],
)
def test_dnspython_errors_map_to_reasons(exc: BaseException, reason: Reason | None) -> None:
    assert dns_reason(exc) is reason


def _no_nameservers(*errors: tuple[object, ...]) -> dns.resolver.NoNameservers:
    request = dns.message.make_query("example.cn.", "AAAA")
    return dns.resolver.NoNameservers(request=request, errors=list(errors))


def test_no_nameservers_says_whether_the_servers_answered() -> None:
    timeout = ("192.0.2.53", False, 53, dns.exception.Timeout(), None)
    refused = ("192.0.2.54", False, 53, "REFUSED", None)
    unreachable = ("192.0.2.55", False, 53, ConnectionRefusedError(111, "refused"), None)
    assert dns_reason(_no_nameservers(timeout)) is Reason.TIMEOUT
    assert dns_reason(_no_nameservers(refused, unreachable)) is Reason.REFUSED
    assert dns_reason(_no_nameservers(timeout, refused)) is Reason.SERVFAIL
    assert dns_reason(_no_nameservers()) is Reason.SERVFAIL


def test_a_reply_from_another_source_is_ignored_and_the_servers_own_is_read() -> None:
    """A datagram from elsewhere (a stray, or a spoofed reply) does not decide the answer: the
    server's own reply, which comes later, does."""

    async def go() -> tuple[str, bool]:
        loop = asyncio.get_running_loop()
        stray = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        stray.bind(("127.0.0.1", 0))

        class Answering(asyncio.DatagramProtocol):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                self.transport = cast(asyncio.DatagramTransport, transport)

            def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
                query = dns.message.from_wire(data)
                refused = dns.message.make_response(query)
                refused.set_rcode(dns.rcode.REFUSED)
                stray.sendto(refused.to_wire(), addr)
                reply = authoritative(query, SOA).to_wire()
                loop.call_later(0.05, self.transport.sendto, reply, addr)

        transport, _ = await loop.create_datagram_endpoint(Answering, local_addr=("127.0.0.1", 0))
        try:
            port = transport.get_extra_info("sockname")[1]
            reply = await _client().ask("127.0.0.1", "zone.test", "SOA", port=port)
        finally:
            transport.close()
            stray.close()
        return reply.rcode, reply.authoritative

    assert asyncio.run(go()) == ("NOERROR", True)


def test_a_name_is_parsed_once_and_means_what_dnspython_parses() -> None:
    assert dns_name("Gov.Example.CN") is dns_name("Gov.Example.CN")
    assert dns_name("Gov.Example.CN") == dns.name.from_text("gov.example.cn.")
    assert dns_name("a.gov.example.cn").is_subdomain(dns_name("gov.example.cn"))
    with pytest.raises(dns.name.LabelTooLong):  # a bad name still fails, every time
        dns_name("x" * 64 + ".cn")


def test_the_task_cache_shares_one_exchange_and_keeps_only_its_outcome() -> None:
    """Concurrent callers share one task; once it ends, the cache holds the outcome alone (no
    task, coroutine or context), and a failure is raised again to every later caller with the
    traceback of that caller's own raise, not the frames of the exchange."""
    started: list[str] = []
    tasks: list[weakref.ref[asyncio.Task[Any]]] = []

    async def exchange(key: str) -> str:
        started.append(key)
        tasks.append(weakref.ref(cast("asyncio.Task[Any]", asyncio.current_task())))
        await asyncio.sleep(0.01)
        if key == "dead":
            raise ExchangeError(Reason.TIMEOUT, "no answer")
        return key.upper()

    async def scenario() -> None:
        cache: TaskCache[str, str] = TaskCache(2)
        first = await asyncio.gather(*(cache.get("a", lambda: exchange("a")) for _ in range(3)))
        assert first == ["A", "A", "A"]
        assert started == ["a"]
        await asyncio.sleep(0)  # the task's done callbacks run
        gc.collect()
        assert tasks[0]() is None  # nothing holds the finished task any more
        for _ in range(2):
            with pytest.raises(ExchangeError) as caught:
                await cache.get("dead", lambda: exchange("dead"))
            assert caught.value.reason is Reason.TIMEOUT
            frames = 0
            traceback = caught.value.__traceback__
            while traceback is not None:
                frames, traceback = frames + 1, traceback.tb_next
            assert frames <= 3  # the raise in this test and in the cache, never accumulated
        assert started == ["a", "dead"]  # the failure was kept, not asked again
        await cache.get("b", lambda: exchange("b"))  # the oldest ("a") is evicted
        assert await cache.get("a", lambda: exchange("a")) == "A"
        assert started == ["a", "dead", "b", "a"]

    asyncio.run(scenario())
