"""The lab itself: sealed, and torn down completely."""

from __future__ import annotations

import pytest

from lab import netns
from lab.build import Lab
from lab.scenarios import base_scenario


@pytest.mark.lab
def test_vantage_routes_only_into_the_lab(lab: Lab) -> None:
    routes = netns.ip(lab.namespace(), "-6", "route", "show")
    assert "dev lab0" in routes
    assert all("lab0" in line or "lo" in line for line in routes.splitlines())


@pytest.mark.lab
def test_teardown_removes_namespaces_and_processes() -> None:
    lab = Lab(base_scenario())
    lab.up()
    names = [lab.server_ns, lab.namespace()]
    assert all(name in netns.existing() for name in names)
    lab.down()
    assert not any(name in netns.existing() for name in names)
    assert not lab.workdir.exists()


@pytest.mark.lab
def test_failed_build_tears_down(monkeypatch: pytest.MonkeyPatch) -> None:
    lab = Lab(base_scenario())

    def broken() -> None:
        raise netns.LabError("server failed to start")

    monkeypatch.setattr(lab.services, "start", broken)
    with pytest.raises(netns.LabError):
        lab.up()
    assert not any(name.startswith(lab.tag) for name in netns.existing())
