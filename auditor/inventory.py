"""The operator's inventory: what cannot be measured from outside, declared instead.

"IPv6+" capabilities (SRv6, network slicing, in-situ flow measurement, APN6) live inside an
operator's network. The opinion counts them, so reports show them, but only as the operator
declared them, labelled as such, and never mixed into measured scores. The file is TOML::

    [ipv6-plus]
    srv6 = { deployed = true, note = "backbone since 2024" }
    network-slicing = false
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict

from v6audit.auditor.profile import Profile
from v6audit.probes.net.errors import InputError, printable
from v6audit.probes.net.userfiles import MIB, read_capped, toml_document

MAX_BYTES = MIB
"""An inventory declares a handful of items; a larger file is refused, never read whole."""


class Declaration(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    deployed: bool
    note: str = ""


Inventory = dict[str, dict[str, Declaration]]
"""Goal name to item name to what the operator declared."""


def load_inventory(path: Path, profile: Profile) -> Inventory:
    """Read and check an inventory against the items the profile's goals declare."""
    data = read_capped(path, MAX_BYTES, "inventory")
    document = toml_document(data, f"inventory {path}")
    inventory: Inventory = {}
    for goal_name, items in document.items():
        shown = printable(goal_name)
        goal = profile.goals.get(goal_name)
        if goal is None or not goal.declared:
            known = ", ".join(n for n, g in profile.goals.items() if g.declared) or "none"
            raise InputError(
                f"inventory {path}: {shown}: profile {profile.name!r} declares no such goal "
                f"(goals with declared items: {known})"
            )
        if not isinstance(items, dict):
            raise InputError(f"inventory {path}: {shown}: expected a table of items")
        inventory[goal_name] = {}
        for item, value in items.items():
            if item not in goal.declared:
                known = ", ".join(goal.declared)
                raise InputError(
                    f"inventory {path}: {shown}.{printable(item)}: unknown item ({known})"
                )
            raw = {"deployed": value} if isinstance(value, bool) else value
            try:
                inventory[goal_name][item] = Declaration.model_validate(raw)
            except ValueError as exc:
                raise InputError(
                    f"inventory {path}: {shown}.{item}: expected true/false or "
                    f'{{ deployed = true, note = "..." }} ({exc.__class__.__name__})'
                ) from None
    return inventory
