"""The ``v6audit`` program: the command line, with Ctrl-C at any moment ending in exit 130.

Python raises KeyboardInterrupt wherever Ctrl-C finds it: while the heavy modules load, while
options are checked, while the history opens. click would print "Aborted!" and exit 1, and an
interrupt during the imports would print a traceback. Here every interrupt outside the run's
own handling ends the same way as one inside it: a line and exit 130. So the imports are done
inside the guard, and this module imports nothing heavy itself. Signals are recorded
(:mod:`auditor.interrupts`) from the first moment: SIGTERM acts like Ctrl-C, so on a loaded
machine a SIGTERM during the seconds of start-up does not kill the process before the run's own
handler is in place, and an error that follows an interrupt (which Python can lose) ends as
interrupted, not as the error.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import NoReturn

from v6audit.auditor import interrupts

EXIT_INTERRUPTED = 130


def run() -> None:
    interrupts.record()
    try:
        import click

        from v6audit.auditor.cli import main

        if interrupts.received():  # lost while the modules loaded
            raise KeyboardInterrupt
        try:
            code = main.main(prog_name="v6audit", standalone_mode=False)
        except click.exceptions.Abort:
            raise KeyboardInterrupt from None
        except BrokenPipeError:  # the reader went away (`v6audit runs | head`): nothing to say
            sys.stdout = None  # no flush at exit, no second error
            sys.exit(1)
        except click.ClickException as exc:
            if interrupts.received():  # an error the lost interrupt may have caused
                raise KeyboardInterrupt from None
            exc.show()
            sys.exit(exc.exit_code)
        if interrupts.received():
            raise KeyboardInterrupt
        sys.exit(code if isinstance(code, int) else 0)
    except Exception:
        # an interrupt Python turned into another error (a class being built while the modules
        # load raises RuntimeError from it) or lost before one: interrupted, whatever raised
        if not interrupts.received():
            raise
        _interrupted()
    except KeyboardInterrupt:
        _interrupted()


def _interrupted() -> NoReturn:
    # a pipe's reader may be gone with the same Ctrl-C (`v6audit runs | grep x`), and standard
    # output is None after a broken pipe
    with contextlib.suppress(OSError, ValueError):
        print("v6audit: interrupted", file=sys.stderr)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()
    # not sys.exit: an interrupt that reached an extension module's initialisation (run through
    # PyRun_*) leaves CPython marked as killed by SIGINT, and it would exit by signal instead of
    # with the status asked for
    os._exit(EXIT_INTERRUPTED)
