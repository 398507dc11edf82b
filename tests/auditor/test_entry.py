"""The program's exit on an interrupt Python lost, run in a fresh interpreter each (the signal
handlers and what they recorded are the process's own)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOSE_AN_INTERRUPT = """
import os, signal, click
from v6audit.auditor import cli, entry

def main(**_):
    try:
        os.kill(os.getpid(), signal.{signal})
    except KeyboardInterrupt:
        pass  # lost, as in a callback CPython runs for itself while a module loads
    raise {error}

cli.main.main = main
entry.run()
"""


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)


def test_an_error_after_a_lost_interrupt_ends_as_interrupted() -> None:
    for signal_name in ("SIGINT", "SIGTERM"):
        for error in ("click.BadParameter('half-loaded')", "ImportError('half-loaded')"):
            ran = _run(LOSE_AN_INTERRUPT.format(signal=signal_name, error=error))
            assert ran.returncode == 130, ran.stderr
            assert ran.stderr.splitlines() == ["v6audit: interrupted"]


def test_an_interrupt_python_turned_into_another_error_while_loading_ends_as_interrupted() -> None:
    # CPython raises RuntimeError from a KeyboardInterrupt that lands in __set_name__ while a
    # class is built (rich.table's, as the CLI's modules load)
    code = """
import os, signal, sys
from v6audit.auditor import entry

class Interrupted:
    def find_spec(self, name, path=None, target=None):
        if name == "v6audit.auditor.cli":
            try:
                os.kill(os.getpid(), signal.SIGINT)
            except KeyboardInterrupt as exc:
                raise RuntimeError("Error calling __set_name__") from exc
        return None

sys.meta_path.insert(0, Interrupted())
entry.run()
"""
    ran = _run(code)
    assert ran.returncode == 130, ran.stderr
    assert ran.stderr.splitlines() == ["v6audit: interrupted"]


def test_a_lost_interrupt_ends_a_command_that_succeeds_as_interrupted() -> None:
    ran = _run(
        LOSE_AN_INTERRUPT.format(signal="SIGINT", error="SystemExit(0)").replace(
            "raise SystemExit(0)", "return 0"
        )
    )
    assert ran.returncode == 130, ran.stderr


def test_without_a_signal_an_option_error_is_the_error() -> None:
    code = LOSE_AN_INTERRUPT.replace("os.kill(os.getpid(), signal.{signal})", "pass")
    ran = _run(code.format(error="click.BadParameter('half-loaded')"))
    assert ran.returncode == 2
    assert "half-loaded" in ran.stderr


def test_the_hand_over_gives_ctrl_c_to_asyncio_and_honours_an_earlier_one() -> None:
    ran = _run(
        "import os, signal\n"
        "from v6audit.auditor import interrupts\n"
        "interrupts.hand_over()\n"  # never recorded: an embedding program's handler stays
        "assert signal.getsignal(signal.SIGINT) is signal.default_int_handler\n"
        "signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
        "interrupts.hand_over()\n"
        "assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN\n"
        "interrupts.record()\n"
        "interrupts.hand_over()\n"
        "assert signal.getsignal(signal.SIGINT) is signal.default_int_handler\n"
        "interrupts.record()\n"
        "try:\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "except KeyboardInterrupt:\n"
        "    pass\n"
        "try:\n"
        "    interrupts.hand_over()\n"
        "except KeyboardInterrupt:\n"
        "    print('honoured')\n"
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout == "honoured\n"


def test_ctrl_c_with_the_output_pipes_reader_gone_still_ends_as_interrupted() -> None:
    """The terminal's Ctrl-C reaches ``v6audit runs | grep x`` whole: the reader is gone when
    the interrupt flushes what was written to it."""
    code = (
        "import os, signal, sys\n"
        "from v6audit.auditor import cli, entry\n"
        "def main(**_):\n"
        "    sys.stdout.write('row\\n' * 100)\n"  # buffered: standard output is a pipe
        "    os.kill(os.getpid(), signal.SIGINT)\n"
        "cli.main.main = main\n"
        "entry.run()\n"
    )
    reader, writer = os.pipe()
    os.close(reader)
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    try:
        ran = subprocess.run(
            [sys.executable, "-c", code], env=environment, stdout=writer, stderr=subprocess.PIPE,
            text=True, timeout=60,
        )  # fmt: skip
    finally:
        os.close(writer)
    assert ran.returncode == 130, ran.stderr
    assert ran.stderr.splitlines() == ["v6audit: interrupted"]


def test_sigterm_while_the_reports_are_written_ends_as_interrupted() -> None:
    """The scan's event loop, closing, resets SIGTERM to the default action (kill at once): the
    run takes it back, so a SIGTERM while the observers finish still ends as interrupted."""
    code = (
        "import os, signal, sys\n"
        "from v6audit.auditor import interrupts\n"
        "from v6audit.auditor.observer import Observer\n"
        "from v6audit.auditor.scan import scan\n"
        "from tests.auditor.test_scan import _request\n"
        "class Term(Observer):\n"
        "    def finished(self, run):\n"
        "        os.kill(os.getpid(), signal.SIGTERM)\n"
        "interrupts.record()\n"
        "try:\n"
        "    scan(_request(None, 'a.example'), [Term()])\n"
        "except KeyboardInterrupt:\n"
        "    print('interrupted')\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout == "interrupted\n"


def test_an_interrupt_lost_in_a_callback_python_runs_itself_ends_quietly_as_interrupted() -> None:
    """Raised inside a weak reference's callback (as in SQLAlchemy's, or importlib's), the
    KeyboardInterrupt is lost and Python would print it as "Exception ignored": the signal was
    recorded, so the program says only that it was interrupted."""
    code = (
        "import signal, weakref\n"
        "from v6audit.auditor import cli, entry\n"
        "class Thing: ...\n"
        "def interrupt(_reference):\n"
        "    signal.getsignal(signal.SIGINT)(signal.SIGINT, None)\n"  # as the signal would
        "def main(**_):\n"
        "    thing = Thing()\n"
        "    reference = weakref.ref(thing, interrupt)\n"
        "    del thing\n"
        "    return 0\n"
        "cli.main.main = main\n"
        "entry.run()\n"
    )
    ran = _run(code)
    assert ran.returncode == 130, ran.stderr
    assert ran.stderr.splitlines() == ["v6audit: interrupted"]
