"""The queue as ``aggregator status`` shows it: each site's crawl jobs (queued, running and on
which worker, failed since the last success) and the publish jobs. Read with SQLAlchemy on the
store's engine, no Procrastinate needed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, inspect, text

from aggregator.distributed.names import CRAWL_TASK, PUBLISH_TASK, STALLED_AFTER_SECONDS, WORKERS_TABLE


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


def queue_jobs(engine: Engine, *, stalled_after: float = STALLED_AFTER_SECONDS,
               ) -> tuple[dict[str, SiteJobs], SiteJobs] | None:
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
