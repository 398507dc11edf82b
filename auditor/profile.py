"""Profiles: data files that say which checks run, which count toward which 2025 goal, and how much.

A profile is TOML under ``profiles/`` (or any path). It is validated on load and refused with a
message that names the offending key, because a silently misread weight would skew every score.
"""

from __future__ import annotations

import math
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from v6audit.auditor.model import Text
from v6audit.auditor.registry import CheckSpec, all_checks
from v6audit.probes.net.errors import InputError, printable
from v6audit.probes.net.userfiles import MIB, read_capped, toml_document

MAX_BYTES = MIB
"""A profile is a few KiB; a larger file is a mistake (or /dev/zero), never read whole."""
MAX_PORT = 65535


class LocalText(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)
    en: str = Field(min_length=1)
    zh: str = Field(min_length=1)

    def text(self) -> Text:
        return Text(self.en, self.zh)


class Goal(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)
    title: LocalText
    weight: float = Field(gt=0)
    checks: dict[str, float] = Field(default_factory=dict)
    """Check ID to weight; a goal without checks is reported as not measured."""
    shows: list[str] = Field(default_factory=list)
    """Checks run and reported beside this goal's evidence but never weighed: information a
    reader needs (a ping that is filtered, the hosts a survey found) that is no verdict. Selecting
    a check is apart from weighing it, so no check needs a made-up weight to run."""
    declared: dict[str, LocalText] = Field(default_factory=dict)
    """Capabilities that cannot be measured from outside (SRv6, slicing, ...): the operator
    declares them in an inventory file; reports show them as declared, never as measured."""

    @model_validator(mode="after")
    def _positive_weights(self) -> Goal:
        for check_id, weight in self.checks.items():
            if not weight > 0:
                raise ValueError(f"checks.{check_id}: weight must be greater than 0")
        for check_id in self.shows:
            if check_id in self.checks:
                raise ValueError(f"shows: {check_id!r} is weighed under checks already")
        return self


class Profile(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False
    )
    schema_version: Literal[1] = Field(alias="schema")
    name: str = Field(min_length=1)
    title: LocalText
    benchmark: float = Field(ge=0, le=100)
    """Score from which a target counts as a sector benchmark (标杆)."""
    sector_goal: int = Field(default=20, ge=1)
    """Benchmark targets wanted per key sector (the opinion asks for 20 or more)."""
    min_coverage: float = Field(default=0.5, ge=0, le=1)
    """Share of the scoring weight that must be measured for a target to get a total at all."""
    warn_points: float = Field(default=0.5, ge=0, le=1)
    """Share of a check's weight earned by a warning (a pass earns all, a fail none)."""
    goals: dict[str, Goal] = Field(min_length=1)
    params: dict[str, dict[str, Any]] = Field(default_factory=dict)
    """Per-check parameter overrides, e.g. ``params."web.same-content".threshold``."""

    @model_validator(mode="after")
    def _known_checks(self) -> Profile:
        registry = all_checks()
        for goal_name, goal in self.goals.items():
            for field, check_ids in (("checks", list(goal.checks)), ("shows", goal.shows)):
                for check_id in check_ids:
                    if check_id not in registry:
                        raise ValueError(
                            f"goals.{printable(goal_name)}.{field}: unknown check {check_id!r}"
                        )
        for check_id, overrides in self.params.items():
            spec = registry.get(check_id)
            if spec is None:
                raise ValueError(f"params: unknown check {check_id!r}")
            _validate_params(spec, overrides)
        return self

    def check_ids(self) -> list[str]:
        """Every check the profile runs, weighed or shown, each once, in profile order."""
        return list(
            dict.fromkeys(c for goal in self.goals.values() for c in [*goal.checks, *goal.shows])
        )

    def params_for(self, spec: CheckSpec) -> dict[str, Any]:
        return {**spec.defaults, **self.params.get(spec.id, {})}


def _validate_params(spec: CheckSpec, overrides: dict[str, Any]) -> None:
    for key, value in overrides.items():
        if key not in spec.defaults:
            known = ", ".join(spec.defaults) or "none"
            raise ValueError(
                f"params.{spec.id}.{printable(key)}: unknown parameter (known: {known})"
            )
        _validate_value(f"params.{spec.id}.{key}", value, spec.defaults[key])
    for probe in spec.probes:  # and what a probe measures by: its own typed model
        fields = probe.Params.model_fields
        try:
            probe.Params.model_validate({k: v for k, v in overrides.items() if k in fields})
        except ValidationError as exc:
            error = exc.errors()[0]
            where = ".".join(str(part) for part in error["loc"])
            raise ValueError(f"params.{spec.id}.{where}: {error['msg']}") from None


def _validate_value(where: str, value: Any, default: Any) -> None:
    """``value`` has the type of ``default``; numbers are finite and not negative, and the
    members of a list (the port lists) are port numbers."""
    expected = type(default)
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, expected) or isinstance(value, bool) is not (expected is bool):
        raise ValueError(f"{where}: expected {expected.__name__}, got {type(value).__name__}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{where}: expected a finite number, got {value}")
    if isinstance(value, int | float) and value < 0:
        raise ValueError(f"{where}: expected a number not below 0, got {value}")
    if isinstance(value, list):
        for item in value:
            if isinstance(item, bool) or not isinstance(item, int) or not 1 <= item <= MAX_PORT:
                raise ValueError(f"{where}: expected port numbers (1-{MAX_PORT}), got {item!r}")


def load_profile(name_or_path: str) -> Profile:
    """Load a shipped profile by name, or a profile file by path."""
    path = Path(name_or_path)
    if path.suffix == ".toml" or path.exists():
        label = str(path)
        data = read_capped(path, MAX_BYTES, "profile")
    else:
        label = name_or_path
        shipped = resources.files("v6audit.profiles").joinpath(f"{name_or_path}.toml")
        if not shipped.is_file():
            raise InputError(
                f"unknown profile {name_or_path!r} (shipped: {', '.join(shipped_profiles())})"
            )
        data = shipped.read_bytes()
    return parse_profile(data, label)


def parse_profile(data: bytes, label: str) -> Profile:
    document = toml_document(data, f"profile {label}")
    try:
        return Profile.model_validate(document)
    except ValidationError as exc:
        problems = "; ".join(_describe_error(error) for error in exc.errors())
        raise InputError(f"profile {label}: {problems}") from None


def _describe_error(error: Any) -> str:
    where = ".".join(printable(part) for part in error["loc"])
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


def shipped_profiles() -> list[str]:
    return sorted(
        entry.name.removesuffix(".toml")
        for entry in resources.files("v6audit.profiles").iterdir()
        if entry.name.endswith(".toml")
    )
