"""The benchmark: audit a generated lab zone of N domains and compare with bare libraries.

Run it as root with ``python -m bench`` (see ``--help``). It prints figures, never asserts
them: performance is read by people, not by timing assertions in tests.
"""
