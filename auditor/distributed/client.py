"""The scan's side: shard the targets into batches, keep a few on the broker, stream reports back.

Targets are read as they are sent, and only ``IN_FLIGHT`` batches wait at a time, so a run of
millions holds no more than a run of thousands; each batch's reports go to the sink (the same
writers and history store as a local run) as soon as a worker has finished it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass

from celery.result import AsyncResult

from v6audit.auditor.distributed.app import TASK, celery_app
from v6audit.auditor.distributed.wire import batch, report_from_json
from v6audit.auditor.engine import Sink, Source
from v6audit.auditor.feed import as_feed, take
from v6audit.auditor.profile import Profile
from v6audit.auditor.records import RunEnd, RunStats, TargetReport
from v6audit.probes.model import Target
from v6audit.probes.net.errors import InputError
from v6audit.probes.net.settings import ScanSettings

IN_FLIGHT = 32
"""Batches sent and not yet collected: enough to keep many workers busy, few enough that the
broker and this process hold little."""
POLL = 0.1
"""Seconds between looks at the batches in flight."""


@dataclass(frozen=True, slots=True)
class DistributedRunner:
    """A runner (see :data:`auditor.engine.Runner`) that hands the work to Celery workers."""

    broker: str
    queue: str
    batch_size: int

    async def __call__(
        self,
        settings: ScanSettings,
        profile: Profile,
        lang: str,
        targets: Source,
        sink: Sink,
    ) -> RunStats:
        app = celery_app(self.broker)
        stats = RunStats()
        feed = as_feed(targets)
        ended = False
        in_flight: list[tuple[AsyncResult, list[Target]]] = []
        try:
            async with asyncio.timeout(settings.timeouts.deadline):
                while True:
                    while not ended and len(in_flight) < IN_FLIGHT:
                        chunk = await take(feed, self.batch_size)
                        if not chunk:
                            ended = True
                            break
                        document = batch(settings, profile, lang, chunk)
                        sent = app.send_task(TASK, args=[document], queue=self.queue)
                        in_flight.append((sent, chunk))
                    if not in_flight:
                        return stats
                    done = [item for item in in_flight if item[0].ready()]
                    if not done:
                        await asyncio.sleep(POLL)
                    for item in done:
                        in_flight.remove(item)
                        for report in _reports(*item, profile):
                            stats.add(report)
                            sink(report)
        except TimeoutError:
            stats.end = RunEnd.DEADLINE
            return stats
        except asyncio.CancelledError:
            stats.end = RunEnd.INTERRUPTED
            raise
        finally:
            for result, _chunk in in_flight:
                result.revoke()
            app.close()


def _reports(result: AsyncResult, chunk: list[Target], profile: Profile) -> Iterator[TargetReport]:
    try:
        documents = result.get(propagate=True)
    except Exception as exc:
        # the engine classifies every probe's failure, so a failed batch means the worker could
        # not start it: typically settings it cannot use (a CA bundle path it does not have)
        raise InputError(f"a worker could not audit a batch: {exc}") from exc
    finally:
        result.forget()
    for document in documents:
        yield report_from_json(document, chunk, profile)
