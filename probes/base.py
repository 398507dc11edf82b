"""The probe contract.

A probe is a stateless object with a unique ``name``, the observation type it returns and an
async ``run``. It reaches the network only through the :class:`~auditor.context.ProbeContext`.
It may raise: the engine classifies the exception (:func:`auditor.errors.classify`) into a typed
failure, so probes contain no error-mapping code of their own.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar, Generic, TypeVar

from auditor.context import ProbeContext
from auditor.model import Observation, Target

ObservationT = TypeVar("ObservationT", bound=Observation)


class Probe(ABC, Generic[ObservationT]):
    name: ClassVar[str]
    observation_type: ClassVar[type[Observation]]

    @abstractmethod
    async def run(self, target: Target, ctx: ProbeContext) -> ObservationT:
        """Measure ``target`` and return the raw observation."""
