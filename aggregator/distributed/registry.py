"""Who each worker is, and the jobs of each site as ``aggregator status`` shows them.

Procrastinate knows a worker only by a number and a heartbeat; an operator needs the host and
the process. Each worker therefore records ``host:pid``, its queues and its concurrency in the
small table ``aggregator_workers`` under its Procrastinate worker id, and deletes the row when
it stops; rows of workers Procrastinate has pruned are deleted by the housekeeping of
:mod:`aggregator.distributed.schedule`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from procrastinate import App
from sqlalchemy import Engine, inspect, text

from aggregator.distributed.tasks import CRAWL_TASK, PUBLISH_TASK

WORKERS_TABLE = "aggregator_workers"

CREATE_WORKERS_TABLE = f"""
CREATE TABLE IF NOT EXISTS {WORKERS_TABLE} (
    worker_id bigint PRIMARY KEY,
    name text NOT NULL,
    queues text NOT NULL,
    concurrency integer NOT NULL,
    started_at timestamp with time zone NOT NULL DEFAULT now()
)"""


async def register_worker(app: App, worker_id: int, name: str, queues: Sequence[str],
                          concurrency: int) -> None:
    await app.connector.execute_query_async(
        f"INSERT INTO {WORKERS_TABLE} (worker_id, name, queues, concurrency) "
        "VALUES (%(id)s, %(name)s, %(queues)s, %(concurrency)s) ON CONFLICT (worker_id) "
        "DO UPDATE SET name = EXCLUDED.name, queues = EXCLUDED.queues, "
        "concurrency = EXCLUDED.concurrency",
        id=worker_id, name=name, queues=",".join(queues), concurrency=concurrency)


async def unregister_worker(app: App, worker_id: int) -> None:
    await app.connector.execute_query_async(
        f"DELETE FROM {WORKERS_TABLE} WHERE worker_id = %(id)s", id=worker_id)


async def prune_workers(app: App) -> None:
    """Forget workers Procrastinate no longer knows (pruned after a missed heartbeat)."""
    await app.connector.execute_query_async(
        f"DELETE FROM {WORKERS_TABLE} w WHERE NOT EXISTS "
        "(SELECT 1 FROM procrastinate_workers p WHERE p.id = w.worker_id)")


@dataclass(frozen=True, slots=True)
class RunningJob:
    job_id: int
    worker: str
    """``host:pid`` of the worker holding the job; "?" when it is gone without a trace."""
    since: datetime | None
    stalled: bool
    """The holder missed its heartbeats: the job will be handed to another worker."""


@dataclass(slots=True)
class SiteJobs:
    """A site's crawl jobs in the queue."""

    queued: int = 0
    running: list[RunningJob] = field(default_factory=list)
    failed: int = 0
    """Failed crawl jobs since the site's last successful one."""


_JOBS_QUERY = text(f"""
WITH last_ok AS (
    SELECT args->>'site_id' AS site_id, max(id) AS id FROM procrastinate_jobs
     WHERE task_name = :crawl AND status = 'succeeded' GROUP BY 1
)
SELECT j.id, j.task_name, j.args->>'site_id' AS site_id, j.status::text AS status,
       w.name AS worker, pw.last_heartbeat,
       (SELECT max(e.at) FROM procrastinate_events e
         WHERE e.job_id = j.id AND e.type = 'started') AS started
  FROM procrastinate_jobs j
  LEFT JOIN last_ok ON last_ok.site_id = j.args->>'site_id'
  LEFT JOIN {WORKERS_TABLE} w ON w.worker_id = j.worker_id
  LEFT JOIN procrastinate_workers pw ON pw.id = j.worker_id
 WHERE j.task_name IN (:crawl, :publish)
   AND (j.status IN ('todo', 'doing')
        OR (j.task_name = :crawl AND j.status = 'failed' AND j.id > COALESCE(last_ok.id, 0)))
 ORDER BY j.id
""")


def queue_jobs(engine: Engine, *, stalled_after: float) -> tuple[dict[str, SiteJobs], SiteJobs] | None:
    """The crawl jobs per site and the publish jobs, or None when the store has never been
    used in distributed mode (no queue tables)."""
    names = set(inspect(engine).get_table_names())
    if "procrastinate_jobs" not in names or WORKERS_TABLE not in names:
        return None
    now = datetime.now(UTC)
    sites: dict[str, SiteJobs] = {}
    publish = SiteJobs()
    with engine.connect() as conn:
        for row in conn.execute(_JOBS_QUERY, {"crawl": CRAWL_TASK, "publish": PUBLISH_TASK}):
            jobs = publish if row.task_name == PUBLISH_TASK else sites.setdefault(row.site_id, SiteJobs())
            if row.status == "todo":
                jobs.queued += 1
            elif row.status == "failed":
                jobs.failed += 1
            else:
                beat = row.last_heartbeat
                stalled = beat is None or now - beat > timedelta(seconds=stalled_after)
                jobs.running.append(RunningJob(row.id, row.worker or "?", row.started, stalled))
    return sites, publish
