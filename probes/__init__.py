"""Probes: each measures one thing about a target and returns a typed observation.

A probe never judges (that is a check's job) and never decides network policy (that is the
context's). See :class:`probes.base.Probe` for the contract.
"""
