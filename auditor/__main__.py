"""Allow ``python -m v6audit`` as well as the ``v6audit`` console script."""

from v6audit.auditor.entry import run

run()
