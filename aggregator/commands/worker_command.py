"""``aggregator worker``: one worker of distributed mode (see :mod:`aggregator.distributed`).

Workers on any number of hosts share ``[storage] url`` (PostgreSQL); each takes one-site crawl
jobs (queue ``crawl``) and/or publish jobs (queue ``publish``: only on the host that owns
``[publish] dir``), and defers due periods beside them. On SIGINT/SIGTERM it takes no new job,
forwards one SIGTERM to its running crawl children (Scrapy stores what it has fetched), hands
the interrupted jobs back to the queue, lets a running publish finish, and exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import socket
import sys
from collections.abc import Sequence
from pathlib import Path

from aggregator.commands.crawl_command import open_store
from aggregator.config import Config, load_config
from aggregator.distributed.database_url import conninfo, display_url
from aggregator.errors import ConfigError

log = logging.getLogger(__name__)

EXIT_USAGE = 2


def parse_queues(value: str) -> tuple[str, ...]:
    """``crawl,publish`` -> ``("crawl", "publish")``; one clear line for anything else."""
    from aggregator.distributed.names import QUEUES

    queues = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [queue for queue in queues if queue not in QUEUES]
    if unknown or not queues:
        raise ValueError(f"--queues: unknown queue {', '.join(unknown) or repr(value)} "
                         f"(choose from {', '.join(QUEUES)})")
    return queues


def config_path(config: Config) -> str | None:
    """The config file as an absolute path for the crawl children (which do not share the
    worker's working folder assumptions); None on built-in defaults."""
    path = Path(config.source)
    return str(path.resolve()) if path.is_file() else None


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


async def serve(config: Config, config_path: str | None, dsn: str,
                queues: Sequence[str], concurrency: int) -> None:
    """Run the worker and its schedule until a stop signal."""
    from procrastinate.worker import Worker

    from aggregator.distributed.names import HEARTBEAT_SECONDS, PUBLISH_QUEUE, STALLED_AFTER_SECONDS
    from aggregator.distributed.queue_schema import prepare_queue
    from aggregator.distributed.registry import register_worker, unregister_worker
    from aggregator.distributed.schedule import (
        Deferrer,
        Housekeeper,
        keep_schedule,
        site_periods,
    )
    from aggregator.distributed.tasks import WorkerRuntime, create_app, defer_publish

    runtime = WorkerRuntime(config, config_path,
                            verbose=logging.getLogger().isEnabledFor(logging.INFO))
    # One connection listens for new jobs; heartbeats, fetches and job bookkeeping share the rest.
    app = create_app(dsn, runtime, pool_size=concurrency + 4)
    name = worker_name()
    worker = Worker(app, queues=list(queues), name=name, concurrency=concurrency,
                    install_signal_handlers=False, update_heartbeat_interval=HEARTBEAT_SECONDS,
                    stalled_worker_timeout=STALLED_AFTER_SECONDS, shutdown_graceful_timeout=None)
    stop = asyncio.Event()

    def on_signal(signum: int) -> None:
        if not stop.is_set():
            print(f"received {signal.Signals(signum).name}: handing back running crawls, "
                  "finishing a running publish, then exiting", flush=True)
        stop.set()
        runtime.children.stop()
        worker.stop()

    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, on_signal, signum)

    async with app.open_async():
        await prepare_queue(app, dsn)
        if PUBLISH_QUEUE in queues:
            await defer_publish(app)  # a new publishing host writes what is already stored
        deferrer = Deferrer(app, site_periods(config))
        schedule = asyncio.create_task(keep_schedule(app, deferrer, Housekeeper(app, dsn), stop))
        run = asyncio.create_task(worker.run())
        while worker.worker_id is None and not run.done():
            await asyncio.sleep(0.05)
        worker_id = worker.worker_id
        if worker_id is not None:
            await register_worker(app, worker_id, name, queues, concurrency)
            print(f"worker {name} (id {worker_id}) on queues {','.join(queues)}, concurrency "
                  f"{concurrency}, {len(deferrer.sites)} site(s); store {display_url(config)}",
                  flush=True)
        try:
            await run
        finally:
            stop.set()
            await schedule
            if worker_id is not None:
                await unregister_worker(app, worker_id)
    print("stopped", flush=True)


def positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value!r}")
    return number


NAME = "worker"
HELP = ("distributed mode: take crawl/publish jobs from the PostgreSQL store shared with "
        "workers on other hosts")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--queues", default="crawl,publish", metavar="crawl,publish",
                        help="queues to take jobs from (default: both; `publish` only on the "
                             "host that owns [publish] dir)")
    parser.add_argument("--concurrency", type=positive_int, default=1, metavar="N",
                        help="crawl jobs run at once by this worker (default 1)")


def run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    try:
        queues = parse_queues(args.queues)
    except ValueError as exc:
        print(f"aggregator worker: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    dsn = conninfo(config)
    try:
        import procrastinate  # noqa: F401
    except ImportError as exc:
        raise ConfigError(f"distributed mode needs the postgres extra (pip install "
                          f"'vn-news-aggregator[postgres]'): {exc}", source=config.source,
                          key="storage.url") from None
    open_store(config).close()  # create or upgrade the store's tables before any child races
    if "publish" in queues:
        from aggregator.commands.publish_command import check_output_dir

        check_output_dir(config)
    asyncio.run(serve(config, config_path(config), dsn, queues, args.concurrency))
    return 0
