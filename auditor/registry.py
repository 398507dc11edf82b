"""The check registry: the one place checks are declared and looked up.

A check module under :mod:`auditor.checks` decorates its judge with :func:`check`: its stable
ID, the probes it needs and its judge. Its text (title, explanation, remedy in both languages)
comes from the catalog files (:mod:`auditor.catalog`), so adding a check is one check module and
one catalog entry; the package imports every module in it. :func:`register` takes a complete
:class:`CheckSpec`, text included, for a check that brings its own.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from v6audit.auditor.catalog import catalog
from v6audit.auditor.model import Status, Text
from v6audit.probes.base import Observations as Observations
from v6audit.probes.base import Probe
from v6audit.probes.model import Reason, TargetKind
from v6audit.probes.net.settings import Scope


@dataclass(frozen=True, slots=True)
class JudgeContext:
    """What a judge may consider besides observations: the scope and the profile's parameters."""

    scope: Scope = Scope.INTERNET
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Verdict:
    status: Status
    summary: Text
    details: dict[str, Any] = field(default_factory=dict)
    remedy: Text | None = None
    """Overrides the catalog remedy when the fix depends on what was found."""
    reason: Reason | None = None
    """With ``Status.ERROR``: why the observations could not settle the check (e.g. the IPv4
    side a comparison needs timed out)."""


Judge = Callable[[Observations, JudgeContext], Verdict]


@dataclass(frozen=True, slots=True)
class CheckSpec:
    id: str
    kind: TargetKind
    title: Text
    explanation: Text
    remedy: Text
    probes: tuple[type[Probe[Any]], ...]
    judge: Judge
    defaults: Mapping[str, Any] = field(default_factory=dict)
    """Parameters a profile may override (thresholds, port lists)."""


_CHECKS: dict[str, CheckSpec] = {}


def register(spec: CheckSpec) -> CheckSpec:
    if spec.id in _CHECKS:
        raise RuntimeError(f"check {spec.id} registered twice")
    _CHECKS[spec.id] = spec
    return spec


def check(
    check_id: str,
    *,
    kind: TargetKind,
    probes: Iterable[type[Probe[Any]]],
    defaults: Mapping[str, Any] | None = None,
) -> Callable[[Judge], Judge]:
    """Decorator form of :func:`register` for a judge function; its text is the catalog's."""
    entry = catalog().get(check_id)

    def decorate(judge: Judge) -> Judge:
        register(
            CheckSpec(
                id=check_id,
                kind=kind,
                title=entry.title,
                explanation=entry.explanation,
                remedy=entry.remedy,
                probes=tuple(probes),
                judge=judge,
                defaults=dict(defaults or {}),
            )
        )
        return judge

    return decorate


def all_checks() -> Mapping[str, CheckSpec]:
    _load_check_modules()
    return _CHECKS


def get_check(check_id: str) -> CheckSpec:
    return all_checks()[check_id]


def _load_check_modules() -> None:
    import importlib
    import pkgutil

    import v6audit.auditor.checks

    for module in pkgutil.iter_modules(v6audit.auditor.checks.__path__):
        importlib.import_module(f"v6audit.auditor.checks.{module.name}")
    _check_catalog()


@functools.cache
def _check_catalog() -> None:
    """Once every check module is imported: refuse catalog entries no check registered."""
    catalog().refuse_orphans(_CHECKS)
