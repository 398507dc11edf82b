from __future__ import annotations

from pathlib import Path

import pytest

from v6audit.auditor.inventory import load_inventory
from v6audit.auditor.profile import load_profile
from v6audit.probes.net.errors import InputError


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "inventory.toml"
    path.write_text(text, "utf-8")
    return path


def test_declarations_short_and_long_form(tmp_path: Path) -> None:
    path = _write(
        tmp_path, '[ipv6-plus]\nsrv6 = { deployed = true, note = "core" }\napn6 = false\n'
    )
    inventory = load_inventory(path, load_profile("default"))
    assert inventory["ipv6-plus"]["srv6"].deployed
    assert inventory["ipv6-plus"]["srv6"].note == "core"
    assert not inventory["ipv6-plus"]["apn6"].deployed


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[ipv6-plus]\nwarp-drive = true\n", "ipv6-plus.warp-drive: unknown item"),
        ("[single-stack]\nsrv6 = true\n", "single-stack: profile 'default' declares no such goal"),
        ("[ipv6-plus]\nsrv6 = 'yes'\n", "ipv6-plus.srv6: expected true/false"),
        ("[ipv6-plus\n", "not valid TOML"),
    ],
)
def test_bad_inventory_names_the_key(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(InputError, match=message.replace("(", r"\(")):
        load_inventory(_write(tmp_path, text), load_profile("default"))
