"""The Celery application both sides share: its settings and the one task, auditing a batch.

A batch is acknowledged only when its reports are stored (``acks_late``), so a worker that dies
mid-batch leaves it on the broker: a worker process killed outright gives it back at once
(``reject_on_worker_lost``), a whole machine that vanishes gives it back when the broker's
visibility timeout passes. A batch audited twice still has one result, under its task's id.
"""

from __future__ import annotations

import asyncio

from celery import Celery

from v6audit.auditor.distributed.wire import Batch, Reports, batch_settings, report_to_json
from v6audit.auditor.engine import run_locally
from v6audit.auditor.records import TargetReport

TASK = "v6audit.audit_batch"
VISIBILITY_TIMEOUT = 3600
"""Seconds before a batch taken by a worker that went silent is handed to another worker; it
must exceed the time a batch takes (the batch size times the probe timeout, at worst)."""
RESULT_EXPIRY = 86400
"""Seconds a batch's reports wait on the broker for a scan that stopped collecting them."""


def celery_app(broker: str) -> Celery:
    """The application for ``broker``, which also carries the reports back (result backend)."""
    transport = {"visibility_timeout": VISIBILITY_TIMEOUT}
    app = Celery("v6audit", broker=broker, backend=broker, set_as_current=False)
    app.conf.update(
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,  # a batch waits on the broker, not behind a busy worker
        result_expires=RESULT_EXPIRY,
        broker_transport_options=transport,
        result_backend_transport_options=transport,
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
    )
    app.task(name=TASK, acks_late=True, reject_on_worker_lost=True)(audit_batch)
    return app


def audit_batch(document: Batch) -> Reports:
    """Audit one batch with the local engine, from this worker's network."""
    settings, profile, lang, targets = batch_settings(document)
    reports: Reports = []
    index_of = {id(target): index for index, target in enumerate(targets)}

    def sink(report: TargetReport) -> None:
        reports.append(report_to_json(index_of[id(report.target)], report))

    asyncio.run(run_locally(settings, profile, lang, targets, sink))
    return reports
