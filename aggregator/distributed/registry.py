"""Who each worker is, so ``aggregator status`` can name the worker holding a job.

Procrastinate knows a worker only by a number and a heartbeat; an operator needs the host and
the process. Each worker therefore records ``host:pid``, its queues and its concurrency in the
small table ``aggregator_workers`` under its Procrastinate worker id, and deletes the row when
it stops; rows of workers Procrastinate has pruned are deleted by the housekeeping of
:mod:`aggregator.distributed.schedule`.
"""

from __future__ import annotations

from collections.abc import Sequence

from procrastinate import App

from aggregator.distributed.names import WORKERS_TABLE

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
