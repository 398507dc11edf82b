"""Ctrl-C and SIGTERM from the first moment until a run's event loop takes them over.

Python raises KeyboardInterrupt wherever the signal finds it, and there it can be lost: raised
inside a callback CPython runs for itself (importlib's module-lock weakref callback while a
module loads, late or not), it is printed as "Exception ignored" and the program goes on, often
into an error the interrupt caused (a half-loaded module read as a bad option value). So until
the run hands over, each signal is recorded as well as raised, and the program can tell an error
that follows an interrupt from one of its own.

The hand-over is needed because ``asyncio.run`` installs its own Ctrl-C handling (cancel the
main task, so what finished is still written) only over Python's default handler. When the
event loop closes it resets the signals it handled (SIGTERM to the default action, which kills
at once), so the run takes them back (:func:`take_back`) while it writes its reports.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from types import FrameType

_RECEIVED: list[int] = []
_RECORDING: list[bool] = []
"""Whether :func:`record` was called: only then does :func:`take_back` record again."""


def _record(signal_number: int, _frame: FrameType | None) -> None:
    _RECEIVED.append(signal_number)
    raise KeyboardInterrupt


def record() -> None:
    """From now on Ctrl-C and SIGTERM raise KeyboardInterrupt, and are remembered; one that is
    lost is not reported as an error ("Exception ignored ... KeyboardInterrupt")."""
    signal.signal(signal.SIGTERM, _record)  # a run's event loop installs its own
    signal.signal(signal.SIGINT, _record)
    if not _RECORDING:
        sys.unraisablehook = _quiet_if_recorded(sys.unraisablehook)
    _RECORDING[:] = [True]


def _quiet_if_recorded(
    report: Callable[[sys.UnraisableHookArgs], object],
) -> Callable[[sys.UnraisableHookArgs], None]:
    def hook(unraisable: sys.UnraisableHookArgs) -> None:
        if isinstance(unraisable.exc_value, KeyboardInterrupt) and _RECEIVED:
            return  # recorded: the program ends as interrupted all the same
        report(unraisable)

    return hook


def received() -> bool:
    """Whether a signal arrived while recorded (one whose KeyboardInterrupt may have been lost)."""
    return bool(_RECEIVED)


def hand_over() -> None:
    """Give Ctrl-C to Python's default handler, for ``asyncio.run`` to take over; an interrupt
    that arrived before is honoured now, as a KeyboardInterrupt.

    A program that embeds the auditor and never called :func:`record` keeps its own handler.
    """
    if signal.getsignal(signal.SIGINT) is _record:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if _RECEIVED:
        raise KeyboardInterrupt


def take_back() -> None:
    """After the event loop closed: Ctrl-C and SIGTERM raise KeyboardInterrupt again, as before
    the hand-over (if they were recorded then)."""
    if _RECORDING:
        signal.signal(signal.SIGTERM, _record)
        signal.signal(signal.SIGINT, _record)
