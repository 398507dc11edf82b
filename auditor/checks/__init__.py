"""Check modules. Each registers its checks with :mod:`auditor.registry` on import; the
registry imports every module here, so adding a check is adding (or extending) one module."""
