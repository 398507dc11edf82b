from __future__ import annotations

import pytest

from v6audit.auditor import extras
from v6audit.auditor.extras import MissingExtra, require


def test_a_missing_module_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(extras.EXTRAS, "cloud", ("cloud storage", ("json", "no_such_module_v6")))
    with pytest.raises(MissingExtra) as raised:
        require("cloud")
    assert str(raised.value) == "cloud storage needs the cloud extra: pip install 'v6audit[cloud]'"


def test_installed_extras_pass() -> None:
    for extra in extras.EXTRAS:  # the test environment installs every extra
        require(extra)
