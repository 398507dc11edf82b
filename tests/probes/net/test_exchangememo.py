"""One exchange per key: shared, never cancelled, each caller bounded by its own deadline."""

from __future__ import annotations

import asyncio
import gc

import pytest

from v6audit.probes.model import Reason
from v6audit.probes.net.errors import ExchangeError
from v6audit.probes.net.exchangememo import PAST_DEADLINE, Deadline, ExchangeMemo
from v6audit.probes.net.gate import NetworkGate
from v6audit.probes.net.holdup import Holdup, charged_to
from v6audit.probes.net.settings import Limits


class _Server:
    """An exchange that answers when told to, or times out at the bound it was given, as the
    web client does; it counts how often it was started and records the bounds."""

    def __init__(self) -> None:
        self.started = 0
        self.cancelled = 0
        self.bounds: list[float] = []
        self.answer = asyncio.Event()
        self.running = asyncio.Event()

    async def exchange(self, bound: Deadline) -> str:
        self.started += 1
        self.bounds.append(bound())
        self.running.set()
        try:
            async with asyncio.timeout_at(self.bounds[-1]):
                await self.answer.wait()
        except TimeoutError:
            raise ExchangeError(Reason.TIMEOUT, "timed out") from None
        except asyncio.CancelledError:
            self.cancelled += 1
            raise
        return f"answer {self.started}"


def _in(seconds: float) -> Deadline:
    at = asyncio.get_running_loop().time() + seconds
    return lambda: at


def test_callers_of_one_key_share_one_exchange_and_its_answer() -> None:
    async def go() -> None:
        memo: ExchangeMemo[str] = ExchangeMemo()
        server = _Server()
        first = asyncio.create_task(memo.get("k", server.exchange))
        second = asyncio.create_task(memo.get("k", server.exchange))
        await asyncio.sleep(0)
        server.answer.set()
        assert await first == await second == "answer 1"
        assert await memo.get("k", server.exchange) == "answer 1"  # kept once done
        assert await memo.get("other", server.exchange) == "answer 2"
        assert server.started == memo.started == 2
        await memo.aclose()

    asyncio.run(go())


def test_a_failure_is_shared_like_an_answer() -> None:
    async def go() -> None:
        memo: ExchangeMemo[str] = ExchangeMemo()
        made = 0

        async def refused(_bound: Deadline) -> str:
            nonlocal made
            made += 1
            raise ExchangeError(Reason.REFUSED, "connection refused")

        for _ in range(2):
            with pytest.raises(ExchangeError) as raised:
                await memo.get("k", refused)
            assert raised.value.reason is Reason.REFUSED
        assert made == 1
        await memo.aclose()

    asyncio.run(go())


def test_a_closed_memo_leaves_no_reference_cycle_through_a_failure() -> None:
    """A failure raised through the shared task and its callers, from a cause: once the memo
    is closed, all of it dies by reference count, not by the cyclic garbage collector."""

    async def refused(_bound: Deadline) -> str:
        try:
            raise ConnectionRefusedError("refused")
        except OSError as exc:
            raise ExchangeError(Reason.REFUSED, "connection refused") from exc

    async def go() -> None:
        memo: ExchangeMemo[str] = ExchangeMemo()
        for _ in range(2):
            with pytest.raises(ExchangeError):
                await memo.get("k", refused)
        await memo.aclose()

    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        asyncio.run(go())
        gc.collect()
        left = [o for o in gc.garbage if isinstance(o, BaseException)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert left == []


def test_the_exchange_runs_until_the_latest_deadline_of_those_waiting() -> None:
    """A caller past its deadline times out; the exchange goes on for the others."""

    async def go() -> None:
        memo: ExchangeMemo[str] = ExchangeMemo()
        server = _Server()
        patient_deadline = _in(5.0)
        patient = asyncio.create_task(memo.get("k", server.exchange, patient_deadline))
        with pytest.raises(ExchangeError) as raised:
            await memo.get("k", server.exchange, _in(0.05))
        assert raised.value.reason is Reason.TIMEOUT
        assert str(raised.value) == PAST_DEADLINE
        assert server.bounds == [patient_deadline()]
        server.answer.set()
        assert await patient == "answer 1"
        assert (server.started, server.cancelled) == (1, 0)
        await memo.aclose()

    asyncio.run(go())


def test_an_exchange_nobody_waits_for_is_not_cancelled_but_awaited_on_closing() -> None:
    """Cancelling httpcore in a TLS handshake would leave its socket open."""

    async def go() -> None:
        memo: ExchangeMemo[str] = ExchangeMemo()
        server = _Server()
        walk = asyncio.create_task(memo.get("k", server.exchange, _in(0.2)))
        await server.running.wait()
        walk.cancel()  # as web.home cancels a walk once it knows the home page
        with pytest.raises(asyncio.CancelledError):
            await walk
        await memo.aclose()  # the exchange ends by its own bound
        assert (server.started, server.cancelled) == (1, 0)

    asyncio.run(go())


def test_a_failure_every_caller_left_before_is_not_reported_as_lost() -> None:
    """Every caller left at its deadline before the exchange failed, and no other came:
    asyncio does not log the failure as an exception nobody retrieved."""

    async def refused(_bound: Deadline) -> str:
        await asyncio.sleep(0.1)
        raise ExchangeError(Reason.REFUSED, "refused")

    async def go() -> list[dict[str, object]]:
        lost: list[dict[str, object]] = []
        asyncio.get_running_loop().set_exception_handler(lambda _loop, ctx: lost.append(ctx))
        memo: ExchangeMemo[str] = ExchangeMemo()
        with pytest.raises(ExchangeError, match=PAST_DEADLINE):
            await memo.get("k", refused, _in(0.02))
        await asyncio.sleep(0.2)  # it fails with no caller waiting
        await memo.aclose()
        del memo
        gc.collect()
        return lost

    assert asyncio.run(go()) == []


def test_an_exchange_cut_by_another_callers_deadline_is_asked_again() -> None:
    """A timeout at a deadline is the auditor's, not the server's: a caller with time left
    gets an exchange of its own, bounded by its own deadline."""

    async def go() -> None:
        memo: ExchangeMemo[str] = ExchangeMemo()
        server = _Server()
        hurried = asyncio.create_task(memo.get("k", server.exchange, _in(0.05)))
        await server.running.wait()
        later = _in(5.0)
        patient = asyncio.create_task(memo.get("k", server.exchange, later))
        with pytest.raises(ExchangeError):
            await hurried
        await asyncio.sleep(0.01)
        server.answer.set()
        assert await patient == "answer 2"
        assert server.bounds[1] == later()
        await memo.aclose()

    asyncio.run(go())


def test_every_caller_is_held_up_while_the_shared_exchange_waits_for_its_slot() -> None:
    """A probe that joins an exchange another started keeps the deadline it would have had."""

    async def go() -> tuple[float, float]:
        gate = NetworkGate(Limits(in_flight=1, rate=10_000))

        async def hold(seconds: float) -> str:
            async with gate.slot():
                await asyncio.sleep(seconds)
            return "answer"

        memo: ExchangeMemo[str] = ExchangeMemo()
        blocker = asyncio.create_task(hold(0.3))
        await asyncio.sleep(0)
        starter, joiner = Holdup(), Holdup()
        with charged_to(starter):
            first = asyncio.create_task(memo.get("k", lambda _bound: hold(0.0)))
        await asyncio.sleep(0.1)
        with charged_to(joiner):
            second = asyncio.create_task(memo.get("k", lambda _bound: hold(0.0)))
        assert await first == await second == "answer"
        await blocker
        await memo.aclose()
        return starter.seconds, joiner.seconds

    starter, joiner = asyncio.run(go())
    assert 0.25 <= starter < 0.4
    assert 0.15 <= joiner < 0.3
