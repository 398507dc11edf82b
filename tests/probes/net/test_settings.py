"""Settings name the options that set them; ``--resume`` refuses those options."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from v6audit.auditor.records import Run, resume_fixes
from v6audit.probes.net.settings import Limits, ScanSettings, Timeouts, options_of, set_by


@pytest.mark.parametrize("record", [Run, ScanSettings, Limits, Timeouts])
def test_every_field_says_which_options_set_it_or_that_none_does(record: type) -> None:
    options_of(record)  # raises for a field that says nothing


def test_a_field_that_says_nothing_is_caught() -> None:
    @dataclass
    class Settings:
        told: int = field(default=1, metadata=set_by("--told"))
        forgotten: int = 2

    with pytest.raises(TypeError, match=r"Settings\.forgotten names neither"):
        options_of(Settings)


def test_a_resumed_run_keeps_its_profile_language_and_every_scan_setting() -> None:
    fixed = resume_fixes()
    assert {"--profile", "--lang", "--processes", "--timeout", "--deadline", "--pairs"} <= fixed
    assert not {"--format", "--output", "--db", "--quiet"} & fixed
