"""Every option is refused up front, in one line with exit 2, before anything is audited.

The scans here give only a malformed target, so even an option that slipped through would
audit nothing and send no packet.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from v6audit.auditor.cli import main

SCAN = ["scan", "--no-store", "-q", "bad..name"]


def _scan(*options: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*SCAN, *options])
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--rate", "nan"),
        ("--rate", "0"),
        ("--rate", "-1"),
        ("--rate", "inf"),
        ("--deadline", "nan"),
        ("--deadline", "inf"),
        ("--deadline", "-3"),
        ("--timeout", "nan"),
        ("--timeout", "-inf"),
        ("--fail-under", "nan"),
        ("--concurrency", "0"),
        ("--per-host", "-1"),
        ("--processes", "1e3"),
        ("--sweep-limit", "nan"),
    ],
)
def test_numbers_must_be_finite_and_in_range(option: str, value: str) -> None:
    code, output = _scan(option, value)
    assert code == 2, output
    assert f"Invalid value for '{option}'" in output
    assert "Traceback" not in output


def test_ca_bundle_must_be_pem(tmp_path: Path) -> None:
    text = tmp_path / "ca.txt"
    text.write_text("not a certificate\n")
    for path, message in [
        (text, "not a PEM bundle"),
        (tmp_path, "is a directory"),
        (Path("/dev/zero"), "not a regular file"),
    ]:
        code, output = _scan("--ca-bundle", str(path))
        assert code == 2, output
        assert message in output


def test_root_hints_must_name_root_servers(tmp_path: Path) -> None:
    hints = tmp_path / "hints"
    hints.write_text("garbage here\n")
    for path, message in [(hints, "unknown rdatatype"), (Path("/dev/zero"), "not a regular file")]:
        code, output = _scan("--root-hints", str(path))
        assert code == 2, output
        assert message in output


@pytest.mark.parametrize("option", ["--profile", "--inventory"])
def test_endless_profile_or_inventory_is_refused(option: str) -> None:
    code, output = _scan(option, "/dev/zero")
    assert code == 2, output
    assert "larger than 1024 KiB" in output


def test_endless_profile_from_a_fifo_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "profile.toml"
    os.mkfifo(fifo)
    writer = os.fork()
    if writer == 0:  # the child writes an endless profile into the FIFO
        try:
            with fifo.open("wb") as out:
                while True:
                    out.write(b"#" * 65536)
        finally:
            os._exit(0)
    try:
        code, output = _scan("--profile", str(fifo))
    finally:
        os.kill(writer, 9)
        os.waitpid(writer, 0)
    assert code == 2, output
    assert "larger than 1024 KiB" in output


def test_missing_target_file_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["scan", "--no-store", "-f", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_dash_output_is_standard_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, [*SCAN, "--format", "json", "-o", "-"])
    assert result.exit_code == 4  # the malformed target
    assert '"schema": "v6audit/1"' in result.stdout
    assert list(tmp_path.iterdir()) == []


def test_report_on_a_full_disk_is_one_line_and_exit_1(tmp_path: Path) -> None:
    full = tmp_path / "full"
    os.mknod(full, stat.S_IFCHR | 0o666, os.makedev(1, 7))  # always ENOSPC, like a full disk
    result = CliRunner().invoke(main, [*SCAN, "--format", "json", "-o", str(full)])
    assert result.exit_code == 1, result.output
    last = result.output.splitlines()[-1]
    assert last == "Error: cannot write the report: No space left on device"
    assert full.is_char_device()


@pytest.mark.parametrize(
    "args",
    [
        ["scan", "--no-store", "bad..name", "--distributed", "notaurl"],
        ["scan", "--no-store", "bad..name", "--distributed", "amqp://broker/"],
        ["scan", "--no-store", "bad..name", "--distributed", "redis://"],
        ["scan", "--no-store", "bad..name", "--batch-size", "0"],
        ["worker", "--broker", "http://broker/"],
        ["worker", "--broker", "redis://broker/", "--concurrency", "100000"],
        ["runs", "--limit", "99999999999999999999"],  # was an OverflowError from SQLite
        ["vantage", "--timeout", "nan"],
    ],
)
def test_options_of_the_other_commands_are_checked_too(args: list[str]) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "Invalid value for" in result.output
