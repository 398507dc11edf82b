"""The ``v6audit`` command line.

click gives us typed options, ``--help`` and shell-friendly errors; rich draws the progress bar
on terminals only, so cron logs and pipes stay clean.
"""

from __future__ import annotations

import asyncio
import secrets
import signal
import socket
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from auditor import __version__
from auditor.catalogview import as_json, as_markdown, as_text, update_readme
from auditor.distributed.commands import RUNNER
from auditor.distributed.commands import register as register_distributed
from auditor.dnsclient import parse_server
from auditor.endpoints import REFLECTOR_PORT, parse_address_port, parse_reflector
from auditor.engine import Runner, Source, run_locally
from auditor.entry import EXIT_INTERRUPTED
from auditor.errors import InputError
from auditor.feed import ThreadedFeed
from auditor.history.commands import (
    HistoryOptions,
    ScanHistory,
    clean_errors,
    gate_exit,
    history_options,
    open_history,
    register,
    reject_given_settings,
)
from auditor.inventory import load_inventory
from auditor.metering import RunMeter
from auditor.model import Target, TargetKind
from auditor.options import (
    OUTPUT_PATH,
    FiniteFloatRange,
    check_ca_bundle,
    check_root_hints,
    dash_is_stdout,
)
from auditor.pairing import load_plan_file, merge, parse_option
from auditor.processes import LARGE_INPUT, WorkerLost, default_processes, run_in_processes
from auditor.profile import Profile, load_profile
from auditor.records import InputProblem, Run, RunEnd, RunStats, TargetReport
from auditor.reflector import serve
from auditor.settings import Limits, PairingPlan, ScanSettings, Scope, Timeouts
from auditor.store.queries import find_run
from auditor.targets import gather_targets
from reports.document import json_schema
from reports.files import atomic_output
from reports.summary import RunSummary
from reports.writers import FORMATS, Writer, open_writer

DEFAULT_LIMITS = Limits()
DEFAULT_TIMEOUTS = Timeouts()
EXIT_BAD_INPUT = 4
EXIT_DEADLINE = 3
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
    help="Seconds one probe of one target may take.",
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
@history_options
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
    history: HistoryOptions,
) -> None:
    """Audit TARGETS (host names, URLs, addresses, prefixes) and files of them.

    Every run is stored in the history (see --db) unless --no-store is given.

    Exit status: 0 done; 1 error; 2 usage error; 3 the deadline cut the run short; 4 some input
    lines were invalid (the rest was audited); 5 the mean score is under --fail-under; 6 a check
    regressed (--fail-on-regression); 130 interrupted (what finished is still written).
    """
    if history.resume and (targets or files):
        raise click.UsageError("--resume audits the run's own targets: give no TARGET or --file")
    if not history.resume and not targets and not files:
        raise click.UsageError("give at least one TARGET or --file")
    database = open_history(history.db) if history.store else None
    resumed = None
    if history.resume and database is not None:
        reject_given_settings(ctx)
        with clean_errors():
            resumed = find_run(database, history.resume)
    if resumed is not None:
        profile, settings, lang = (
            resumed.header.profile,
            resumed.header.settings,
            resumed.header.lang,
        )
    else:
        profile = _profile(profile_name)
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
    writer = _writer(output_format, output, lang, profile, inventory_path)
    run = resumed.header if resumed is not None else _new_run(profile, lang, settings)
    problems = 0
    report_lock = threading.Lock()
    """The writer is shared by the input thread (rejected lines) and the loop (reports)."""

    def accepted() -> Iterator[Target]:
        nonlocal problems
        for item in gather_targets(targets, files):
            if isinstance(item, InputProblem):
                problems += 1
                with report_lock:
                    click.echo(f"v6audit: skipped {item.source}: {item.error}", err=True)
                    writer.add_problem(item)
                continue
            yield item

    summary = RunSummary(profile)
    stored: ScanHistory | None = None
    if database is not None and resumed is not None:
        stored = ScanHistory.resume(database, resumed)
        with clean_errors():
            for report in stored.replayed():
                writer.add(report)
                summary.add(report)

    def todo() -> Iterable[Target]:
        """The input, read in the feed's thread: a stalled file never blocks the run's loop."""
        nonlocal stored
        if database is None:
            return accepted()
        if stored is None:
            stored = ScanHistory.start(database, run, accepted())
        return stored.pending()

    def sink(report: TargetReport) -> None:
        if stored is not None:  # the history first: a failing report loses nothing stored
            stored.record(report)
        summary.add(report)
        with report_lock:
            writer.add(report)

    runner = ctx.meta.get(RUNNER) or (
        run_in_processes if settings.limits.processes > 1 else run_locally
    )
    feed = ThreadedFeed(todo)
    _audit(settings, profile, lang, feed, sink, writer, run, quiet, lambda: stored, runner)
    gate = gate_exit(history, summary, stored)
    if gate is not None:
        sys.exit(gate)
    if problems:
        sys.exit(EXIT_BAD_INPUT)


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
    run = _new_run(profile, lang, settings)
    _audit(settings, profile, lang, [target], writer.add, writer, run, quiet)


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


def _new_run(profile: Profile, lang: str, settings: ScanSettings) -> Run:
    started = datetime.now(UTC)
    return Run(
        id=f"{started:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}",
        started=started,
        profile=profile,
        lang=lang,
        settings=settings,
        tool_version=__version__,
    )


def _audit(
    settings: ScanSettings,
    profile: Profile,
    lang: str,
    targets: Source,
    sink: Callable[[TargetReport], None],
    writer: Writer,
    run: Run,
    quiet: bool,
    stored: Callable[[], ScanHistory | None] = lambda: None,
    runner: Runner = run_locally,
) -> RunStats:
    """Audit ``targets``, close the report (and the stored run), exit if the run was cut short.

    The stored run is looked up at the end (``stored``): it is created as the input is read.
    """
    stats = RunStats()
    meter = RunMeter(settings.limits.processes)
    try:
        stats = _run(settings, profile, lang, targets, sink, quiet, runner, meter)
        if isinstance(targets, ThreadedFeed) and targets.error is not None:
            raise targets.error
    except (InputError, WorkerLost, OSError) as exc:
        stats.end = RunEnd.FAILED
        raise click.ClickException(_one_line(exc)) from None
    except click.ClickException:
        stats.end = RunEnd.FAILED
        raise
    except (KeyboardInterrupt, asyncio.CancelledError):
        stats.end = RunEnd.INTERRUPTED
    finally:
        run.finished = datetime.now(UTC)
        run.end = stats.end.value
        verdict = meter.verdict()
        run.bound_by = verdict.describe() if verdict else None
        history = stored()
        if history is not None:
            history.finish(run.end, run.finished)
        _close_report(writer, run)
    if stats.end is RunEnd.INTERRUPTED:
        click.echo("v6audit: interrupted; finished targets were written", err=True)
        sys.exit(EXIT_INTERRUPTED)
    if stats.end is RunEnd.DEADLINE:
        click.echo(f"v6audit: deadline reached after {stats.targets_done} targets", err=True)
        sys.exit(EXIT_DEADLINE)
    return stats


def _close_report(writer: Writer, run: Run) -> None:
    try:
        writer.close(run)
    except OSError as exc:
        raise click.ClickException(_one_line(exc)) from None


def _one_line(exc: BaseException) -> str:
    """An error for the user: an OS error as its file and reason, without errno noise."""
    if isinstance(exc, OSError) and exc.strerror:
        where = f"{exc.filename}: " if exc.filename else ""
        return f"cannot write the report: {where}{exc.strerror}"
    return str(exc)


def _run(
    settings: ScanSettings,
    profile: Profile,
    lang: str,
    targets: Source,
    add: Callable[[TargetReport], None],
    quiet: bool,
    runner: Runner,
    meter: RunMeter,
) -> RunStats:
    """Run the audit with a progress line on terminals: targets done and what binds the run."""
    console = Console(stderr=True)
    show_progress = not quiet and console.is_terminal

    async def go() -> RunStats:
        loop = asyncio.get_running_loop()
        task = asyncio.current_task()
        assert task is not None
        loop.add_signal_handler(signal.SIGTERM, task.cancel)
        failed: list[BaseException] = []
        with Progress(
            TextColumn("auditing"),
            BarColumn(),
            TextColumn("{task.completed} targets"),
            TimeElapsedColumn(),
            TextColumn("{task.fields[bound]}"),
            console=console,
            disable=not show_progress,
            transient=True,
        ) as progress:
            bar = progress.add_task("scan", total=None, bound="")
            shown = 0.0

            def sink(report: TargetReport) -> None:
                nonlocal shown
                if failed:
                    return
                try:
                    add(report)
                except (OSError, click.ClickException) as exc:
                    # raised here, it would cross the runners' task groups: stop the run instead
                    failed.append(exc)
                    task.cancel()
                    return
                meter.add(report.waits)
                progress.advance(bar)
                if show_progress and loop.time() - shown >= VERDICT_EVERY:
                    shown = loop.time()
                    verdict = meter.verdict()
                    progress.update(bar, bound=verdict.short() if verdict else "")

            try:
                stats = await runner(settings, profile, lang, targets, sink)
            except asyncio.CancelledError:
                if failed:
                    task.uncancel()
                    raise failed[0] from None
                raise
            verdict = meter.verdict()
            if show_progress and verdict is not None:
                line = f"v6audit: {stats.targets_done} targets; {verdict.describe()}"
                console.print(line, markup=False, highlight=False)
            return stats

    return asyncio.run(go())


register(main)
register_distributed(main)
