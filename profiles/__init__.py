"""Shipped scoring profiles (TOML data); loaded by :mod:`auditor.profile`."""
