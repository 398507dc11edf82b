"""Conversions between the auditor's objects and plain JSON: what the history store keeps and
what the distributed mode sends between processes (so both sit above it, and neither above the
other).

Everything stored is plain JSON or columns, so a run can be read back by any later version: the
settings and profile a run used (to resume it), its targets (to finish them), and each probe's
observation (to judge it again with newer checks).
"""

from __future__ import annotations

import base64
import hashlib
import json
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from v6audit.auditor.probegraph import with_requirements
from v6audit.auditor.profile import Profile
from v6audit.auditor.records import JsonText, StoredOutcome
from v6audit.auditor.registry import all_checks
from v6audit.auditor.targets import parse_target
from v6audit.probes.model import Observation, ProbeFailure, Sector, Target, TargetKind
from v6audit.probes.net.errors import InputError
from v6audit.probes.net.settings import (
    Convention,
    Limits,
    PairingPlan,
    ScanSettings,
    Scope,
    Segment,
    Timeouts,
)

_KEY_MODULUS = 2**256


class TargetSetKey:
    """A key for a set of targets that does not depend on their order.

    It is the sum of each (kind, target) pair's SHA-256, so it is computed while targets stream
    by, with no sorting and no memory. It is stored (migration 2 fills it in for older runs), so
    the way it is computed never changes.
    """

    def __init__(self) -> None:
        self._total = 0

    def add(self, kind: str, raw: str) -> None:
        digest = hashlib.sha256(f"{kind}\x00{raw}".encode()).digest()
        self._total = (self._total + int.from_bytes(digest, "big")) % _KEY_MODULUS

    def hexdigest(self) -> str:
        return f"{self._total:064x}"


def target_set_key(pairs: Iterable[tuple[str, str]]) -> str:
    key = TargetSetKey()
    for kind, raw in pairs:
        key.add(kind, raw)
    return key.hexdigest()


def settings_to_json(settings: ScanSettings) -> dict[str, Any]:
    document = asdict(settings)
    document["resolvers"] = list(settings.resolvers)
    document["root_hints"] = str(settings.root_hints) if settings.root_hints else None
    document["ca_bundle"] = str(settings.ca_bundle) if settings.ca_bundle else None
    document["scope"] = settings.scope.value
    return document


def settings_from_json(document: Mapping[str, Any]) -> ScanSettings:
    return ScanSettings(
        resolvers=tuple(document["resolvers"]),
        root_hints=Path(document["root_hints"]) if document["root_hints"] else None,
        ca_bundle=Path(document["ca_bundle"]) if document["ca_bundle"] else None,
        scope=Scope(document["scope"]),
        limits=Limits(**document["limits"]),
        timeouts=Timeouts(**document["timeouts"]),
        reflector=document.get("reflector"),
        stun=document.get("stun"),
        pairing=_plan_from_json(document.get("pairing")),
        allow_private=document.get("allow_private", False),
    )


def _plan_from_json(document: Mapping[str, Any] | None) -> PairingPlan:
    """The stored plan (runs stored before plans existed have none)."""
    if not document:
        return PairingPlan()
    return PairingPlan(
        conventions=tuple(Convention(c) for c in document["conventions"]),
        segments=tuple(
            Segment(s["ipv4"], s["ipv6"], Convention(s["convention"]) if s["convention"] else None)
            for s in document["segments"]
        ),
        pairs=tuple((ipv4, ipv6) for ipv4, ipv6 in document["pairs"]),
    )


def profile_to_json(profile: Profile) -> dict[str, Any]:
    return profile.model_dump(mode="json", by_alias=True)


def profile_from_json(document: Mapping[str, Any], run_id: str) -> Profile:
    try:
        return Profile.model_validate(document)
    except ValidationError as exc:
        raise InputError(f"run {run_id}: its stored profile no longer loads ({exc})") from None


def target_from_row(raw: str, kind: str, sector: str | None, source: str) -> Target:
    """Rebuild a stored target by parsing what the user wrote again (it was valid then)."""
    target = parse_target(raw, sector=Sector(sector) if sector else None, source=source)
    if target.kind is not TargetKind(kind):
        raise InputError(f"{source}: {raw!r} is now read as a {target.kind.value} target")
    return target


PACKED = "zlib"
PACK_FROM = 2048
"""Outcomes whose JSON is at least this long are stored deflated (see :func:`encode_outcome`)."""


def encode_outcome(outcome: Observation | ProbeFailure) -> StoredOutcome:
    """The stored form of an outcome: its JSON document, deflated when large.

    Web observations carry page text (up to the body cap) so that stored runs can be compared
    again; HTML deflates five- to tenfold, and a history of many runs is mostly this text. A
    packed outcome is ``{"zlib": base64}``, a key no observation has, so both forms read back.
    """
    text = outcome.model_dump_json()
    if len(text) >= PACK_FROM:
        packed = base64.b64encode(zlib.compress(text.encode("utf-8"), 6)).decode("ascii")
        text = json.dumps({PACKED: packed})
    return StoredOutcome(isinstance(outcome, ProbeFailure), JsonText(text))


def _unpacked(data: Mapping[str, Any]) -> Mapping[str, Any]:
    if set(data) != {PACKED}:
        return data
    unpacked: Mapping[str, Any] = json.loads(zlib.decompress(base64.b64decode(data[PACKED])))
    return unpacked


def observation_types() -> dict[str, type[Observation]]:
    """Probe name to the observation type it returns, for every probe a registered check uses
    and every probe those require."""
    used = (p for spec in all_checks().values() for p in spec.probes)
    return {p.name: p.observation_type for p in with_requirements(used)}


def outcome_from_json(
    probe: str, failed: bool, data: Mapping[str, Any], types: Mapping[str, type[Observation]]
) -> Observation | ProbeFailure | None:
    """The stored outcome, or None when no current probe has that name or shape any more."""
    try:
        data = _unpacked(data)
        if failed:
            return ProbeFailure.model_validate(data)
        observation_type = types.get(probe)
        return None if observation_type is None else observation_type.model_validate(data)
    except (ValidationError, ValueError, zlib.error):
        return None
