"""``v6audit worker`` and the distributed options of ``v6audit scan``.

The scan itself is unchanged: ``--distributed`` only gives its request another runner
(:func:`distributed_runner`), so reports, history, exit codes and resume behave exactly as in a
local run.
"""

from __future__ import annotations

import os

import click

from v6audit.auditor.engine import Runner
from v6audit.auditor.extras import MissingExtra, require
from v6audit.auditor.options import check_broker

DEFAULT_QUEUE = "v6audit"
BATCH_SIZE = 100

WORKER_QUEUE_OPTION = click.option(
    "--queue",
    default=DEFAULT_QUEUE,
    show_default=True,
    help="Queue of the vantage point to audit from (workers on that network consume it).",
)
DISTRIBUTED_OPTION = click.option(
    "--distributed",
    metavar="URL",
    callback=check_broker,
    help="Send the targets in batches to workers through this Redis broker.",
)
QUEUE_OPTION = click.option(
    "--queue",
    default=DEFAULT_QUEUE,
    show_default=True,
    help="With --distributed: the queue of the vantage point to audit from.",
)
BATCH_SIZE_OPTION = click.option(
    "--batch-size",
    type=click.IntRange(1, 100_000),
    default=BATCH_SIZE,
    show_default=True,
    help="With --distributed: targets per batch.",
)


@click.command()
@click.option(
    "--broker",
    metavar="URL",
    required=True,
    callback=check_broker,
    help="Redis broker, e.g. redis://host/0.",
)
@WORKER_QUEUE_OPTION
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
    from v6audit.auditor.distributed.app import celery_app  # Celery loads only where it is used

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


def distributed_runner(broker: str | None, queue: str, batch_size: int) -> Runner | None:
    """The runner of ``scan --distributed``; None (the local engine) without it."""
    if broker is None:
        return None
    _require_distributed()
    from v6audit.auditor.distributed.client import (
        DistributedRunner,  # Celery loads only where it is used
    )

    return DistributedRunner(broker, queue, batch_size)


def register(group: click.Group) -> None:
    group.add_command(worker)
