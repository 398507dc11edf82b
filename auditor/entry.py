"""The ``v6audit`` program: the command line, with Ctrl-C at any moment ending in exit 130.

Python raises KeyboardInterrupt wherever Ctrl-C finds it: while the heavy modules load, while
options are checked, while the history opens. click would print "Aborted!" and exit 1, and an
interrupt during the imports would print a traceback. Here every interrupt outside the run's
own handling ends the same way as one inside it: a line and exit 130. So the imports are done
inside the guard, and this module imports nothing heavy itself. SIGTERM is made to act like
Ctrl-C from the first moment: on a loaded machine the start-up can take seconds, and a SIGTERM
then must not kill the process before the run's own handler is in place.
"""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType

EXIT_INTERRUPTED = 130


_RECEIVED: list[int] = []
"""Signals :func:`_interrupt` took, kept because the KeyboardInterrupt it raises can be lost:
raised inside a callback CPython runs for itself (importlib's module-lock weakref callback, while
the heavy modules load), it is printed as "Exception ignored" and the program goes on."""


def _interrupt(signal_number: int, _frame: FrameType | None) -> None:
    _RECEIVED.append(signal_number)
    raise KeyboardInterrupt


def run() -> None:
    signal.signal(signal.SIGTERM, _interrupt)  # the run's event loop installs its own
    signal.signal(signal.SIGINT, _interrupt)
    try:
        import click

        from v6audit.auditor.cli import main

        # Python's own Ctrl-C handling from here on (asyncio.run takes over only from it), once
        # an interrupt lost during the imports is honoured
        signal.signal(signal.SIGINT, signal.default_int_handler)
        if _RECEIVED:
            raise KeyboardInterrupt
        try:
            code = main.main(prog_name="v6audit", standalone_mode=False)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.exceptions.Abort:
            raise KeyboardInterrupt from None
        except BrokenPipeError:  # the reader went away (`v6audit runs | head`): nothing to say
            sys.stdout = None  # no flush at exit, no second error
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)
    except KeyboardInterrupt:
        print("v6audit: interrupted", file=sys.stderr)
        sys.stdout.flush()
        sys.stderr.flush()
        # not sys.exit: an interrupt that reached an extension module's initialisation (run
        # through PyRun_*) leaves CPython marked as killed by SIGINT, and it would exit by
        # signal instead of with the status asked for
        os._exit(EXIT_INTERRUPTED)
