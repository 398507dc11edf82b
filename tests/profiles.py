"""Small profiles for tests: one goal holding the given checks, the rest as defaults."""

from __future__ import annotations

from typing import Any

from v6audit.auditor.profile import Profile, parse_profile


def one_goal_profile(
    checks: dict[str, float],
    name: str = "test",
    benchmark: float = 90,
    params: dict[str, dict[str, Any]] | None = None,
    shows: tuple[str, ...] = (),
) -> Profile:
    """The profile; ``params`` overrides check parameters, validated as a profile file's are;
    ``shows`` are checks the goal reports without weighing them."""
    document = one_goal_document(checks, name, benchmark, shows)
    profile = parse_profile(document.encode(), name)
    if not params:
        return profile
    return Profile.model_validate({**profile.model_dump(by_alias=True), "params": params})


def one_goal_document(
    checks: dict[str, float],
    name: str = "test",
    benchmark: float = 90,
    shows: tuple[str, ...] = (),
) -> str:
    """The profile file's text (for a scan run from the command line)."""
    weights = ", ".join(f'"{check}" = {weight}' for check, weight in checks.items())
    shown = ", ".join(f'"{check}"' for check in shows)
    return f"""schema = 1
name = "{name}"
title = {{ en = "{name}", zh = "{name}" }}
benchmark = {benchmark}
[goals.single-stack]
title = {{ en = "single-stack", zh = "单栈" }}
weight = 1
checks = {{ {weights} }}
shows = [{shown}]
"""
