"""The published JSON Schema of ``v6audit/1``: printed by ``v6audit schema``, and strict enough."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from tests.contract import check_report
from v6audit.auditor.cli import main
from v6audit.auditor.model import Status
from v6audit.probes.model import Reason
from v6audit.reports.document import json_schema


def _document(**check: Any) -> dict[str, Any]:
    result = {
        "id": "dns.aaaa",
        "status": "pass",
        "summary": "ok",
        "details": {},
        "remedy": None,
        "reason": None,
        **check,
    }
    score = {
        "total": 100.0,
        "goals": {"single-stack": 100.0, "ipv6-plus": None},
        "grade": "A",
        "benchmark": True,
        "not_measured": [],
    }
    return {
        "schema": "v6audit/1",
        "run": {
            "id": "r",
            "started": "2026-01-01T00:00:00Z",
            "finished": None,
            "profile": "default",
            "tool_version": "0.1.0",
            "end": None,
        },
        "targets": [
            {
                "target": "政府.中国",
                "a_label": "xn--mxtq1m.xn--fiqs8s",
                "kind": "domain",
                "sector": "gov",
                "checks": [result],
                "score": score,
            }
        ],
    }


def test_schema_command_prints_the_shipped_schema() -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert result.stdout == json_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["properties"]["schema"] == {"const": "v6audit/1"}


def test_published_schema_accepts_additions_the_tests_do_not() -> None:
    document = _document()
    document["targets"][0]["new_member"] = 1
    published = Draft202012Validator(json.loads(json_schema()))
    assert published.is_valid(document)  # additions are compatible for consumers
    with pytest.raises(AssertionError, match="new_member"):
        check_report(document)  # but the writers must document them


@pytest.mark.parametrize(
    "check",
    [
        {"status": "error", "reason": None},  # an error always says why
        {"status": "passed"},
        {"reason": "lost"},
        {"id": "DNS AAAA"},
    ],
)
def test_schema_rejects_what_breaks_the_contract(check: dict[str, Any]) -> None:
    with pytest.raises(AssertionError, match="checks/0"):
        check_report(_document(**check))
    check_report(_document())


def test_schema_names_every_reason_and_status_the_code_has() -> None:
    definitions = json.loads(json_schema())["$defs"]
    assert set(definitions["reason"]["enum"]) == {reason.value for reason in Reason}
    assert set(definitions["status"]["enum"]) == {status.value for status in Status}
