"""Distributed-mode throughput (issue 14): 1, 2 and 3 `aggregator worker` processes over a mirror
of many sites with a per-site download delay, so that crawling waits on the sites (as in
reality) rather than on the CPU; plus the queue's own overhead per job and, for comparison,
single-host `aggregator crawl` of the same mirror.

Needs Debian's PostgreSQL binaries (`bash scripts/system-deps.sh` as root): a throwaway cluster
is started in a temporary folder, as the tests do.

    .venv/bin/python bench/distributed.py [--sites 40] [--articles 8] [--delay 0.5]

Articles/s = articles stored / wall time from the first worker's start until every site's
crawl job has succeeded (worker start-up included). Queue overhead per job = wall time for one
worker to run 200 jobs that do nothing (a site id no worker knows) / 200: fetching, starting,
finishing and recording a job, without the crawl.
"""

from __future__ import annotations

import argparse
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.exc import ProgrammingError

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from aggregator.distributed.names import CRAWL_TASK  # noqa: E402
from aggregator.sample_sites import SampleSites  # noqa: E402
from bench.mirror import write_mirror  # noqa: E402


@contextmanager
def throwaway_postgres() -> Iterator[str]:
    """A PostgreSQL cluster on 127.0.0.1 in a temporary folder; yields the server URL without database."""
    [bin_dir] = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1:]
    as_user: list[str] = []
    # Not under ``work``: mkdtemp folders are private (0700), the postgres user could not enter.
    root = Path(tempfile.mkdtemp(prefix="bench-pg-"))
    if os.geteuid() == 0:
        account = pwd.getpwnam("postgres")
        os.chown(root, account.pw_uid, account.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    data = root / "data"
    subprocess.run([*as_user, str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U",
                    "postgres", "-E", "UTF8", "--no-sync"], check=True, capture_output=True, cwd=root)
    subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "start", "-w", "-D", str(data), "-l",
                    str(root / "log"), "-o", f"-c listen_addresses=127.0.0.1 -p {port} -k {root} "
                    "-c max_connections=100"], check=True, capture_output=True, cwd=root)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "stop", "-m", "fast", "-D", str(data)],
                       capture_output=True, cwd=root)
        shutil.rmtree(root, ignore_errors=True)


def new_database(server: str, name: str) -> str:
    engine = create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return f"{server}/{name}"


def write_config(folder: Path, url: str, sites_toml: str, delay: float) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "aggregator.toml"
    path.write_text(
        f'builtin_sites = false\n[storage]\nurl = "{url}"\n'
        f'[publish]\ndir = "{folder / "public"}"\n[schedule]\nevery = "6h"\n'
        f"[crawl]\nmax_age_days = 30\ndownload_delay = {delay}\nconcurrency_per_domain = 1\n\n"
        + sites_toml, "utf-8")
    return path


def start_workers(config: Path, count: int, folder: Path) -> list[subprocess.Popen[bytes]]:
    return [subprocess.Popen([sys.executable, "-m", "aggregator", "--config", str(config), "worker",
                              "--queues", "crawl"], cwd=REPO,
                             stdout=(folder / f"worker-{n}.log").open("wb"), stderr=subprocess.STDOUT)
            for n in range(count)]


def stop(workers: list[subprocess.Popen[bytes]]) -> None:
    for worker in workers:
        worker.send_signal(signal.SIGTERM)
    for worker in workers:
        worker.wait(timeout=120)


def wait_jobs(url: str, count: int, timeout: float = 3600) -> None:
    engine = create_engine(url)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            try:
                with engine.connect() as conn:
                    done = conn.execute(text(
                        "SELECT count(*) FROM procrastinate_jobs WHERE task_name = :t "
                        "AND status IN ('succeeded', 'failed')"), {"t": CRAWL_TASK}).scalar_one()
            except ProgrammingError:  # the first worker has not created the queue yet
                done = 0
            if done >= count:
                return
            time.sleep(0.2)
    finally:
        engine.dispose()
    raise RuntimeError(f"{count} jobs not done within {timeout} s")


def stored(url: str) -> int:
    engine = create_engine(url)
    with engine.connect() as conn:
        count = int(conn.execute(text("SELECT count(*) FROM articles")).scalar_one())
    engine.dispose()
    return count


def run_workers(server: str, work: Path, served: SampleSites, workers: int, sites: int,
                delay: float) -> tuple[float, int]:
    url = new_database(server, f"bench_w{workers}")
    folder = work / f"workers-{workers}"
    config = write_config(folder, url, served.site_entries_toml(), delay)
    started = time.monotonic()
    processes = start_workers(config, workers, folder)
    try:
        wait_jobs(url, sites)
        seconds = time.monotonic() - started
    finally:
        stop(processes)
    return seconds, stored(url)


def queue_overhead(server: str, work: Path, jobs: int = 200) -> float:
    """Seconds per job of a worker running ``jobs`` jobs that do nothing."""
    import asyncio

    from aggregator.distributed.queue_schema import prepare_queue
    from aggregator.distributed.tasks import create_app

    url = new_database(server, "bench_queue")
    folder = work / "queue"
    config = write_config(folder, url, "", 0)
    dsn = url.replace("postgresql+psycopg://", "postgresql://")

    async def defer() -> None:
        app = create_app(dsn)
        async with app.open_async():
            await prepare_queue(app, dsn)
            task = app.tasks[CRAWL_TASK]
            for n in range(jobs):
                await task.defer_async(site_id=f"nowhere-{n}", timestamp=n)

    asyncio.run(defer())
    [worker] = start_workers(config, 1, folder)
    try:
        started = time.monotonic()
        wait_jobs(url, jobs)
        seconds = time.monotonic() - started
    finally:
        stop([worker])
    return seconds / jobs


def single_host(server: str, work: Path, served: SampleSites, delay: float) -> tuple[float, int]:
    url = new_database(server, "bench_single")
    config = write_config(work / "single", url, served.site_entries_toml(), delay)
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "aggregator", "--config", str(config), "crawl"], cwd=REPO,
                   check=True, capture_output=True)
    return time.monotonic() - started, stored(url)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=40)
    parser.add_argument("--articles", type=int, default=8, help="articles per site")
    parser.add_argument("--delay", type=float, default=0.5, help="per-site download delay, s")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-distributed-"))
    try:
        mirror = work / "mirror"
        write_mirror(mirror, args.sites * args.articles, sites=args.sites)
        with SampleSites(mirror) as served, throwaway_postgres() as server:
            overhead = queue_overhead(server, work)
            print(f"queue overhead: {overhead * 1000:.1f} ms per job (target <= 20 ms)", flush=True)
            rates = {}
            for workers in (1, 2, 3):
                seconds, articles = run_workers(server, work, served, workers, args.sites, args.delay)
                rates[workers] = articles / seconds
                print(f"{workers} worker(s): {articles} articles in {seconds:.1f} s = "
                      f"{rates[workers]:.1f} articles/s ({rates[workers] / rates[1]:.2f}x one worker)",
                      flush=True)
            seconds, articles = single_host(server, work, served, args.delay)
            print(f"single-host `aggregator crawl` (all {args.sites} sites at once in one process): "
                  f"{articles} articles in {seconds:.1f} s = {articles / seconds:.1f} articles/s",
                  flush=True)
            print(f"3 workers vs 1: {rates[3] / rates[1]:.2f}x (target >= 2.5x)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
