from __future__ import annotations

import asyncio
import gc
import weakref
from collections.abc import AsyncIterator, Iterator

import pytest

from tests.auditor.engine_fakes import TRACKER, fake_profile
from v6audit.auditor.engine import Engine
from v6audit.auditor.model import Score, Status
from v6audit.auditor.records import RunEnd, TargetReport
from v6audit.auditor.targets import parse_target
from v6audit.probes.model import Target
from v6audit.probes.net.context import ProbeContext
from v6audit.probes.net.settings import Limits, ScanSettings, Timeouts


@pytest.fixture(autouse=True)
def _reset() -> None:
    TRACKER.running = TRACKER.peak = 0
    TRACKER.started.clear()
    TRACKER.delay = 0.0


def _targets(*names: str) -> list[Target]:
    return [parse_target(name) for name in names]


def _run(
    targets: object, *, concurrency: int = 8, probe: float = 5.0, deadline: float | None = None
) -> tuple[list[TargetReport], RunEnd]:
    settings = ScanSettings(
        resolvers=("192.0.2.53",),
        limits=Limits(concurrency=concurrency),
        timeouts=Timeouts(probe=probe, deadline=deadline),
    )
    reports: list[TargetReport] = []

    async def go() -> RunEnd:
        engine = Engine(ProbeContext.create(settings), fake_profile())
        stats = await engine.run(targets, reports.append)  # type: ignore[arg-type]
        return stats.end

    return reports, asyncio.run(go())


def _status(report: TargetReport) -> tuple[str, str | None]:
    result = report.results[0]
    return result.status.value, result.reason.value if result.reason else None


def test_every_target_reported_with_score() -> None:
    reports, end = _run(_targets("a.example", "fail.example"))
    assert end is RunEnd.COMPLETE
    by_target = {r.target.raw: r for r in reports}
    assert _status(by_target["a.example"]) == ("pass", None)
    assert by_target["a.example"].score.total == 100.0
    assert _status(by_target["fail.example"]) == ("fail", None)
    assert by_target["fail.example"].results[0].remedy == "t"


def test_concurrency_limit_is_respected() -> None:
    TRACKER.delay = 0.02
    names = [f"h{i}.example" for i in range(40)]
    reports, _ = _run(_targets(*names), concurrency=5)
    assert len(reports) == 40
    assert TRACKER.peak == 5


def test_probe_timeout_is_an_error_not_a_verdict() -> None:
    reports, end = _run(_targets("slow.example", "ok.example"), probe=0.2)
    assert end is RunEnd.COMPLETE
    by_target = {r.target.raw: _status(r) for r in reports}
    assert by_target == {"slow.example": ("error", "timeout"), "ok.example": ("pass", None)}
    slow = next(r for r in reports if r.target.raw == "slow.example")
    assert slow.score.total is None
    assert slow.score.not_measured == ["test.sleep"]


def test_probe_and_judge_crashes_are_internal_errors_of_one_target() -> None:
    reports, _ = _run(_targets("crash.example", "judgecrash.example", "fine.example"))
    by_target = {r.target.raw: _status(r) for r in reports}
    assert by_target == {
        "crash.example": ("error", "internal"),
        "judgecrash.example": ("error", "internal"),
        "fine.example": ("pass", None),
    }


def test_deadline_stops_the_run_and_keeps_finished_targets() -> None:
    reports, end = _run(
        _targets("a.example", "slow.example", "slow2.example"), deadline=0.5, probe=30
    )
    assert end is RunEnd.DEADLINE
    assert [r.target.raw for r in reports] == ["a.example"]


def test_cancellation_keeps_what_finished() -> None:
    settings = ScanSettings(resolvers=("192.0.2.53",), limits=Limits(concurrency=2))
    reports: list[TargetReport] = []

    async def go() -> None:
        engine = Engine(ProbeContext.create(settings), fake_profile())
        task = asyncio.create_task(
            engine.run(_targets("a.example", "slow.example", "slow2.example"), reports.append)
        )
        await asyncio.sleep(0.3)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(go())
    assert [r.target.raw for r in reports] == ["a.example"]
    assert TRACKER.running == 0  # nothing left running


def test_targets_are_pulled_lazily() -> None:
    consumed = 0

    def lazy() -> Iterator[Target]:
        nonlocal consumed
        for index in range(10_000):
            consumed += 1
            yield parse_target(f"h{index}.example")

    first_seen: list[int] = []

    def sink(report: TargetReport) -> None:
        if not first_seen:
            first_seen.append(consumed)

    settings = ScanSettings(resolvers=("192.0.2.53",), limits=Limits(concurrency=4))

    async def go() -> None:
        engine = Engine(ProbeContext.create(settings), fake_profile())
        await engine.run(lazy(), sink)

    asyncio.run(go())
    assert consumed == 10_000
    assert first_seen[0] <= 8  # the engine never read ahead of its workers


def test_status_values_are_the_contract() -> None:
    assert {s.value for s in Status} == {"pass", "warn", "fail", "info", "not_applicable", "error"}


def test_an_asynchronous_source_is_shared_by_the_workers() -> None:
    async def arriving() -> AsyncIterator[Target]:
        for index in range(30):
            await asyncio.sleep(0)
            yield parse_target(f"h{index}.example")

    TRACKER.delay = 0.01
    reports, end = _run(arriving(), concurrency=6)
    assert end is RunEnd.COMPLETE
    assert sorted(r.target.raw for r in reports) == sorted(f"h{i}.example" for i in range(30))
    assert TRACKER.peak == 6


def test_a_worker_lets_go_of_a_report_once_it_is_handed_on() -> None:
    """Memory stays flat only if nothing but the sink keeps a finished report: a worker that
    held its last report while auditing the next kept one report per worker for the run."""
    handed: list[weakref.ref[Score]] = []  # a report's score: the report takes no weakref
    alive_when_next_taken: list[bool] = []

    async def source() -> AsyncIterator[Target]:
        yield parse_target("a.example")
        gc.collect()
        alive_when_next_taken.append(handed[0]() is not None)
        yield parse_target("b.example")

    settings = ScanSettings(resolvers=("192.0.2.53",), limits=Limits(concurrency=1))

    async def go() -> None:
        engine = Engine(ProbeContext.create(settings), fake_profile())
        await engine.run(source(), lambda report: handed.append(weakref.ref(report.score)))

    asyncio.run(go())
    assert len(handed) == 2
    assert alive_when_next_taken == [False]
