"""``python -m v6audit``: the same as the ``v6audit`` console script."""

from v6audit.auditor.entry import run

run()
