"""The probe graph: requirements closed over, run once per target in order, failures passed on."""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

import pytest

from v6audit.auditor.probegraph import Outcome, observe, with_requirements
from v6audit.auditor.targets import parse_target
from v6audit.probes.base import Budget, Inputs, Probe
from v6audit.probes.model import Observation, ProbeFailure, Reason, Target
from v6audit.probes.net.context import ProbeContext
from v6audit.probes.net.settings import Limits, ScanSettings, Timeouts


class Seen(Observation):
    values: list[str]


class _Recording(Probe[Seen]):
    """Records its runs; its observation lists what it got from its requirements."""

    observation_type = Seen
    runs: ClassVar[list[str]] = []
    budgets: ClassVar[dict[str, Budget]] = {}

    async def run(self, target: Target, ctx: ProbeContext, inputs: Inputs) -> Seen:
        self.runs.append(self.name)
        self.budgets[self.name] = inputs.budget
        await asyncio.sleep(0)
        if target.raw.startswith(f"{self.name}-fails"):
            raise TimeoutError("no answer")
        got = [value for required in self.requires for value in inputs.get(required).values]
        return Seen(values=[*got, self.name])


class Root(_Recording):
    name = "root"


class Left(_Recording):
    name = "left"
    requires = (Root,)


class Right(_Recording):
    name = "right"
    requires = (Root,)
    deadline_share = 0.4


class Top(_Recording):
    name = "top"
    requires = (Left, Right)


class Loop1(_Recording):
    name = "loop1"


class Loop2(_Recording):
    name = "loop2"
    requires = (Loop1,)


Loop1.requires = (Loop2,)


def _observe(host: str, *wanted: type[Probe[Any]]) -> dict[str, Outcome]:
    _Recording.runs.clear()
    settings = ScanSettings(resolvers=("192.0.2.53",), timeouts=Timeouts(probe=10.0))

    async def go() -> dict[str, Outcome]:
        probes = {probe: probe() for probe in with_requirements(wanted)}
        return await observe(parse_target(host), ProbeContext.create(settings), probes, wanted)

    return asyncio.run(go())


def test_requirements_come_first_each_once() -> None:
    assert with_requirements([Top, Left]) == [Root, Left, Right, Top]


def test_a_requirement_cycle_is_refused() -> None:
    with pytest.raises(RuntimeError, match="loop1 -> loop2 -> loop1"):
        with_requirements([Loop1])


def test_each_probe_runs_once_with_its_requirements_observations() -> None:
    outcomes = _observe("a.example", Top, Left)
    assert sorted(_Recording.runs) == ["left", "right", "root", "top"]
    assert list(outcomes) == ["top", "left", "root", "right"]  # the wanted first
    top = outcomes["top"]
    assert isinstance(top, Seen)
    assert top.values == ["root", "left", "root", "right", "top"]


def test_a_failed_requirement_fails_its_dependents_with_its_reason() -> None:
    outcomes = _observe("left-fails.example", Top)
    assert "top" not in _Recording.runs
    assert outcomes["left"] == ProbeFailure(
        probe="left", reason=Reason.TIMEOUT, message="no answer"
    )
    assert outcomes["top"] == ProbeFailure(probe="top", reason=Reason.TIMEOUT, message="no answer")
    assert isinstance(outcomes["right"], Seen)


def test_every_probe_of_a_target_shares_its_clock() -> None:
    _observe("a.example", Top)
    budgets = _Recording.budgets
    assert {budget.start for budget in budgets.values()} == {budgets["root"].start}
    assert budgets["right"].deadline == budgets["right"].start + 10.0 * 0.4
    assert budgets["top"].deadline == budgets["top"].start + 10.0 * 0.8
    assert budgets["top"].within(2.0).deadline == budgets["top"].start + 2.0


class Asked(Observation):
    runs: int


class Retrying(Probe[Asked]):
    """Wants a second look at what its first run saw; counts the runs it was given."""

    name = "retrying"
    observation_type = Asked
    retry_pause = 0.0

    async def run(self, target: Target, ctx: ProbeContext, inputs: Inputs) -> Asked:
        previous = inputs.previous
        assert previous is None or isinstance(previous, Asked)
        return Asked(runs=1 if previous is None else previous.runs + 1)

    def retry_wanted(self, observation: Asked) -> bool:
        return observation.runs == 1


class Patient(Retrying):
    name = "patient"
    retry_pause = 60.0


def test_the_engine_retries_once_with_what_the_first_run_saw() -> None:
    outcomes = _observe("a.example", Retrying)
    assert outcomes["retrying"] == Asked(runs=2)


def test_no_retry_when_its_pause_would_pass_the_deadline() -> None:
    outcomes = _observe("a.example", Patient)  # the probe's budget is 8 of 10 seconds
    assert outcomes["patient"] == Asked(runs=1)


class Queued(Observation):
    held: float


class _Queueing(Probe[Queued]):
    """Takes one slot from the gate (behind whatever holds it), then works ``exchange`` seconds."""

    name = "queueing"
    observation_type = Queued
    exchange = 0.1

    async def run(self, target: Target, ctx: ProbeContext, inputs: Inputs) -> Queued:
        async with ctx.gate.slot():
            await asyncio.sleep(self.exchange)
        return Queued(held=inputs.budget.held)


def _observe_behind(blocked: float, exchange: float = 0.1) -> Outcome:
    """Run ``_Queueing`` with a 0.3 s probe timeout while the run's one slot is taken for
    ``blocked`` seconds by some other target."""
    limits = Limits(in_flight=1, rate=10_000)
    settings = ScanSettings(limits=limits, timeouts=Timeouts(probe=0.3))
    probe = _Queueing()
    probe.exchange = exchange

    async def go() -> Outcome:
        ctx = ProbeContext.create(settings)

        async def other_target() -> None:
            async with ctx.gate.slot():
                await asyncio.sleep(blocked)

        other = asyncio.create_task(other_target())
        await asyncio.sleep(0)
        outcomes = await observe(parse_target("a.example"), ctx, {_Queueing: probe}, [_Queueing])
        await other
        return outcomes["queueing"]

    return asyncio.run(go())


def test_time_held_up_by_other_targets_does_not_count_against_the_budget() -> None:
    outcome = _observe_behind(blocked=0.25)  # 0.35 s in all
    assert isinstance(outcome, Queued)
    assert 0.2 <= outcome.held < 0.3


def test_the_budget_still_ends_the_probe_that_is_slow_itself() -> None:
    outcome = _observe_behind(blocked=0.0, exchange=0.5)
    assert isinstance(outcome, ProbeFailure)
    assert outcome.reason is Reason.TIMEOUT


def test_a_hold_up_extends_the_budget_once_at_most() -> None:
    outcome = _observe_behind(blocked=0.8)  # 0.3 s of its own and 0.3 s more: cut at 0.6 s
    assert isinstance(outcome, ProbeFailure)
    assert outcome.reason is Reason.TIMEOUT
