"""v6audit: the one package the auditor installs.

Its subpackages are the repository's top-level folders (``auditor``, ``probes``, ``reports``,
``profiles``), linked here so they install and import as ``v6audit.auditor`` and so on: nothing
with a generic name lands at the top of site-packages.
"""
