"""Allow ``python -m auditor`` as well as the ``v6audit`` console script."""

from auditor.entry import run

run()
