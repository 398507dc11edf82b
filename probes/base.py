"""The probe contract.

A probe is a stateless object with a unique ``name``, the observation type it returns and an
async ``run``; the profile's parameters may bound what it measures (samples, ports, pages).
It reaches the network only through the :class:`~auditor.context.ProbeContext`.
It may raise: the context's clients raise typed exchange errors, and the engine reads the reason
off whatever comes out (:func:`auditor.errors.classify`), so probes contain no error-mapping
code of their own.
"""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any, ClassVar, Generic, TypeVar

from auditor.context import ProbeContext
from auditor.model import Observation, Target

ObservationT = TypeVar("ObservationT", bound=Observation)
DEADLINE_SHARE = 0.8
"""Share of the engine's probe timeout a probe's own exchanges may use, so that it returns what
it measured before the engine's timeout discards everything."""


def probe_seconds(ctx: ProbeContext, share: float = DEADLINE_SHARE) -> float:
    """Seconds a probe's exchanges may take: ``share`` of the engine's probe timeout."""
    return ctx.settings.timeouts.probe * share


def probe_deadline(ctx: ProbeContext, share: float = DEADLINE_SHARE) -> float:
    """Event-loop time by which a probe's exchanges must end (see :func:`probe_seconds`)."""
    return asyncio.get_running_loop().time() + probe_seconds(ctx, share)


class Probe(ABC, Generic[ObservationT]):
    name: ClassVar[str]
    observation_type: ClassVar[type[Observation]]

    def __init__(self, params: Mapping[str, Any] | None = None) -> None:
        """``params``: the profile's parameters of the checks that use this probe, for probes
        whose measurement itself is bounded by the profile (how many samples, which ports)."""
        self.params: Mapping[str, Any] = dict(params or {})

    @abstractmethod
    async def run(self, target: Target, ctx: ProbeContext) -> ObservationT:
        """Measure ``target`` and return the raw observation."""
