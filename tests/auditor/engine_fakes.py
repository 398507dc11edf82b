"""Fake probes and checks for engine tests, registered under the ``test.`` prefix."""

from __future__ import annotations

import asyncio

from tests.profiles import one_goal_profile
from v6audit.auditor.model import Status, Text
from v6audit.auditor.profile import Profile
from v6audit.auditor.registry import (
    CheckSpec,
    JudgeContext,
    Observations,
    Verdict,
    all_checks,
    register,
)
from v6audit.probes.base import Inputs, Probe
from v6audit.probes.model import Observation, Target, TargetKind
from v6audit.probes.net.context import ProbeContext


class Sleep(Observation):
    host: str


class Tracker:
    """Counts probes running at once and targets started."""

    def __init__(self) -> None:
        self.running = 0
        self.peak = 0
        self.started: list[str] = []
        self.delay = 0.0


TRACKER = Tracker()


class SleepProbe(Probe[Sleep]):
    name = "test.sleep"
    observation_type = Sleep

    async def run(self, target: Target, ctx: ProbeContext, inputs: Inputs) -> Sleep:
        TRACKER.started.append(target.raw)
        TRACKER.running += 1
        TRACKER.peak = max(TRACKER.peak, TRACKER.running)
        try:
            if target.raw.startswith("crash"):
                raise ZeroDivisionError("probe bug")
            await asyncio.sleep(60 if target.raw.startswith("slow") else TRACKER.delay)
        finally:
            TRACKER.running -= 1
        return Sleep(host=target.raw)


TEXT = Text("t", "t")


def judge_sleep(observations: Observations, context: JudgeContext) -> Verdict:
    host = observations.get(SleepProbe).host
    if host.startswith("judgecrash"):
        raise KeyError("judge bug")
    status = Status.FAIL if host.startswith("fail") else Status.PASS
    return Verdict(status, Text(f"slept {host}", "zh"), {"host": host})


if "test.sleep" not in all_checks():
    # not a shipped check, so not in the catalog: it brings its own text
    register(
        CheckSpec(
            id="test.sleep",
            kind=TargetKind.DOMAIN,
            title=TEXT,
            explanation=TEXT,
            remedy=TEXT,
            probes=(SleepProbe,),
            judge=judge_sleep,
        )
    )


def fake_profile() -> Profile:
    return one_goal_profile({"test.sleep": 1}, name="t")
