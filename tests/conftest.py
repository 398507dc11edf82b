"""Shared fixtures. The lab fixture builds the sealed namespace lab once per session.

Lab tests never skip: without root, or without the servers, the lab raises and every lab test
fails with the reason, so CI cannot go green without having run them. The same holds for the
PostgreSQL server the history store tests start. Every scan the tests run stores its history
under a temporary XDG_DATA_HOME, never in the user's own.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy.engine import make_url

from lab.build import Lab
from lab.scenarios import full_lab
from tests.contract import load_report
from tests.pgserver import postgres_server
from v6audit.auditor.store.database import Database, open_database


@pytest.fixture(scope="session", autouse=True)
def _private_history(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg-data")))
        yield


@pytest.fixture(scope="session")
def lab() -> Iterator[Lab]:
    with Lab(full_lab()) as running:
        yield running


def scan_json(lab: Lab, targets: list[str], *extra: str, vantage: str = "cli") -> dict[str, Any]:
    """Run ``v6audit scan --format json`` in the lab and return the parsed document."""
    result = lab.auditor(
        ["scan", "-q", "--format", "json", *lab.resolver_args(vantage), *extra, *targets],
        vantage=vantage,
    )
    assert result.returncode == 0, result.stderr
    document: dict[str, Any] = load_report(result.stdout)
    return document


def vantage_json(lab: Lab, vantage: str, *extra: str) -> dict[str, Any]:
    """Run ``v6audit vantage --format json`` from a lab vantage; return its one target."""
    result = lab.auditor(
        ["vantage", "-q", "--format", "json", *lab.vantage_args(vantage), *extra], vantage=vantage
    )
    assert result.returncode == 0, result.stderr
    targets: list[dict[str, Any]] = load_report(result.stdout)["targets"]
    assert [t["kind"] for t in targets] == ["vantage"]
    return targets[0]


LOAD_DEPENDENT = frozenset({"web.latency6"})
"""Checks whose verdict compares timings, so it follows the machine's load at that moment."""


def statuses(document: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Each target's check statuses: what two runs of the same targets must agree on (all but
    the load-dependent checks)."""
    return {
        target["target"]: {
            check["id"]: check["status"]
            for check in target["checks"]
            if check["id"] not in LOAD_DEPENDENT
        }
        for target in document["targets"]
    }


_DATABASES = itertools.count()


@pytest.fixture(scope="session")
def postgres() -> Iterator[str]:
    with postgres_server() as url:
        yield url


def fresh_postgres_database(server: str) -> str:
    """An empty database on the test server, as a URL."""
    name = f"history_{next(_DATABASES)}"
    url = make_url(server)
    with psycopg.connect(
        host=url.query["host"], port=url.query["port"], user=url.username, dbname="postgres",
        autocommit=True,
    ) as connection:  # fmt: skip
        connection.execute(f'CREATE DATABASE "{name}"')
    return url.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """``--db`` for an empty history: an SQLite path, or a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "history.db")
    return fresh_postgres_database(request.getfixturevalue("postgres"))


@pytest.fixture
def database(location: str) -> Iterator[Database]:
    opened = open_database(location, lambda _message: None)
    yield opened
    opened.close()
