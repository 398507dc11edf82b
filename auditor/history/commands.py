"""The history commands (``runs``, ``rescore``, ``diff``, ``trend``) and ``scan``'s history
options.

They live apart from :mod:`auditor.cli` and are registered on its group; the scan's history side
itself is :class:`auditor.history.session.ScanHistory`, an observer of the scan library. Exit codes
added here (5 score under ``--fail-under``, 6 regression) do not collide with the scan's own
(1, 2, 3, 4, 130).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import click

from v6audit.auditor import __version__
from v6audit.auditor.history.diff import run_changes
from v6audit.auditor.history.replay import rescored
from v6audit.auditor.history.session import ScanHistory
from v6audit.auditor.options import OUTPUT_PATH, FiniteFloatRange, dash_is_stdout
from v6audit.auditor.profile import load_profile
from v6audit.auditor.records import resume_fixes
from v6audit.auditor.store.database import Database, StoreError, default_path, open_database
from v6audit.auditor.store.queries import (
    find_run,
    list_runs,
    stored_targets,
    trend_points,
)
from v6audit.auditor.targets import parse_sector
from v6audit.probes.model import Sector
from v6audit.probes.net.errors import InputError
from v6audit.reports.diff_writer import DIFF_FORMATS, write_diff
from v6audit.reports.document import iso
from v6audit.reports.files import atomic_output
from v6audit.reports.openmetrics import trend_exposition
from v6audit.reports.summary import RunSummary
from v6audit.reports.trend_writer import trend_html, trend_json, write_trend
from v6audit.reports.writers import FORMATS, open_writer

EXIT_UNDER_SCORE = 5
EXIT_REGRESSION = 6
REGRESSIONS_SHOWN = 5


def _notify(message: str) -> None:
    click.echo(message, err=True)


def open_history(location: str | None) -> Database:
    """The history database for this command, closed when the command ends however it ends."""
    try:
        database = open_database(location, _notify)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    click.get_current_context().call_on_close(database.close)
    return database


db_option = click.option(
    "--db",
    "db_location",
    metavar="PATH|URL",
    help=f"History database: an SQLite file or a postgresql:// URL [default: {default_path()}].",
)


# -- scan -------------------------------------------------------------------------------------
NO_STORE_OPTION = click.option(
    "--no-store", is_flag=True, help="Do not store this run in the history."
)
RESUME_OPTION = click.option(
    "--resume",
    metavar="RUN",
    help="Finish a stored run that was cut short, with its targets and settings.",
)
FAIL_UNDER_OPTION = click.option(
    "--fail-under",
    type=FiniteFloatRange(0, 100),
    metavar="SCORE",
    help=f"Exit {EXIT_UNDER_SCORE} if the mean score of the run is below SCORE.",
)
FAIL_ON_REGRESSION_OPTION = click.option(
    "--fail-on-regression",
    is_flag=True,
    help=f"Exit {EXIT_REGRESSION} if a check got worse since the previous complete run "
    "of the same targets and profile.",
)


@dataclass(frozen=True, slots=True)
class HistoryOptions:
    db: str | None
    store: bool
    resume: str | None
    fail_under: float | None
    fail_on_regression: bool

    @classmethod
    def checked(
        cls, db: str | None, no_store: bool, resume: str | None, fail_under: float | None,
        fail_on_regression: bool,
    ) -> HistoryOptions:  # fmt: skip
        """The scan's history options; a usage error when they need the history it drops."""
        if no_store and (resume or fail_on_regression):
            flag = "--resume" if resume else "--fail-on-regression"
            raise click.UsageError(f"{flag} needs the history: drop --no-store")
        return cls(db, not no_store, resume, fail_under, fail_on_regression)


def reject_given_settings(ctx: click.Context) -> None:
    """``--resume`` runs with the stored settings; refuse options that would contradict them."""
    fixed = resume_fixes()
    for param in ctx.command.params:
        if param.name is None or fixed.isdisjoint(param.opts):
            continue
        if ctx.get_parameter_source(param.name) is click.core.ParameterSource.COMMANDLINE:
            raise click.UsageError(f"--resume re-uses the run's settings: drop {param.opts[0]}")


def gate_exit(
    options: HistoryOptions, summary: RunSummary, history: ScanHistory | None
) -> int | None:
    """Check a complete run against ``--fail-under`` and ``--fail-on-regression``; say why."""
    code = None
    if options.fail_under is not None:
        mean = summary.mean_total
        if mean is None or mean < options.fail_under:
            shown = "no target could be scored" if mean is None else f"mean score {mean:g} is low"
            _notify(f"v6audit: {shown} (--fail-under {options.fail_under:g})")
            code = EXIT_UNDER_SCORE
    if options.fail_on_regression and history is not None:
        previous, regressed = history.regressions()
        if previous is None:
            _notify("v6audit: no previous complete run of these targets to compare with")
        elif regressed:
            shown = "; ".join(regressed[:REGRESSIONS_SHOWN])
            more = len(regressed) - REGRESSIONS_SHOWN
            _notify(
                f"v6audit: {len(regressed)} check(s) regressed since run {previous}: {shown}"
                + (f" (+{more} more)" if more > 0 else "")
            )
            code = EXIT_REGRESSION
    return code


@contextmanager
def clean_errors() -> Iterator[None]:
    """Turn store and input errors into one-line command errors (exit 1), never tracebacks."""
    try:
        yield
    except (StoreError, InputError) as exc:
        raise click.ClickException(str(exc)) from None


# -- commands ---------------------------------------------------------------------------------
@click.command()
@db_option
@click.option("--limit", type=click.IntRange(1, 1_000_000), default=20, show_default=True)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
def runs(db_location: str | None, limit: int, output_format: str) -> None:
    """List stored runs, newest first."""
    database = open_history(db_location)
    with clean_errors():
        listing = list_runs(database, limit)
    if output_format == "json":
        click.echo(json.dumps([
            {"id": r.id, "started": iso(r.started), "finished": iso(r.finished) if r.finished
             else None, "end": r.end_state, "profile": r.profile, "tool_version": r.tool_version,
             "targets": r.targets, "done": r.done, "mean_total": r.mean_total}
            for r in listing
        ], indent=1))  # fmt: skip
        return
    for r in listing:
        mean = "-" if r.mean_total is None else f"{r.mean_total:g}"
        end = r.end_state or ("unfinished" if r.done < r.targets else "running")
        click.echo(
            f"{r.id}  {r.started:%Y-%m-%d %H:%M}  {end:<12} {r.done}/{r.targets} targets  "
            f"mean {mean:>5}  profile {r.profile}"
        )


@click.command()
@click.argument("run_id", metavar="RUN")
@click.option("--profile", "profile_name", required=True, help="Profile name or TOML file.")
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text")
@click.option("-o", "--output", type=OUTPUT_PATH, callback=dash_is_stdout)
@click.option("--lang", type=click.Choice(["en", "zh"]), help="Default: the run's language.")
@db_option
def rescore(
    run_id: str, profile_name: str, output_format: str, output: Path | None, lang: str | None,
    db_location: str | None,
) -> None:  # fmt: skip
    """Judge a stored RUN again, from its observations, with today's checks under a profile.

    Nothing is measured again and the stored run is left as it was; the result is a report in
    any scan format.
    """
    try:
        profile = load_profile(profile_name)
    except InputError as exc:
        raise click.BadParameter(str(exc), param_hint="--profile") from None
    database = open_history(db_location)
    with clean_errors():
        run = find_run(database, run_id)
    language = lang or run.header.lang
    try:
        writer = open_writer(output_format, output, lang=language, profile=profile, inventory=None)
    except InputError as exc:
        raise click.BadParameter(str(exc), param_hint="--output") from None
    with clean_errors():
        stored = stored_targets(database, run, outcomes=True)
        scope = run.header.settings.scope
        for report in rescored(stored, profile, scope, language):
            writer.add(report)
    writer.close(replace(run.header, profile=profile, lang=language, tool_version=__version__))


@click.command()
@click.argument("before", metavar="RUN_A")
@click.argument("after", metavar="RUN_B")
@click.option("--format", "output_format", type=click.Choice(DIFF_FORMATS), default="text")
@click.option("-o", "--output", type=OUTPUT_PATH, callback=dash_is_stdout)
@db_option
def diff(
    before: str, after: str, output_format: str, output: Path | None, db_location: str | None
) -> None:
    """Show what improved and what regressed from RUN_A to RUN_B, per target and check."""
    database = open_history(db_location)
    with clean_errors():
        first, second = find_run(database, before).header.id, find_run(database, after).header.id
        write_diff(run_changes(database, first, second), first, second, output_format, output)


@click.command()
@click.argument("names", nargs=-1, metavar="[TARGETS]...")
@click.option("--sector", help="Only targets with this sector tag (gov, 政务, ...).")
@click.option("--profile", "profile_name", default="default", show_default=True)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["html", "json", "openmetrics"]),
    default="html",
    show_default=True,
    help="openmetrics: the newest complete run of the selection, for Prometheus.",
)
@click.option("-o", "--output", type=OUTPUT_PATH, callback=dash_is_stdout)
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True)
@db_option
def trend(
    names: tuple[str, ...], sector: str | None, profile_name: str, output_format: str,
    output: Path | None, lang: str, db_location: str | None,
) -> None:  # fmt: skip
    """Scores and per-goal scores over the complete runs of a profile.

    TARGETS (as written when scanned) or --sector narrow the targets each run is averaged over.
    """
    try:
        tag: Sector | None = parse_sector(sector) if sector else None
    except InputError as exc:
        raise click.BadParameter(str(exc), param_hint="--sector") from None
    database = open_history(db_location)
    with clean_errors():
        points = trend_points(database, profile_name, names, tag.value if tag else None)
        if output_format == "json":
            selection = {"targets": list(names), "sector": tag.value if tag else None}
            write_trend(trend_json(points, profile_name, selection), output)
            return
        if output_format == "openmetrics":
            sector_label = tag.value if tag else None
            with atomic_output(output) as out:
                out.write(trend_exposition(points, profile_name, sector_label))
            return
        profile = find_run(database, points[-1].run_id).header.profile if points else None
    if profile is None:
        try:
            profile = load_profile(profile_name)
        except InputError as exc:
            raise click.BadParameter(str(exc), param_hint="--profile") from None
    selection_text = [*names, *([f"{sector}"] if sector else [])]
    write_trend(trend_html(points, profile, selection_text, lang), output)


def register(group: click.Group) -> None:
    for command in (runs, rescore, diff, trend):
        group.add_command(command)
