"""Property-based fuzzing of everything a user writes: target lines, profiles, inventories.

The property: any input either parses or is refused with the project's InputError (one line,
naming the input), never another exception. Documents are built from the shapes the parsers
expect, with hostile values (nan, inf, huge numbers, wrong types, deep nesting, stray keys),
so the search reaches the validation behind the TOML syntax.
"""

from __future__ import annotations

import copy
import json
import math
import tomllib
from collections.abc import Callable
from importlib import resources
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from v6audit.auditor.inventory import load_inventory
from v6audit.auditor.profile import load_profile, parse_profile
from v6audit.auditor.records import InputProblem
from v6audit.auditor.registry import all_checks
from v6audit.auditor.targets import parse_line, parse_target, read_target_file
from v6audit.probes.model import Target
from v6audit.probes.net.errors import InputError

T = TypeVar("T")

FUZZ = settings(
    max_examples=300,
    deadline=None,  # never a timing assertion; a slow example is still a valid one
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def parsed_or_refused(parse: Callable[[], T]) -> T | None:
    """What ``parse`` returns, or None when it refused the input with a one-line InputError.

    Any other exception fails the test: that is the property.
    """
    try:
        return parse()
    except InputError as exc:
        message = str(exc)
    assert message
    assert "\n" not in message
    return None


# -- target lines -----------------------------------------------------------------------------
TARGET_ALPHABET = st.sampled_from(
    [*"abcxyz019.-:/[]%#@?&=_~ \t", "政", "中国", "xn--", "::", "http://", "https://", "\x00",
     "\u200b", "\u202e", "\ud7ff", "ß", "İ", "/64", "/0", "%eth0", "１"]
)  # fmt: skip
TARGETISH = st.lists(TARGET_ALPHABET, max_size=40).map("".join)


@FUZZ
@given(st.one_of(st.text(max_size=300), TARGETISH))
def test_a_target_parses_or_is_refused_clearly(text: str) -> None:
    target = parsed_or_refused(lambda: parse_target(text))
    if target is not None and target.host is not None:
        assert len(target.host) <= 253
        assert target.host.isascii()


@FUZZ
@given(st.one_of(st.text(max_size=300), st.tuples(TARGETISH, TARGETISH).map(" ".join)))
def test_a_target_line_parses_or_is_refused_clearly(line: str) -> None:
    parsed_or_refused(lambda: parse_line(line, "fuzz:1"))


@FUZZ
@given(
    data=st.one_of(
        st.binary(max_size=2000),
        st.lists(st.one_of(TARGETISH, st.text(max_size=80)), max_size=30).map(
            lambda lines: "\n".join(lines).encode("utf-8", "surrogatepass")
        ),
        st.integers(4000, 20_000).map(lambda n: b"a" * n + b".example\nwww.example.cn\n"),
    )
)
def test_any_target_file_yields_targets_and_problems_only(
    data: bytes, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("targets") / "targets.txt"
    path.write_bytes(data)
    for item in read_target_file(path):
        assert isinstance(item, Target | InputProblem)
        if isinstance(item, InputProblem):
            assert item.source.startswith(f"{path}:")
            assert "\n" not in item.error


# -- TOML documents ---------------------------------------------------------------------------
def toml_value(value: Any) -> str:
    """TOML for a value (inline tables for dicts), enough to write any generated document."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        return ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    items = ", ".join(
        f"{json.dumps(key, ensure_ascii=False)} = {toml_value(item)}" for key, item in value.items()
    )
    return "{" + items + "}"


def toml_document(document: dict[str, Any]) -> bytes:
    lines = [
        f"{json.dumps(key, ensure_ascii=False)} = {toml_value(value)}"
        for key, value in document.items()
    ]
    return "\n".join(lines).encode("utf-8", "surrogatepass")


def text(max_size: int) -> st.SearchStrategy[str]:
    """Any text TOML can hold (no lone surrogates, which no UTF-8 file can carry)."""
    return st.text(st.characters(exclude_categories=("Cs",)), max_size=max_size)


NUMBERS = st.one_of(
    st.sampled_from([math.inf, -math.inf, math.nan, 1e308, 0, -1, 2**63, 65536, 0.5]),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
)
SCALARS = st.one_of(NUMBERS, st.booleans(), text(max_size=20))
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
CHECKS = sorted(all_checks())
CHECK_IDS = st.one_of(st.sampled_from(CHECKS), text(max_size=12))
LOCAL_TEXT = st.one_of(
    st.fixed_dictionaries({"en": text(max_size=10), "zh": text(max_size=10)}), SCALARS
)


@st.composite
def params(draw: st.DrawFn) -> dict[str, Any]:
    """Overrides of real parameters, with values of any type and size."""
    result: dict[str, Any] = {}
    for check_id in draw(st.lists(st.sampled_from(CHECKS), max_size=3)):
        defaults = all_checks()[check_id].defaults
        names = st.one_of(st.sampled_from(sorted(defaults)), text(max_size=8))
        result[check_id] = draw(
            st.dictionaries(names, st.one_of(NUMBERS, st.lists(NUMBERS, max_size=4), VALUES))
            if defaults
            else st.dictionaries(text(max_size=8), VALUES, max_size=2)
        )
    return result


GOAL = st.fixed_dictionaries(
    {"title": LOCAL_TEXT, "weight": NUMBERS},
    optional={
        "checks": st.dictionaries(CHECK_IDS, NUMBERS, max_size=4),
        "declared": st.dictionaries(text(max_size=8), LOCAL_TEXT, max_size=3),
        "stray": VALUES,
    },
)
PROFILES = st.fixed_dictionaries(
    {},
    optional={
        "schema": st.one_of(st.just(1), SCALARS),
        "name": st.one_of(text(max_size=10), SCALARS),
        "title": LOCAL_TEXT,
        "benchmark": NUMBERS,
        "sector_goal": NUMBERS,
        "min_coverage": NUMBERS,
        "warn_points": NUMBERS,
        "goals": st.one_of(st.dictionaries(text(max_size=8), GOAL, max_size=3), VALUES),
        "params": st.one_of(params(), VALUES),
        "extra": VALUES,
    },
)


DEEP = st.integers(1, 5000).map(lambda depth: b"a = " + b"[" * depth + b"]" * depth)
"""Nesting deeper than the TOML parser's recursion allows."""
SHIPPED = tomllib.loads(
    resources.files("v6audit.profiles").joinpath("default.toml").read_text("utf-8")
)


def _leaf_paths(value: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in _leaf_paths(item, (*path, key))]
    return [path]


SHIPPED_PATHS = _leaf_paths(SHIPPED)


@st.composite
def mutated_profiles(draw: st.DrawFn) -> dict[str, Any]:
    """The shipped default profile with a few values replaced, and parameter overrides: valid
    but for the mutation, so the search reaches the checks behind the first missing key."""
    document = copy.deepcopy(SHIPPED)
    for path in draw(st.lists(st.sampled_from(SHIPPED_PATHS), min_size=1, max_size=3)):
        parent = document
        for key in path[:-1]:
            parent = parent[key]
        number = isinstance(parent[path[-1]], int | float)
        parent[path[-1]] = draw(NUMBERS if number and draw(st.booleans()) else VALUES)
    document["params"] = draw(params())
    return document


def _finite_numbers(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_finite_numbers(item) for item in value.values())
    if isinstance(value, list | tuple):
        return all(_finite_numbers(item) for item in value)
    return True


@FUZZ
@given(
    st.one_of(
        PROFILES.map(toml_document),
        mutated_profiles().map(toml_document),
        st.binary(max_size=500),
        DEEP,
    )
)
def test_a_profile_parses_or_is_refused_clearly(data: bytes) -> None:
    profile = parsed_or_refused(lambda: parse_profile(data, "fuzz.toml"))
    if profile is not None:
        assert _finite_numbers(profile.model_dump())  # a nan weight would poison every score
        for overrides in profile.params.values():
            for value in overrides.values():
                assert not isinstance(value, int | float) or value >= 0
                assert not isinstance(value, list) or all(1 <= port <= 65535 for port in value)


DEFAULT_PROFILE = load_profile("default")
DECLARATION = st.one_of(
    st.booleans(),
    st.fixed_dictionaries({}, optional={"deployed": SCALARS, "note": SCALARS, "stray": VALUES}),
    VALUES,
)
ITEMS = st.sampled_from(["srv6", "network-slicing", "apn6", "in-situ-flow-measurement", "x"])
INVENTORIES = st.dictionaries(
    st.sampled_from(["ipv6-plus", "single-stack", "nope"]),
    st.one_of(st.dictionaries(ITEMS, DECLARATION, max_size=4), VALUES),
    max_size=3,
)


@FUZZ
@given(data=st.one_of(INVENTORIES.map(toml_document), st.binary(max_size=500), DEEP))
def test_an_inventory_parses_or_is_refused_clearly(
    data: bytes, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("inventory") / "inventory.toml"
    path.write_bytes(data)
    inventory = parsed_or_refused(lambda: load_inventory(path, DEFAULT_PROFILE))
    for items in (inventory or {}).values():
        for declaration in items.values():
            assert isinstance(declaration.deployed, bool)
