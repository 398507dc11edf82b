from __future__ import annotations

import json
from pathlib import Path

from v6audit.auditor.history.diff import Change, CheckChange, TargetChanges
from v6audit.reports.diff_writer import write_diff

CHANGES = [
    TargetChanges("same.example", 100.0, 100.0, []),
    TargetChanges(
        "down.example", 100.0, 0.0, [CheckChange("dns.aaaa", "pass", "fail", Change.REGRESSED)]
    ),
]


def test_json_diff_is_one_document(tmp_path: Path) -> None:
    output = tmp_path / "diff.json"
    tally = write_diff(CHANGES, "a", "b", "json", output)
    document = json.loads(output.read_text("utf-8"))
    assert (document["before"], document["after"]) == ("a", "b")
    assert [t["target"] for t in document["targets"]] == ["down.example"]
    assert document["summary"] == {"targets": 2, "changed_targets": 1, "checks": {
        "improved": 0, "regressed": 1, "changed": 0, "added": 0, "removed": 0}}  # fmt: skip
    assert tally.checks[Change.REGRESSED] == 1


def test_text_diff_lists_changed_targets_only(tmp_path: Path) -> None:
    output = tmp_path / "diff.txt"
    write_diff(CHANGES, "a", "b", "text", output)
    text = output.read_text("utf-8")
    assert "same.example" not in text
    assert "REGRESSED  dns.aaaa           pass -> fail" in text
    assert text.endswith("1 of 2 targets changed; checks: 0 improved, 1 regressed, 0 changed, "
                         "0 added, 0 removed\n")  # fmt: skip
