"""v6audit: IPv6 deployment readiness auditor.

The package is split the way data flows: targets are parsed (:mod:`auditor.targets`), the engine
(:mod:`auditor.engine`) runs probes (package :mod:`probes`) through a context that owns all network
policy (:mod:`probes.net.context`), checks (:mod:`auditor.checks`) judge the observations, a profile
(:mod:`auditor.profile`) weighs the verdicts, and writers (package :mod:`reports`) render them.
"""

__version__ = "0.1.0"
