"""Option types and checks the commands share, so every option is refused up front (exit 2).

click lets ``nan`` and ``inf`` through its float ranges (every comparison with nan is false),
and checks only that a file exists: a CA bundle that is no PEM, or root hints that are no zone
file, would fail later, inside the run, as a traceback or as every target's error. The checks
here load such files once, at start-up, and name the option in a one-line usage error.
"""

from __future__ import annotations

import math
import ssl
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click

from v6audit.probes.net.errors import InputError
from v6audit.probes.net.roothints import load_root_hints
from v6audit.probes.net.userfiles import MIB, read_capped

CA_BUNDLE_BYTES = 16 * MIB
"""The system's whole bundle is about 200 KiB; a file this large is not a CA bundle."""


class FiniteFloatRange(click.FloatRange):
    """A float range that also refuses ``nan`` and the infinities."""

    name = "float"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if isinstance(number, float) and not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        return number


OUTPUT_PATH = click.Path(path_type=Path, dir_okay=False, allow_dash=True)
"""``-o PATH``: a file, a device or FIFO (written through), or ``-`` for standard output."""


def dash_is_stdout(_ctx: click.Context, _param: click.Parameter, value: Path | None) -> Path | None:
    """``-o -`` means standard output, which the writers take as no path."""
    return None if value is None or str(value) == "-" else value


def check_ca_bundle(
    _ctx: click.Context, _param: click.Parameter, value: Path | None
) -> Path | None:
    """Refuse a CA bundle that is not a readable PEM file of certificates."""
    if value is None:
        return None
    try:
        data = read_capped(value, CA_BUNDLE_BYTES, "CA bundle", regular=True)
        ssl.create_default_context(cadata=data.decode("ascii"))
    except InputError as exc:
        raise click.BadParameter(str(exc)) from None
    except (UnicodeDecodeError, ssl.SSLError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or "no PEM certificates"
        raise click.BadParameter(
            f"{value}: not a PEM bundle of CA certificates ({reason})"
        ) from None
    return value


def check_root_hints(
    _ctx: click.Context, _param: click.Parameter, value: Path | None
) -> Path | None:
    """Refuse root hints that yield no root server, before any target is audited."""
    if value is not None:
        try:
            load_root_hints(value)
        except InputError as exc:
            raise click.BadParameter(str(exc)) from None
    return value


BROKER_SCHEMES = ("redis", "rediss")
SOCKET_SCHEMES = ("redis+socket", "socket")
"""Redis over a Unix socket: the URL's path is the socket."""


def check_broker(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """Refuse a broker that is not a Redis URL, before Celery tries to connect to anything."""
    if value is None:
        return None
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - parsed only to validate it
    except ValueError as exc:
        raise click.BadParameter(f"{value!r}: not a URL ({exc})") from None
    over_socket = parts.scheme in SOCKET_SCHEMES and parts.path
    if not over_socket and (parts.scheme not in BROKER_SCHEMES or not parts.hostname):
        raise click.BadParameter(f"{value!r}: expected a Redis URL, e.g. redis://host:6379/0")
    return value
