"""Reading the files a user names (profiles, inventories, root hints, CA bundles) with a cap.

Any path can be given on the command line, including ``/dev/zero``, a FIFO or a file being
written forever: reading it whole would take all the memory there is. Every such file is read
here, at most ``limit`` bytes; a longer one is refused with a message naming it.
"""

from __future__ import annotations

import stat
import tomllib
from pathlib import Path
from typing import Any

from v6audit.probes.net.errors import InputError

KIB = 1024
MIB = 1024 * KIB


def read_capped(path: Path, limit: int, what: str, *, regular: bool = False) -> bytes:
    """The bytes of ``path``, refused (InputError) if longer than ``limit`` or unreadable.

    ``regular`` refuses anything but a regular file: a file every process of the run reads
    again (root hints, CA bundle) cannot be a FIFO or a device, which yield their data once.
    """
    try:
        if regular and not stat.S_ISREG(path.stat().st_mode):  # before open: a FIFO would wait
            raise InputError(f"{what} {path}: not a regular file")
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except IsADirectoryError:
        raise InputError(f"{what} {path}: is a directory") from None
    except OSError as exc:
        raise InputError(f"{what} {path}: cannot read ({exc.strerror or exc})") from None
    if len(data) > limit:
        raise InputError(f"{what} {path}: larger than {limit // KIB} KiB")
    return data


def toml_document(data: bytes, what: str) -> dict[str, Any]:
    """The TOML document in ``data``; InputError (naming ``what``) for anything else.

    tomllib recurses once per nesting level, so ``a = [[[[...`` a few thousand deep ends in
    RecursionError rather than its own error: that is bad input too.
    """
    try:
        return tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{what}: not valid TOML ({exc})") from None
    except RecursionError:
        raise InputError(f"{what}: not valid TOML (nested too deeply)") from None
