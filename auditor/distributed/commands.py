"""``v6audit worker`` and the distributed options of ``v6audit scan``, added to the CLI group.

The scan itself is unchanged: ``--distributed`` only swaps the runner it audits with (kept in
the click context under :data:`RUNNER`), so reports, history, exit codes and resume behave
exactly as in a local run.
"""

from __future__ import annotations

import functools
import os
from typing import Any

import click

from auditor.extras import MissingExtra, require
from auditor.options import check_broker

DEFAULT_QUEUE = "v6audit"
RUNNER = "v6audit.runner"
"""Key of the scan's runner in ``click.Context.meta``; absent: the local engine."""
BATCH_SIZE = 100

QUEUE_OPTION = click.option(
    "--queue",
    default=DEFAULT_QUEUE,
    show_default=True,
    help="Queue of the vantage point to audit from (workers on that network consume it).",
)


@click.command()
@click.option(
    "--broker",
    metavar="URL",
    required=True,
    callback=check_broker,
    help="Redis broker, e.g. redis://host/0.",
)
@QUEUE_OPTION
@click.option(
    "--concurrency",
    type=click.IntRange(1, 1024),
    default=os.cpu_count() or 1,
    show_default="CPUs",
    help="Batches audited at once (worker processes).",
)
def worker(broker: str, queue: str, concurrency: int) -> None:
    """Audit batches sent by ``scan --distributed`` from this machine's network."""
    _require_distributed()
    from auditor.distributed.app import celery_app  # Celery loads only where it is used

    app = celery_app(broker)
    app.worker_main(
        [
            "worker",
            "--queues",
            queue,
            "--concurrency",
            str(concurrency),
            "--hostname",
            f"v6audit-{os.getpid()}@%h",
            "--without-gossip",
            "--without-mingle",
            "--loglevel",
            "INFO",
        ]
    )


def _require_distributed() -> None:
    """Stop with the extra to install (exit 1) where Celery is missing."""
    try:
        require("distributed")
    except MissingExtra as exc:
        raise click.ClickException(str(exc)) from None


def _with_distributed_options(scan: click.Command) -> None:
    """Add --distributed, --queue and --batch-size to ``scan``, choosing its runner."""
    scan.params += [
        click.Option(
            ["--distributed"],
            metavar="URL",
            callback=check_broker,
            help="Send the targets in batches to workers through this Redis broker.",
        ),
        click.Option(
            ["--queue"],
            default=DEFAULT_QUEUE,
            show_default=True,
            help="With --distributed: the queue of the vantage point to audit from.",
        ),
        click.Option(
            ["--batch-size"],
            type=click.IntRange(1, 100_000),
            default=BATCH_SIZE,
            show_default=True,
            help="With --distributed: targets per batch.",
        ),
    ]
    audit = scan.callback
    assert audit is not None

    @functools.wraps(audit)
    def callback(
        *args: Any, distributed: str | None, queue: str, batch_size: int, **kwargs: Any
    ) -> Any:
        if distributed is not None:
            _require_distributed()
            from auditor.distributed.client import DistributedRunner

            runner = DistributedRunner(distributed, queue, batch_size)
            click.get_current_context().meta[RUNNER] = runner
        return audit(*args, **kwargs)

    scan.callback = callback


def register(group: click.Group) -> None:
    group.add_command(worker)
    _with_distributed_options(group.commands["scan"])
