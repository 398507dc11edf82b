"""Commands and options of the ``v6audit`` group beside the scan's own (:mod:`auditor.cli`).

With :mod:`auditor.cli` and :mod:`auditor.options` they are the command-line layer: the only
modules that know click. They turn options into library calls (:mod:`auditor.scan`, the history
store) and library errors into command errors and exit codes.
"""
