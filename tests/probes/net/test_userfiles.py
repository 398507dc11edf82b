from __future__ import annotations

import os
from pathlib import Path

import pytest

from v6audit.probes.net.errors import InputError
from v6audit.probes.net.userfiles import read_capped


def test_small_file_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"abc")
    assert read_capped(path, 3, "profile") == b"abc"


def test_larger_file_is_refused_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"abcd")
    with pytest.raises(InputError, match=rf"profile {path}: larger than"):
        read_capped(path, 3, "profile")


def test_endless_device_costs_only_the_cap() -> None:
    with pytest.raises(InputError, match="larger than"):
        read_capped(Path("/dev/zero"), 1 << 20, "inventory")


def test_regular_refuses_devices_fifos_and_directories(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for path, message in [
        (fifo, "not a regular file"),  # refused without waiting for a writer
        (Path("/dev/zero"), "not a regular file"),
        (tmp_path / "missing", "cannot read"),
    ]:
        with pytest.raises(InputError, match=message):
            read_capped(path, 10, "root hints", regular=True)


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        read_capped(tmp_path, 10, "profile")
