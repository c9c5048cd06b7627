"""Creating the queue's tables in the store's database, once, by whichever worker starts first."""

from __future__ import annotations

import psycopg
from procrastinate import App

from aggregator.distributed.registry import CREATE_WORKERS_TABLE

SCHEMA_LOCK = 0x61676772_00000002
"""PostgreSQL advisory lock key ("aggr" + 2) serialising workers that start together: without
it two could both find no queue tables and both try to create them."""


async def prepare_queue(app: App, conninfo: str) -> bool:
    """Create Procrastinate's schema and ``aggregator_workers`` unless present; True when this
    call created the queue. Upgrading Procrastinate across schema versions needs its SQL
    migrations applied first (docs/distributed.md)."""
    async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as conn:
        await conn.execute("SELECT pg_advisory_lock(%s)", (SCHEMA_LOCK,))
        try:
            created = not await app.check_connection_async()
            if created:
                await app.schema_manager.apply_schema_async()
            await conn.execute(CREATE_WORKERS_TABLE)
        finally:
            await conn.execute("SELECT pg_advisory_unlock(%s)", (SCHEMA_LOCK,))
    return created
