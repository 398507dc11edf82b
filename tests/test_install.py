"""The base install, as a user meets it: ``pip install v6audit`` into a fresh virtualenv.

The package is built from a copy of the source (so the build leaves nothing in the checkout) and
installed without extras, offline: pip takes the build backend and the dependencies from the
wheels ``scripts/setup`` saved (``.venv/wheelhouse``), never from the network. The CLI must work
for everything the base install promises, the schema and the check catalog must ship as package
data, and the features of the extras must name the extra to install in one line.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tomllib
import venv
from pathlib import Path

import pytest

from tests.contract import load_report

ROOT = Path(__file__).parents[1]
PACKAGE = ["pyproject.toml", "README.md", "v6audit", "auditor", "probes", "reports", "profiles"]
WHEELHOUSE = ROOT / ".venv" / "wheelhouse"
LOOPBACK_PORT = "[::1]:9"
"""Where the extras' features would connect if their check let them: nothing outside this host."""


@pytest.fixture(scope="module")
def base_install(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A virtualenv with v6audit installed without extras; its bin directory."""
    work = tmp_path_factory.mktemp("base-install")
    source = work / "source"
    source.mkdir()
    for name in PACKAGE:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(path, source / name)
    env_dir = work / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"
    offline = ["--quiet", "--no-compile", "--disable-pip-version-check", "--no-index",
               "--find-links", str(WHEELHOUSE)]  # fmt: skip
    backend = tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"]
    subprocess.run([bin_dir / "pip", "install", *offline, *backend], check=True, cwd=work)
    subprocess.run(
        [bin_dir / "pip", "install", *offline, "--no-build-isolation", str(source)],
        check=True, cwd=work, timeout=540,
    )  # fmt: skip
    return bin_dir


def _run(bin_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(bin_dir / args[0]), *args[1:]],
        capture_output=True, text=True, cwd=bin_dir, timeout=120, check=False,
    )  # fmt: skip


@pytest.mark.timeout(600)
def test_the_base_install_has_the_cli_and_no_extras(base_install: Path) -> None:
    for module in ("psycopg", "celery", "redis"):
        result = _run(base_install, "python", "-c", f"import {module}")
        assert result.returncode == 1, f"{module} came with the base install"
    for generic in ("auditor", "probes", "reports", "profiles"):
        result = _run(base_install, "python", "-c", f"import {generic}")
        assert result.returncode == 1, f"{generic} installed at the top of site-packages"
        result = _run(base_install, "python", "-c", f"import v6audit.{generic}")
        assert result.returncode == 0, result.stderr
    for args in (["--help"], ["scan", "--help"], ["trend", "--help"]):
        result = _run(base_install, "v6audit", *args)
        assert result.returncode == 0, result.stderr
    assert "xlsx|openmetrics" in _run(base_install, "v6audit", "scan", "--help").stdout
    schema = json.loads(_run(base_install, "v6audit", "schema").stdout)
    assert schema["properties"]["schema"] == {"const": "v6audit/1"}
    catalog = json.loads(_run(base_install, "v6audit", "checks", "--format", "json").stdout)
    assert "dns.aaaa" in [row["id"] for row in catalog["checks"]], "catalog files not shipped"


@pytest.mark.timeout(600)
def test_the_base_install_keeps_an_sqlite_history(base_install: Path) -> None:
    """A scan whose only input is invalid contacts nobody, and still writes a stored run and a
    report of it (exit 4: input rejected)."""
    db = base_install.parent / "history.db"
    scan = _run(base_install, "v6audit", "scan", "--db", str(db), "--format", "json", "bad..name")
    assert scan.returncode == 4, scan.stderr
    document = load_report(scan.stdout)
    assert document["input_errors"][0]["input"] == "bad..name"
    runs = _run(base_install, "v6audit", "runs", "--db", str(db), "--format", "json")
    assert [run["id"] for run in json.loads(runs.stdout)] == [document["run"]["id"]]


@pytest.mark.timeout(600)
@pytest.mark.parametrize(
    ("args", "extra"),
    [
        (["runs", "--db", f"postgresql://v6audit@{LOOPBACK_PORT}/v6audit"], "postgres"),
        (["worker", "--broker", f"redis://{LOOPBACK_PORT}/0"], "distributed"),
        (["scan", "--no-store", "--distributed", f"redis://{LOOPBACK_PORT}/0", "bad..name"],
         "distributed"),
    ],
)  # fmt: skip
def test_features_of_extras_name_the_extra(base_install: Path, args: list[str], extra: str) -> None:
    result = _run(base_install, "v6audit", *args)
    assert result.returncode == 1
    assert result.stderr.endswith(f"needs the {extra} extra: pip install 'v6audit[{extra}]'\n")
    assert result.stderr.count("\n") == 1, result.stderr  # one line, no traceback
