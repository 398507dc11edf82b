"""A target's web door against an in-process server on 127.0.0.1: the same question is asked
once, connections are reused, and the fresh sessions and one-off requests never share."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Awaitable, Callable

from v6audit.probes.net.gate import NetworkGate
from v6audit.probes.net.policy import AddressPolicy
from v6audit.probes.net.settings import Limits, ScanSettings
from v6audit.probes.net.targettcp import TargetTcp
from v6audit.probes.net.targetweb import TargetWeb
from v6audit.probes.net.tcpclient import TcpClient
from v6audit.probes.net.webclient import WebClient


class _KeepAliveServer:
    """Answers every request on a connection with its path, keeping the connection open;
    counts connections and requests."""

    def __init__(self) -> None:
        self.connections = 0
        self.requests: list[str] = []

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while head := await reader.readuntil(b"\r\n\r\n"):
                method, path, _ = head.split(b"\r\n", 1)[0].decode().split(" ", 2)
                self.requests.append(f"{method} {path}")
                body = path.encode()
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body))
                if method != "HEAD":
                    writer.write(body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


def _client() -> WebClient:
    settings = ScanSettings(allow_private=True)  # the test server is local
    return WebClient(settings, NetworkGate(Limits(), AddressPolicy(allow_private=True)))


def _with_server(scenario: Callable[[TargetWeb, str], Awaitable[None]]) -> _KeepAliveServer:
    served = _KeepAliveServer()

    async def go() -> None:
        server = await asyncio.start_server(served.handle, "127.0.0.1", 0, family=socket.AF_INET)
        port = server.sockets[0].getsockname()[1]
        try:
            async with _client().target() as web:
                assert isinstance(web, TargetWeb)
                await scenario(web, f"http://site.test:{port}")
        finally:
            server.close()

    asyncio.run(go())
    return served


def test_probes_of_a_target_ask_the_same_question_once_on_one_connection() -> None:
    async def scenario(web: TargetWeb, site: str) -> None:
        async with web.session() as fetch, web.session() as home:
            first, again = await asyncio.gather(
                fetch.fetch(f"{site}/", "127.0.0.1"), home.fetch(f"{site}/", "127.0.0.1")
            )
            assert first is again
            assert (await home.fetch(f"{site}/page", "127.0.0.1")).body == b"/page"
            assert (await fetch.fetch(f"{site}/", "127.0.0.1", method="HEAD")).status == 200
        assert web.exchanges == 3

    served = _with_server(scenario)
    assert served.requests == ["GET /", "GET /page", "HEAD /"]
    assert served.connections == 1


def test_fresh_sessions_and_one_off_requests_ask_again_on_their_own_connections() -> None:
    async def scenario(web: TargetWeb, site: str) -> None:
        async with web.session() as shared:
            await shared.fetch(f"{site}/", "127.0.0.1")
        async with web.session(fresh=True) as fresh:
            await fresh.fetch(f"{site}/", "127.0.0.1")
        await web.get(f"{site}/", "127.0.0.1")
        assert web.exchanges == 1

    served = _with_server(scenario)
    assert served.requests == ["GET /"] * 3
    assert served.connections == 3


def test_connections_close_once_no_probe_holds_the_shared_session_and_answers_stay() -> None:
    """Kept alive until the target ends, connections held memory for every target in flight."""

    async def scenario(web: TargetWeb, site: str) -> None:
        async with web.session() as fetch:
            await fetch.fetch(f"{site}/", "127.0.0.1")
        async with web.session() as crawl:
            assert (await crawl.fetch(f"{site}/", "127.0.0.1")).body == b"/"  # known already
            await crawl.fetch(f"{site}/page", "127.0.0.1")
        assert web.exchanges == 2

    served = _with_server(scenario)
    assert served.requests == ["GET /", "GET /page"]
    assert served.connections == 2


Scenario = Callable[[TargetTcp, TargetWeb, str, int], Awaitable[None]]


def _with_doors(scenario: Scenario, per_host: int = 4) -> _KeepAliveServer:
    """``scenario`` with a target's TCP and web doors, opened as the probe context opens them,
    on one gate; the server's address and port."""
    served = _KeepAliveServer()

    async def go() -> None:
        server = await asyncio.start_server(served.handle, "127.0.0.1", 0, family=socket.AF_INET)
        port = server.sockets[0].getsockname()[1]
        settings = ScanSettings(allow_private=True)
        gate = NetworkGate(Limits(per_host=per_host), AddressPolicy(allow_private=True))
        try:
            async with (
                TcpClient(gate, settings.timeouts).target() as tcp,
                WebClient(settings, gate).target(tcp) as web,
            ):
                assert isinstance(tcp, TargetTcp)
                assert isinstance(web, TargetWeb)
                await scenario(tcp, web, "127.0.0.1", port)
            assert gate.tracked_hosts == 0  # every slot given back, kept connections' too
        finally:
            server.close()

    asyncio.run(go())
    return served


def test_the_port_check_and_the_page_share_one_connection_whichever_asks_first() -> None:
    """``web.ports``' handshake is the start of the exchange with that port, and an exchange
    that came first answers the port check: one connection, whatever the order."""

    def scenario(
        connect_first: bool,
    ) -> Callable[[TargetTcp, TargetWeb, str, int], Awaitable[None]]:
        async def run(tcp: TargetTcp, web: TargetWeb, address: str, port: int) -> None:
            async def page() -> bytes:
                async with web.session() as shared:
                    return (await shared.fetch(f"http://site.test:{port}/", address)).body

            async def reach() -> float:
                return await tcp.connect(address, port, keep=True)

            if connect_first:
                seconds, body = await asyncio.gather(reach(), page())
            else:
                body, seconds = await asyncio.gather(page(), reach())
            assert body == b"/"
            assert seconds >= 0

        return run

    for connect_first in (True, False):
        assert _with_doors(scenario(connect_first)).connections == 1


def test_a_kept_connection_holds_its_slot_until_claimed_so_one_slot_per_host_suffices() -> None:
    """With one slot per host, the exchange claims the kept connection and its slot instead of
    queueing behind it (it would wait for the connection to expire)."""

    async def run(tcp: TargetTcp, web: TargetWeb, address: str, port: int) -> None:
        await tcp.connect(address, port, keep=True)
        loop = asyncio.get_running_loop()
        started = loop.time()
        async with web.session() as shared:
            assert (await shared.fetch(f"http://site.test:{port}/", address)).status == 200
        assert loop.time() - started < 0.4  # not held up until the kept one expired

    assert _with_doors(run, per_host=1).connections == 1


def test_kept_connections_nobody_claims_are_closed_with_the_target() -> None:
    async def run(tcp: TargetTcp, web: TargetWeb, address: str, port: int) -> None:
        await tcp.connect(address, port, keep=True)

    served = _with_doors(run)
    assert served.connections == 1
    assert served.requests == []
