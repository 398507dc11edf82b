"""Distributed mode: the same engine run by Celery workers, fed batches through a Redis broker.

One machine runs ``v6audit scan --distributed URL``: it shards the targets into batches, sends
them to a queue and streams the reports back into the ordinary writers and history store.
Workers (``v6audit worker``) take batches from their queue and audit them with the local engine
from their own network, so a queue stands for a vantage point: workers on an IPv6-only network
consume one queue, workers on a dual-stack network another.
"""
