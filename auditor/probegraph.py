"""The probe graph of a run: which probes a target needs, and running them for one target.

Probes declare their requirements (``Probe.requires``); nothing else links them. This module
closes a list of wanted probes over those requirements, refuses a cycle up front, and runs one
target's probes, each once (a retry aside), as soon as what it requires is measured, and side by
side where independent. Every probe of the target shares one clock (:class:`probes.base.Budget`):
at the probe timeout after the target started, whatever still runs is cut and classified. That
clock leaves out the time a probe was held up by the auditor's own queues
(:mod:`probes.net.holdup`): each probe gets its holdup, starting from its requirements' longest.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from v6audit.probes.base import Budget, Inputs, Observations, Probe
from v6audit.probes.model import Observation, ProbeFailure, Reason, Target
from v6audit.probes.net.context import ProbeContext
from v6audit.probes.net.errors import classify, describe
from v6audit.probes.net.holdup import Holdup, charged_to, moving_timeout

log = logging.getLogger(__name__)

ProbeType = type[Probe[Any]]
Outcome = Observation | ProbeFailure


def with_requirements(wanted: Iterable[ProbeType]) -> list[ProbeType]:
    """``wanted`` and everything they require, each once, every probe after its requirements;
    a requirement cycle is a programming error and raises ``RuntimeError``."""
    return list(_ordered(tuple(wanted)))


@functools.lru_cache(maxsize=64)
def _ordered(wanted: tuple[ProbeType, ...]) -> tuple[ProbeType, ...]:
    """Worked out once per list of probes: every target of a run asks for the same one."""
    ordered: dict[ProbeType, None] = {}
    for probe in wanted:
        _visit(probe, ordered, [])
    return tuple(ordered)


def _visit(probe: ProbeType, ordered: dict[ProbeType, None], visiting: list[ProbeType]) -> None:
    """Add ``probe`` to ``ordered`` after its requirements; ``visiting``: the path to it."""
    if probe in ordered:
        return
    if probe in visiting:
        cycle = " -> ".join(p.name for p in [*visiting[visiting.index(probe) :], probe])
        raise RuntimeError(f"probe requirements form a cycle: {cycle}")
    visiting.append(probe)
    for required in probe.requires:
        _visit(required, ordered, visiting)
    visiting.pop()
    ordered[probe] = None


async def observe(
    target: Target,
    ctx: ProbeContext,
    probes: Mapping[ProbeType, Probe[Any]],
    wanted: Sequence[ProbeType],
) -> dict[str, Outcome]:
    """Run ``wanted`` and their requirements on ``target``, instances taken from ``probes``;
    the outcome of every probe run, by name: ``wanted`` first, then their requirements."""
    order = with_requirements(wanted)
    seconds = ctx.settings.timeouts.probe
    start = asyncio.get_running_loop().time()
    tasks: dict[ProbeType, asyncio.Task[Outcome]] = {}
    holdups: dict[ProbeType, Holdup] = {}

    async def outcome(probe_type: ProbeType, ctx: ProbeContext) -> Outcome:
        probe = probes[probe_type]
        needs: dict[str, Observation] = {}
        for required in probe_type.requires:
            got = await tasks[required]
            if isinstance(got, ProbeFailure):  # measured nothing to build on: fail alike
                return ProbeFailure(probe=probe.name, reason=got.reason, message=got.message)
            needs[required.name] = got
        # it started as late as its requirements' hold-ups made them end
        held = max((holdups[r].seconds for r in probe_type.requires), default=0.0)
        holdups[probe_type] = holdup = Holdup(held)
        budget = Budget(start, seconds, probe_type.deadline_share, holdup)
        inputs = Inputs(budget, Observations(needs))
        try:
            with charged_to(holdup):
                async with moving_timeout(lambda: budget.end):
                    return await run_probe(probe, target, ctx, inputs)
        except Exception as exc:
            reason = classify(exc)
            if reason is Reason.INTERNAL:
                log.exception("probe %s crashed on %s", probe.name, target.raw)
            return ProbeFailure(probe=probe.name, reason=reason, message=describe(exc))

    # one web door for the target's probes: they share its connections and exchanges
    async with ctx.for_target() as target_ctx, asyncio.TaskGroup() as group:
        for probe_type in order:  # requirements first, so every task finds its requirements'
            tasks[probe_type] = group.create_task(outcome(probe_type, target_ctx))
    return {p.name: tasks[p].result() for p in dict.fromkeys([*wanted, *order])}


async def run_probe(
    probe: Probe[Any], target: Target, ctx: ProbeContext, inputs: Inputs
) -> Observation:
    """Run ``probe``, and once more after its pause when it wants and the budget allows; what
    it raises goes to the caller."""
    observation: Observation = await probe.run(target, ctx, inputs)
    pause = probe.retry_pause
    if pause is None or not probe.retry_wanted(observation):
        return observation
    if asyncio.get_running_loop().time() + pause >= inputs.budget.deadline:
        return observation
    await asyncio.sleep(pause)
    again: Observation = await probe.run(target, ctx, replace(inputs, previous=observation))
    return again
