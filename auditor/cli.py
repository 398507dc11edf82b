"""The ``v6audit`` command line.

click gives us typed options, ``--help`` and shell-friendly errors; rich draws the progress bar
on terminals only, so cron logs and pipes stay clean.
"""

from __future__ import annotations

import asyncio
import signal
import socket
import sys
import time
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from v6audit.auditor import __version__
from v6audit.auditor.catalogview import as_json, as_markdown, as_text, update_readme
from v6audit.auditor.distributed.commands import (
    BATCH_SIZE_OPTION,
    DISTRIBUTED_OPTION,
    QUEUE_OPTION,
    distributed_runner,
)
from v6audit.auditor.distributed.commands import register as register_distributed
from v6audit.auditor.entry import EXIT_INTERRUPTED
from v6audit.auditor.history.commands import (
    FAIL_ON_REGRESSION_OPTION,
    FAIL_UNDER_OPTION,
    NO_STORE_OPTION,
    RESUME_OPTION,
    HistoryOptions,
    clean_errors,
    db_option,
    gate_exit,
    open_history,
    reject_given_settings,
)
from v6audit.auditor.history.commands import register as register_history
from v6audit.auditor.history.session import ScanHistory
from v6audit.auditor.inventory import load_inventory
from v6audit.auditor.metering import RunMeter
from v6audit.auditor.observer import Observer
from v6audit.auditor.options import (
    OUTPUT_PATH,
    FiniteFloatRange,
    check_ca_bundle,
    check_root_hints,
    dash_is_stdout,
)
from v6audit.auditor.processes import LARGE_INPUT, WorkerLost, default_processes
from v6audit.auditor.profile import Profile, load_profile
from v6audit.auditor.records import InputProblem, Run, RunEnd, TargetReport
from v6audit.auditor.reflector import serve
from v6audit.auditor.scan import ScanOutcome, ScanRequest, ScanSession
from v6audit.auditor.store.database import StoreError
from v6audit.auditor.store.queries import find_run
from v6audit.auditor.targets import gather_targets
from v6audit.probes.model import Target, TargetKind
from v6audit.probes.net.dnsclient import parse_server
from v6audit.probes.net.endpoints import REFLECTOR_PORT, parse_address_port, parse_reflector
from v6audit.probes.net.errors import InputError
from v6audit.probes.net.pairing import load_plan_file, merge, parse_option
from v6audit.probes.net.settings import Limits, PairingPlan, ScanSettings, Scope, Timeouts
from v6audit.reports.document import json_schema
from v6audit.reports.files import atomic_output
from v6audit.reports.summary import RunSummary
from v6audit.reports.writers import FORMATS, Writer, open_writer

DEFAULT_LIMITS = Limits()
DEFAULT_TIMEOUTS = Timeouts()
EXIT_BAD_INPUT = 4
EXIT_DEADLINE = 3
SCAN_ERRORS = (InputError, StoreError, WorkerLost, OSError)
"""What ends a scan with a one-line message, not a traceback: bad input, an unusable history, a
lost audit process, a file that cannot be read or written."""
VERDICT_EVERY = 1.0
"""Seconds between two updates of what binds the run, on the progress line."""


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="v6audit")
def main() -> None:
    """Audit domains and networks for IPv6 deployment readiness against the 2025 goals."""


def _validate_resolver(
    _ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]
) -> tuple[str, ...]:
    for value in values:
        try:
            parse_server(value)
        except InputError as exc:
            raise click.BadParameter(str(exc)) from None
    return values


RESOLVER_OPTION = click.option(
    "--resolver",
    "resolvers",
    multiple=True,
    callback=_validate_resolver,
    metavar="ADDR[:PORT]",
    help="Recursive resolver to use (repeatable). Default: the system's.",
)
CA_BUNDLE_OPTION = click.option(
    "--ca-bundle",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    callback=check_ca_bundle,
    help="CA certificates to trust for TLS (default: the system store).",
)
PROFILE_OPTION = click.option(
    "--profile",
    "profile_name",
    default="default",
    show_default=True,
    help="Scoring profile: a shipped name or a TOML file.",
)
SCOPE_OPTION = click.option(
    "--scope",
    type=click.Choice([s.value for s in Scope]),
    default=Scope.INTERNET.value,
    show_default=True,
    help="'internal' accepts ULA addresses for intranet audits.",
)
FORMAT_OPTION = click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
)
OUTPUT_OPTION = click.option(
    "-o",
    "--output",
    type=OUTPUT_PATH,
    callback=dash_is_stdout,
    help="Write the report to PATH (default, or '-': standard output).",
)
LANG_OPTION = click.option(
    "--lang",
    type=click.Choice(["en", "zh"]),
    default="en",
    show_default=True,
    help="Language of summaries and remedies.",
)
TIMEOUT_OPTION = click.option(
    "--timeout",
    "probe_timeout",
    type=FiniteFloatRange(0.1, 600),
    default=DEFAULT_TIMEOUTS.probe,
    show_default=True,
    help="Seconds the probes of one target may take, counted from its start; time spent only "
    "waiting behind the run's own limits is not counted (up to as much again).",
)
INVENTORY_OPTION = click.option(
    "--inventory",
    "inventory_path",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="Operator's declarations of what cannot be measured (IPv6+), in TOML.",
)
QUIET_OPTION = click.option("-q", "--quiet", is_flag=True, help="No progress display.")


@main.command()
@click.argument("targets", nargs=-1)
@click.option(
    "-f",
    "--file",
    "files",
    multiple=True,
    type=click.Path(path_type=Path, exists=True, dir_okay=False, allow_dash=True),
    help="Read targets from FILE ('-': standard input): one per line, optional sector tag, "
    "# comments.",
)
@RESOLVER_OPTION
@click.option(
    "--root-hints",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    callback=check_root_hints,
    help="Root hints for delegation walks (default: the IANA root servers).",
)
@CA_BUNDLE_OPTION
@PROFILE_OPTION
@SCOPE_OPTION
@FORMAT_OPTION
@OUTPUT_OPTION
@INVENTORY_OPTION
@LANG_OPTION
@click.option(
    "--concurrency",
    type=click.IntRange(1, 10_000),
    default=DEFAULT_LIMITS.concurrency,
    show_default=True,
    help="Targets audited at once.",
)
@click.option(
    "--per-host",
    type=click.IntRange(1, 64),
    default=DEFAULT_LIMITS.per_host,
    show_default=True,
    help="Operations in flight to one remote address.",
)
@click.option(
    "--rate",
    type=FiniteFloatRange(1, 100_000),
    default=DEFAULT_LIMITS.rate,
    show_default=True,
    help="Network operations started per second.",
)
@click.option(
    "--processes",
    type=click.IntRange(1, 256),
    help="Processes auditing at once, each with its share of the limits. Default: one per "
    f"CPU core when the targets given and in regular files number more than {LARGE_INPUT}, "
    "else one (standard input counts as small).",
)
@click.option(
    "--sweep-limit",
    type=click.IntRange(1, 65_536),
    default=DEFAULT_LIMITS.sweep,
    show_default=True,
    help="Addresses one network target may probe; larger IPv4 prefixes are refused.",
)
@click.option(
    "--allow-private",
    is_flag=True,
    help="Also fetch links and resources on non-global addresses and address literals.",
)
@click.option(
    "--pairing",
    multiple=True,
    metavar="PLAN",
    help="Declare how network targets number a host's two addresses: a convention "
    "(same-number, hex, embedded), IPV4PREFIX,IPV6PREFIX[,CONVENTION], or IPV4,IPV6 "
    "(repeatable).",
)
@click.option(
    "--pairs",
    "pairs_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Read --pairing declarations from FILE, one a line (CSV), # comments.",
)
@TIMEOUT_OPTION
@click.option(
    "--deadline",
    type=FiniteFloatRange(1, None),
    help="Seconds the whole run may take; unfinished targets are left out.",
)
@QUIET_OPTION
@db_option
@NO_STORE_OPTION
@RESUME_OPTION
@FAIL_UNDER_OPTION
@FAIL_ON_REGRESSION_OPTION
@DISTRIBUTED_OPTION
@QUEUE_OPTION
@BATCH_SIZE_OPTION
@click.pass_context
def scan(
    ctx: click.Context,
    targets: tuple[str, ...],
    files: tuple[Path, ...],
    resolvers: tuple[str, ...],
    root_hints: Path | None,
    ca_bundle: Path | None,
    profile_name: str,
    scope: str,
    output_format: str,
    output: Path | None,
    inventory_path: Path | None,
    lang: str,
    concurrency: int,
    per_host: int,
    rate: float,
    processes: int | None,
    sweep_limit: int,
    allow_private: bool,
    pairing: tuple[str, ...],
    pairs_file: Path | None,
    probe_timeout: float,
    deadline: float | None,
    quiet: bool,
    db_location: str | None,
    no_store: bool,
    resume: str | None,
    fail_under: float | None,
    fail_on_regression: bool,
    distributed: str | None,
    queue: str,
    batch_size: int,
) -> None:
    """Audit TARGETS (host names, URLs, addresses, prefixes) and files of them.

    Every run is stored in the history (see --db) unless --no-store is given.

    Exit status: 0 done; 1 error; 2 usage error; 3 the deadline cut the run short; 4 some input
    lines were invalid (the rest was audited); 5 the mean score is under --fail-under; 6 a check
    regressed (--fail-on-regression); 130 interrupted (what finished is still written).
    """
    history = HistoryOptions.checked(db_location, no_store, resume, fail_under, fail_on_regression)
    if history.resume and (targets or files):
        raise click.UsageError("--resume audits the run's own targets: give no TARGET or --file")
    if not history.resume and not targets and not files:
        raise click.UsageError("give at least one TARGET or --file")
    database = open_history(history.db) if history.store else None
    runner = distributed_runner(distributed, queue, batch_size)
    stored: ScanHistory | None = None  # the run's history side, for the gates once it ended
    if history.resume and database is not None:
        reject_given_settings(ctx)
        with clean_errors():
            resumed = find_run(database, history.resume)
            stored = ScanHistory.resuming(database, resumed)
        request = ScanRequest.resuming(stored, resumed.header, runner)
    else:
        settings = ScanSettings(
            resolvers=resolvers,
            root_hints=root_hints,
            ca_bundle=ca_bundle,
            scope=Scope(scope),
            limits=Limits(
                concurrency=concurrency,
                per_host=per_host,
                rate=rate,
                processes=processes if processes is not None else default_processes(targets, files),
                sweep=sweep_limit,
            ),
            timeouts=_timeouts(probe_timeout, deadline),
            pairing=_pairing_plan(pairing, pairs_file),
            allow_private=allow_private,
        )
        stored = ScanHistory(database) if database is not None else None
        request = ScanRequest(
            _profile(profile_name),
            lang,
            settings,
            targets=lambda: gather_targets(targets, files),
            history=stored,
            runner=runner,
        )
    writer = _writer(output_format, output, request.lang, request.profile, inventory_path)
    summary = RunSummary(request.profile)
    outcome = _scan(request, [_Report(writer, summary)], quiet)
    with clean_errors():
        gate = gate_exit(history, summary, stored)
    if gate is not None:
        sys.exit(gate)
    if outcome.rejected:
        sys.exit(EXIT_BAD_INPUT)


class _Report(Observer):
    """The report and the run's summary: every target, restored ones too, and each rejected
    input line (also said on standard error)."""

    def __init__(self, writer: Writer, summary: RunSummary | None = None) -> None:
        self._writer = writer
        self._summary = summary

    def rejected(self, problem: InputProblem) -> None:
        click.echo(f"v6audit: skipped {problem.source}: {problem.error}", err=True)
        self._writer.add_problem(problem)

    def restored(self, report: TargetReport) -> None:
        self.reported(report)

    def reported(self, report: TargetReport) -> None:
        if self._summary is not None:
            self._summary.add(report)
        self._writer.add(report)

    def finished(self, run: Run) -> None:
        self._writer.close(run)


class _Progress(Observer):
    """The progress line, on terminals only: targets done and what binds the run."""

    def __init__(self, meter: RunMeter, quiet: bool) -> None:
        self._console = Console(stderr=True)
        self._show = not quiet and self._console.is_terminal
        self._meter = meter
        self._progress = Progress(
            TextColumn("auditing"),
            BarColumn(),
            TextColumn("{task.completed} targets"),
            TimeElapsedColumn(),
            TextColumn("{task.fields[bound]}"),
            console=self._console,
            disable=not self._show,
            transient=True,
        )
        self._bar = self._progress.add_task("scan", total=None, bound="")
        self._done = 0
        self._shown = 0.0

    def started(self, run: Run) -> None:
        self._progress.start()

    def reported(self, report: TargetReport) -> None:
        self._done += 1
        self._progress.advance(self._bar)
        if self._show and time.monotonic() - self._shown >= VERDICT_EVERY:
            self._shown = time.monotonic()
            verdict = self._meter.verdict()
            self._progress.update(self._bar, bound=verdict.short() if verdict else "")

    def finished(self, run: Run) -> None:
        self._progress.stop()
        ran = run.end in (RunEnd.COMPLETE.value, RunEnd.DEADLINE.value)
        if self._show and ran and run.bound_by is not None:
            line = f"v6audit: {self._done} targets; {run.bound_by}"
            self._console.print(line, markup=False, highlight=False)


@main.command()
@RESOLVER_OPTION
@click.option(
    "--reflector",
    metavar="URL",
    help="Reference endpoint (v6audit reflector), e.g. http://reflector.example.cn:8478/.",
)
@click.option(
    "--stun",
    metavar="HOST:PORT",
    help="STUN server for the NAT44 test (default: the reflector's host and port).",
)
@CA_BUNDLE_OPTION
@PROFILE_OPTION
@SCOPE_OPTION
@FORMAT_OPTION
@OUTPUT_OPTION
@INVENTORY_OPTION
@LANG_OPTION
@TIMEOUT_OPTION
@QUIET_OPTION
def vantage(
    resolvers: tuple[str, ...],
    reflector: str | None,
    stun: str | None,
    ca_bundle: Path | None,
    profile_name: str,
    scope: str,
    output_format: str,
    output: Path | None,
    inventory_path: Path | None,
    lang: str,
    probe_timeout: float,
    quiet: bool,
) -> None:
    """Audit the network this machine is in: IPv6, resolver, NAT64, NAT44, path MTU.

    Works without root; evidence that needs raw packets (traceroute, router advertisements) is
    then reported as skipped (needs_root).
    """
    try:
        parse_reflector(reflector, stun)
    except InputError as exc:
        raise click.BadParameter(str(exc), param_hint="--reflector/--stun") from None
    profile = _profile(profile_name)
    settings = ScanSettings(
        resolvers=resolvers,
        ca_bundle=ca_bundle,
        scope=Scope(scope),
        timeouts=_timeouts(probe_timeout, None),
        reflector=reflector,
        stun=stun,
    )
    writer = _writer(output_format, output, lang, profile, inventory_path)
    target = Target(socket.gethostname(), TargetKind.VANTAGE)
    _scan(ScanRequest(profile, lang, settings, targets=lambda: [target]), [_Report(writer)], quiet)


@main.command()
@click.option(
    "--listen",
    "listen",
    multiple=True,
    metavar="ADDR:PORT",
    default=(f"[::]:{REFLECTOR_PORT}", f"0.0.0.0:{REFLECTOR_PORT}"),
    show_default=True,
    help="Address to serve HTTP (TCP) and STUN (UDP) on (repeatable).",
)
def reflector(listen: tuple[str, ...]) -> None:
    """Serve callers their own address (HTTP JSON and STUN), as a reference for `vantage`."""
    try:
        endpoints = [parse_address_port(text, REFLECTOR_PORT, "listen") for text in listen]
    except InputError as exc:
        raise click.BadParameter(str(exc), param_hint="--listen") from None

    async def go() -> None:
        servers = await serve(endpoints)
        for address, port in endpoints:
            click.echo(f"v6audit reflector: serving {address} port {port}", err=True)
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        await stop.wait()
        for server in servers:
            server.close()

    try:
        asyncio.run(go())
    except OSError as exc:
        raise click.ClickException(f"cannot listen: {exc.strerror or exc}") from None


@main.command()
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default=None,
    help="Print the catalog as text (default), the README's markdown tables, or JSON.",
)
@LANG_OPTION
@click.option(
    "--update-readme",
    "readme",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Replace the marked check tables in FILE (markdown) instead of printing them.",
)
def checks(output_format: str | None, lang: str, readme: Path | None) -> None:
    """Print the check catalog: each check's title, explanation, verdicts and fix."""
    if readme is None:
        render = {"markdown": as_markdown, "json": as_json}.get(output_format or "", as_text)
        click.echo(render(lang), nl=False)
        return
    if output_format not in (None, "markdown"):
        raise click.BadParameter("writes the markdown tables", param_hint="--update-readme")
    try:
        updated = update_readme(readme.read_text("utf-8"), lang)
        with atomic_output(readme) as out:
            out.write(updated)
    except OSError as exc:
        raise click.ClickException(f"{readme}: {exc.strerror or exc}") from None
    except (UnicodeError, ValueError) as exc:
        raise click.ClickException(f"{readme}: {exc}") from None


@main.command()
def schema() -> None:
    """Print the JSON Schema of the JSON report (v6audit/1), to validate reports against."""
    click.echo(json_schema(), nl=False)


def _profile(name: str) -> Profile:
    try:
        return load_profile(name)
    except InputError as exc:
        raise click.BadParameter(str(exc), param_hint="--profile") from None


def _pairing_plan(options: tuple[str, ...], path: Path | None) -> PairingPlan:
    """The numbering plan from ``--pairing`` values and the ``--pairs`` file."""
    plans = []
    for text in options:
        try:
            plans.append(parse_option(text))
        except InputError as exc:
            raise click.BadParameter(f"{text!r}: {exc}", param_hint="--pairing") from None
    if path is not None:
        try:
            plans.append(load_plan_file(path))
        except InputError as exc:
            raise click.BadParameter(str(exc), param_hint="--pairs") from None
    return merge(plans)


def _timeouts(probe_timeout: float, deadline: float | None) -> Timeouts:
    return Timeouts(
        dns_try=min(DEFAULT_TIMEOUTS.dns_try, probe_timeout),
        dns_total=min(DEFAULT_TIMEOUTS.dns_total, probe_timeout),
        connect=min(DEFAULT_TIMEOUTS.connect, probe_timeout),
        exchange=min(DEFAULT_TIMEOUTS.exchange, probe_timeout),
        probe=probe_timeout,
        deadline=deadline,
    )


def _writer(
    output_format: str,
    output: Path | None,
    lang: str,
    profile: Profile,
    inventory_path: Path | None,
) -> Writer:
    if output is not None and not output.parent.is_dir():
        raise click.BadParameter(f"directory {output.parent} does not exist", param_hint="--output")
    try:
        inventory = load_inventory(inventory_path, profile) if inventory_path else None
    except InputError as exc:
        raise click.BadParameter(str(exc), param_hint="--inventory") from None
    try:
        return open_writer(output_format, output, lang=lang, profile=profile, inventory=inventory)
    except InputError as exc:
        raise click.BadParameter(str(exc), param_hint="--output") from None
    except OSError as exc:
        raise click.ClickException(_one_line(exc)) from None


def _scan(request: ScanRequest, observers: list[Observer], quiet: bool) -> ScanOutcome:
    """Run the scan with a progress line; exit if it was cut short, say why if it failed."""
    session = ScanSession(request, observers)
    session.observers.append(_Progress(session.meter, quiet))
    try:
        outcome = session.run()
    except SCAN_ERRORS as exc:
        raise click.ClickException(_one_line(exc)) from None
    if outcome.stats.end is RunEnd.INTERRUPTED:
        click.echo("v6audit: interrupted; finished targets were written", err=True)
        sys.exit(EXIT_INTERRUPTED)
    if outcome.stats.end is RunEnd.DEADLINE:
        done = outcome.stats.targets_done
        click.echo(f"v6audit: deadline reached after {done} targets", err=True)
        sys.exit(EXIT_DEADLINE)
    return outcome


def _one_line(exc: BaseException) -> str:
    """An error for the user: an OS error as its file and reason, without errno noise."""
    if isinstance(exc, OSError) and exc.strerror:
        where = f"{exc.filename}: " if exc.filename else ""
        return f"cannot write the report: {where}{exc.strerror}"
    return str(exc)


register_history(main)
register_distributed(main)
