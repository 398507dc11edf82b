"""The probe contract.

A probe is a stateless object with a unique ``name``, the observation type it returns and an
async ``run``. It declares what it needs and the engine provides it, so a probe never calls
another probe and owns no clock:

* ``requires``: the probes whose observations it builds on (the host's addresses, the served
  home page). The engine runs a target's probes in dependency order, each once per target, and
  hands every probe its requirements' observations in :class:`Inputs`; when a requirement could
  not measure, the dependent probe is not run and fails with the same reason.
* ``Params``: the typed model of the profile parameters that bound what it measures (samples,
  ports, pages); the engine builds it from the profile, and a bad value is a profile error.
* ``deadline_share``: how much of the target's probe time its own exchanges may use; the engine
  turns it into the :class:`Budget` in its inputs.
* ``retry_pause`` and ``retry_wanted``: whether the engine should run it once more, after a
  pause and within the budget, and ask again for what looked like a rate limiter's answer.

It reaches the network only through the :class:`~probes.net.context.ProbeContext`. It may
raise: the context's clients raise typed exchange errors, and the engine reads the reason off
whatever comes out (:func:`probes.net.errors.classify`), so probes contain no error-mapping code
of their own.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Annotated, Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from v6audit.probes.model import Observation, Target
from v6audit.probes.net.context import ProbeContext
from v6audit.probes.net.holdup import Holdup

ObservationT = TypeVar("ObservationT", bound=Observation)
DEADLINE_SHARE = 0.8
"""Share of the target's probe time a probe's own exchanges may use, so that it returns what
it measured before the engine's timeout discards everything."""


Port = Annotated[int, Field(ge=1, le=65535)]


class ProbeParams(BaseModel):
    """Base of a probe's parameter model: the profile's values, checked once when it loads."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class NoParams(ProbeParams):
    """The parameters of a probe the profile does not bound."""


@dataclass(frozen=True, slots=True)
class Budget:
    """The time a probe has, on the event loop's clock, counted from the start of its target.

    Every probe of a target shares the target's clock: a probe that waits for a requirement has
    that much less time, so a target takes at most the probe timeout however its probes chain.
    The time the probe (or a requirement before it) was held up by the auditor's own queues is
    not counted (:mod:`probes.net.holdup`), up to one more probe timeout. Deadlines are read
    live, so a wait that began after the probe started still moves them.
    """

    start: float
    """Event-loop time the target's probes started."""
    seconds: float
    """The engine's probe timeout: at ``start + seconds`` whatever still runs is cut."""
    share: float = DEADLINE_SHARE
    holdup: Holdup = field(default_factory=Holdup)
    """Where the gate reports the probe's waits behind the auditor's own limits."""
    limit: float | None = None
    """Seconds of the target's time the probe bounds itself to (see :meth:`within`)."""

    @property
    def held(self) -> float:
        """Held-up seconds the deadlines leave out (at most one more probe timeout)."""
        return min(self.holdup.seconds, self.seconds)

    @property
    def deadline(self) -> float:
        """Event-loop time by which the probe's exchanges must end."""
        end = self.start + self.seconds * self.share + self.held
        return end if self.limit is None else min(end, self.start + self.limit + self.held)

    @property
    def end(self) -> float:
        """Event-loop time the engine cuts whatever of the probe still runs."""
        return self.start + self.seconds + self.held

    def within(self, seconds: float) -> Budget:
        """The budget of a probe that bounds itself to ``seconds`` of the target's time."""
        return replace(self, limit=seconds)


class Observations:
    """Observations looked up by probe class with their real type: those a probe requires, and
    those a check's judge asked for."""

    def __init__(self, by_probe: Mapping[str, Observation]) -> None:
        self._by_probe = by_probe

    def get(self, probe: type[Probe[ObservationT]]) -> ObservationT:
        observation = self._by_probe[probe.name]
        assert isinstance(observation, probe.observation_type)
        return observation  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class Inputs:
    """What the engine hands one probe for one target: its budget and its requirements."""

    budget: Budget
    needs: Observations = field(default_factory=lambda: Observations({}))
    """The observation of each required probe."""
    previous: Observation | None = None
    """On a retry (see ``Probe.retry_pause``), what the first run observed: the probe asks
    again only for the parts :meth:`Probe.retry_wanted` found, and keeps the rest."""

    def get(self, probe: type[Probe[ObservationT]]) -> ObservationT:
        """The observation of required ``probe``, with its real type."""
        return self.needs.get(probe)


class Probe(ABC, Generic[ObservationT]):
    name: ClassVar[str]
    observation_type: ClassVar[type[Observation]]
    requires: ClassVar[tuple[type[Probe[Any]], ...]] = ()
    Params: ClassVar[type[ProbeParams]] = NoParams
    deadline_share: ClassVar[float] = DEADLINE_SHARE
    retry_pause: ClassVar[float | None] = None
    """Seconds the engine waits before running the probe once more, with the first
    observation as ``inputs.previous``, when :meth:`retry_wanted` says a part of it is worth
    asking again (a rate limiter's answer) and the budget leaves time; None: never retried."""

    def __init__(self, params: ProbeParams | Mapping[str, Any] | None = None) -> None:
        """``params``: an instance of ``Params``, or the values to validate into one (its
        defaults when None)."""
        if not isinstance(params, ProbeParams):
            params = self.Params.model_validate(params or {})
        self.params = params

    @abstractmethod
    async def run(self, target: Target, ctx: ProbeContext, inputs: Inputs) -> ObservationT:
        """Measure ``target`` and return the raw observation."""

    def retry_wanted(self, observation: ObservationT) -> bool:
        """Whether part of ``observation`` is worth asking again after ``retry_pause``."""
        return False
