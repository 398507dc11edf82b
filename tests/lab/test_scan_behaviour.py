"""Run-level behaviour on real servers: silent resolvers, input errors, output files."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from lab.build import Lab
from lab.scenarios import SILENT_RESOLVER6


@pytest.mark.lab
def test_silent_resolver_gives_timeout_without_hanging(lab: Lab) -> None:
    started = time.monotonic()
    result = lab.auditor(
        [
            "scan",
            "-q",
            "--format",
            "json",
            "--timeout",
            "3",
            "--resolver",
            SILENT_RESOLVER6,
            "www.good.lab",
            "v4.good.lab",
        ]
    )
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    checks = [t["checks"][0] for t in json.loads(result.stdout)["targets"]]
    assert [(c["status"], c["reason"]) for c in checks] == [("error", "timeout")] * 2
    assert elapsed < 20  # bounded by --timeout, not by the resolver


@pytest.mark.lab
def test_bad_lines_are_reported_and_the_rest_scanned(lab: Lab, tmp_path: Path) -> None:
    targets = tmp_path / "targets.txt"
    targets.write_text("www.good.lab gov\nbad..name\n# comment\n\nv4.good.lab 教育\n", "utf-8")
    output = tmp_path / "out.json"
    result = lab.auditor(
        [
            "scan",
            "-q",
            "--format",
            "json",
            "-o",
            str(output),
            *lab.resolver_args(),
            "-f",
            str(targets),
        ]
    )
    assert result.returncode == 4
    assert f"{targets}:2" in result.stderr
    document = json.loads(output.read_text("utf-8"))
    assert sorted((t["target"], t["sector"]) for t in document["targets"]) == [
        ("v4.good.lab", "education"),
        ("www.good.lab", "gov"),
    ]
    assert document["input_errors"][0]["source"] == f"{targets}:2"
    assert document["run"]["end"] == "complete"
