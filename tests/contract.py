"""Every ``v6audit/1`` document the tests read is validated against the published JSON Schema.

The shipped schema lets consumers accept members it does not list (additions are compatible);
the tests validate against a closed copy of it, so a member the writers add without documenting
it in the schema fails here, not in a consumer's hands.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator

from v6audit.reports.document import json_schema


def _closed(node: Any) -> Any:
    """A copy of a schema where every object that lists its properties allows no others.

    Conditional parts (``if``/``then``) only narrow members declared elsewhere, so they stay open.
    """
    if isinstance(node, list):
        return [_closed(item) for item in node]
    if not isinstance(node, dict):
        return node
    closed = {
        key: value if key in ("if", "then") else _closed(value) for key, value in node.items()
    }
    if "properties" in closed and "additionalProperties" not in closed:
        closed["additionalProperties"] = False
    return closed


@cache
def validator() -> Draft202012Validator:
    schema = json.loads(json_schema())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(_closed(schema))


def check_report(document: dict[str, Any]) -> dict[str, Any]:
    """``document`` after validating it; fails with every violation and where it is."""
    errors = sorted(validator().iter_errors(document), key=lambda error: list(error.path))
    problems = [f"{'/'.join(map(str, error.path)) or '(top)'}: {error.message}" for error in errors]
    assert not problems, "not a valid v6audit/1 document:\n" + "\n".join(problems[:20])
    return document


def load_report(text: str) -> dict[str, Any]:
    """Parse a ``v6audit/1`` document written by v6audit and validate it."""
    document: dict[str, Any] = json.loads(text)
    return check_report(document)
