"""What every process of a cluster must agree on: queue, task and lock names, the workers
table, the liveness timings. No Procrastinate import, so ``aggregator status`` can read the
queue with SQLAlchemy alone."""

from __future__ import annotations

CRAWL_QUEUE = "crawl"
PUBLISH_QUEUE = "publish"
QUEUES = (CRAWL_QUEUE, PUBLISH_QUEUE)
CRAWL_TASK = "aggregator.crawl_site"
PUBLISH_TASK = "aggregator.publish"
PUBLISH_LOCK = "publish"
WORKERS_TABLE = "aggregator_workers"

HEARTBEAT_SECONDS = 5.0
"""How often a worker proves it is alive (Procrastinate's ``update_heartbeat_interval``)."""
STALLED_AFTER_SECONDS = 20.0
"""Silence after which a worker counts as dead and its jobs go back to the queue: four missed
heartbeats, so a slow database round trip does not hand a live worker's job to another."""


def crawl_lock(site_id: str) -> str:
    """The lock (and queueing lock) of a site's crawl jobs."""
    return f"crawl:{site_id}"
