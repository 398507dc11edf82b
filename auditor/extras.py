"""Optional features and the pip extras that bring them.

The base install is the command line with an SQLite history; a shared PostgreSQL history and the
distributed mode need libraries most users never use, so they are extras. A feature asked for
without its extra must say, in one line, which extra to install, not fail with an import
traceback from deep inside SQLAlchemy or Celery.
"""

from __future__ import annotations

import importlib

EXTRAS: dict[str, tuple[str, tuple[str, ...]]] = {
    "postgres": ("a PostgreSQL history", ("psycopg",)),
    "distributed": ("the distributed mode", ("celery", "redis")),
}
"""Extra name to (what it enables, the modules it installs)."""


class MissingExtra(Exception):
    """A feature was asked for whose extra is not installed; the message says how to add it."""


def require(extra: str) -> None:
    """Raise :class:`MissingExtra` unless the modules of ``extra`` import.

    Importing (not just finding) the modules also catches an installed driver that cannot load,
    such as psycopg without its binary part or a system libpq.
    """
    feature, modules = EXTRAS[extra]
    for module in modules:
        try:
            importlib.import_module(module)
        except ImportError:
            raise MissingExtra(
                f"{feature} needs the {extra} extra: pip install 'v6audit[{extra}]'"
            ) from None
