"""Benchmark search: indexing cost, store growth, query latency (SQLite and PostgreSQL), and a
full publish with the topic feeds.

1. Generates N articles (``bench/serve.py``'s generator: 40 sites, 34 units, 8-16 sentences of
   Vietnamese each) and upserts them in batches of 2,000 into two fresh SQLite stores: one
   with the search index, one whose index is switched off. Indexing cost per article = the
   difference in upsert time / N; store growth = the difference in file size.
2. Times queries of 1, 2 and 3 words, each typed with and without diacritics (``--queries``
   each, 20 results, exact-first ranking on), as ``aggregator search`` runs them: p50/p95.
3. Times ``publish()`` of every feed into an empty folder, without and with the built-in topic
   feeds, alternated in the same run.
4. The same upsert and queries on PostgreSQL: ``--pg-url URL``, or a throwaway cluster from
   Debian's PostgreSQL binaries (as tests/postgres does) when they are installed.

Usage: ``.venv/bin/python bench/search.py [--articles 100000] [--queries 40] [--pg-url URL]``
"""

from __future__ import annotations

import argparse
import contextlib
import os
import pwd
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "bench")]

from serve import bench_sites, generate_articles  # noqa: E402

from aggregator.search.index import SearchFilters  # noqa: E402
from aggregator.search.query import parse_query  # noqa: E402
from aggregator.search.topics import builtin_topics  # noqa: E402
from aggregator.search.unsupported_index import UnsupportedSearchIndex  # noqa: E402
from aggregator.store import ArticleStore  # noqa: E402
from feeds.publish import publish  # noqa: E402

QUERIES = {
    1: ["khoa học", "chuyển đổi số", "hội thảo", "nông sản", "du lịch", "tiêm chủng", "lúa",
        "sáng tạo", "cao tốc", "học bổng"],
    2: ["hội thảo khoa học", "trí tuệ nhân tạo", "năng suất lúa", "dịch vụ công", "vùng sâu",
        "phát thải chăn nuôi", "giải thưởng sáng tạo", "cà phê xuất khẩu", "mưa lớn", "đề tài nghiên cứu"],
    3: ['"chuyển đổi số" người dân', "hội nông dân cây ăn quả", "sở khoa học công nghệ",
        '"trí tuệ nhân tạo" nông nghiệp', "tiêm chủng trẻ em", "đường cao tốc quý",
        "lễ hội du khách", "hợp tác xã nông sản châu", "bệnh viện chẩn đoán hình ảnh",
        "du lịch cộng đồng văn hóa"],
}
"""By number of words typed (a quoted phrase counts its words); every query also runs
without diacritics."""
BATCH = 2000


def _fill(store: ArticleStore, count: int) -> float:
    started = time.perf_counter()
    batch = []
    for article in generate_articles(count, bench_sites()):
        batch.append(article)
        if len(batch) == BATCH:
            store.upsert(batch)
            batch = []
    store.upsert(batch)
    return time.perf_counter() - started


def _latencies(store: ArticleStore, words: int, *, loose: bool, repeats: int) -> list[float]:
    from aggregator.text import strip_diacritics

    rng = random.Random(words)
    times = []
    for _ in range(repeats):
        text = rng.choice(QUERIES[words])
        query = parse_query(strip_diacritics(text) if loose else text)
        started = time.perf_counter()
        store.search(query, SearchFilters(), limit=20)
        times.append((time.perf_counter() - started) * 1000)
    return times


def _report_latency(store: ArticleStore, label: str, repeats: int) -> None:
    print(f"\nquery latency on {label}, ms (20 results, newest first, {repeats} queries each):")
    print("| words | typed | p50 | p95 |")
    print("|---|---|---:|---:|")
    for words in (1, 2, 3):
        for loose in (False, True):
            times = _latencies(store, words, loose=loose, repeats=repeats)
            p95 = sorted(times)[max(0, int(len(times) * 0.95) - 1)]
            print(f"| {words} | {'without' if loose else 'with'} diacritics | "
                  f"{statistics.median(times):.1f} | {p95:.1f} |")


def _report_publish(store: ArticleStore, folder: Path, rounds: int = 2) -> None:
    """A full publish into an empty folder without and with the topic feeds, alternated
    ``rounds`` times in this one process (so both see the same load and warm caches); wall
    and CPU time of the best round each (CPU time is what other jobs on the machine do
    not inflate)."""
    topics = builtin_topics()
    best: dict[bool, tuple[float, float, int]] = {}
    for number in range(rounds):
        for with_topics in (False, True):
            out = folder / f"public-{number}-{with_topics}"
            wall, cpu = time.perf_counter(), time.process_time()
            report = publish(store, bench_sites(), out_dir=out, base_url="http://127.0.0.1:8080/",
                             topics=topics if with_topics else ())
            took = (time.perf_counter() - wall, time.process_time() - cpu, len(report.written))
            best[with_topics] = min(best.get(with_topics, took), took)
            shutil.rmtree(out)
    print(f"\nfull publish into an empty folder, best of {rounds} (target <= 5 s with topics):")
    for with_topics, (wall, cpu, files) in best.items():
        label = f"with the {len(topics)} topic feeds" if with_topics else "without topic feeds"
        print(f"  {label}: {wall:.1f} s wall, {cpu:.1f} s CPU, {files} files")


def _file_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def bench_sqlite(articles: int, repeats: int, folder: Path) -> None:
    plain = ArticleStore(f"sqlite:///{folder / 'plain.db'}")
    plain.search_index = UnsupportedSearchIndex("none")  # the same store, no index kept
    plain_seconds = _fill(plain, articles)
    with plain.engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    plain.close()
    indexed = ArticleStore(f"sqlite:///{folder / 'indexed.db'}")
    indexed_seconds = _fill(indexed, articles)
    with indexed.engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    plain_mb = _file_size(folder / "plain.db") / 1e6
    indexed_mb = _file_size(folder / "indexed.db") / 1e6
    cost = (indexed_seconds - plain_seconds) / articles * 1000
    print(f"SQLite, {articles:,} articles: upsert {plain_seconds:.1f} s without the index, "
          f"{indexed_seconds:.1f} s with it -> indexing {cost:.2f} ms/article (target <= 1)")
    print(f"store {plain_mb:.0f} MB -> {indexed_mb:.0f} MB with the index "
          f"(+{indexed_mb - plain_mb:.0f} MB, +{(indexed_mb / plain_mb - 1) * 100:.0f} %)")
    started = time.perf_counter()
    indexed.rebuild_search_index()
    print(f"aggregator search --rebuild: {time.perf_counter() - started:.1f} s")
    _report_latency(indexed, f"SQLite, {articles:,} articles", repeats)
    _report_publish(indexed, folder)
    indexed.close()


@contextlib.contextmanager
def throwaway_postgres() -> Iterator[str | None]:
    """A temporary cluster (initdb, 127.0.0.1, fsync off); None without the binaries."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        yield None
        return
    bin_dir = found[-1].parent
    root = Path(tempfile.mkdtemp(prefix="bench-pg-"))
    account = pwd.getpwnam("postgres") if os.geteuid() == 0 else None
    if account:
        os.chown(root, account.pw_uid, account.pw_gid)

    def as_server(command: Sequence[str]) -> list[str]:
        return list(command) if account is None else ["runuser", "-u", "postgres", "--", *command]

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    subprocess.run(as_server([str(bin_dir / "initdb"), "-D", str(root / "data"), "-A", "trust",
                              "-U", "postgres", "-E", "UTF8", "--no-sync"]),
                   check=True, capture_output=True, env=env, cwd=root)
    subprocess.run(as_server([str(bin_dir / "pg_ctl"), "start", "-w", "-D", str(root / "data"),
                              "-l", str(root / "log"), "-o",
                              f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off "
                              "-c synchronous_commit=off -c full_page_writes=off"]),
                   check=True, capture_output=True, env=env, cwd=root)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(as_server([str(bin_dir / "pg_ctl"), "stop", "-m", "immediate", "-D",
                                  str(root / "data")]), capture_output=True, env=env, cwd=root)
        shutil.rmtree(root, ignore_errors=True)


def bench_postgres(url: str, articles: int, repeats: int) -> None:
    store = ArticleStore(url)
    seconds = _fill(store, articles)
    with store.engine.connect() as conn:
        size = conn.exec_driver_sql(
            "SELECT pg_total_relation_size('search_documents')").scalar_one()
    print(f"\nPostgreSQL, {articles:,} articles: upsert with the index {seconds:.1f} s "
          f"({seconds / articles * 1000:.2f} ms/article in all); index table {size / 1e6:.0f} MB")
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("ANALYZE")
    _report_latency(store, f"PostgreSQL, {articles:,} articles", repeats)
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--pg-url", help="PostgreSQL URL (default: a throwaway cluster)")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args()
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as folder:
            bench_sqlite(args.articles, args.queries, Path(folder))
    if args.no_postgres:
        return
    if args.pg_url:
        bench_postgres(args.pg_url, args.articles, args.queries)
        return
    with throwaway_postgres() as url:
        if url is None:
            print("\nPostgreSQL: skipped (no binaries under /usr/lib/postgresql; --pg-url URL)")
        else:
            bench_postgres(url, args.articles, args.queries)


if __name__ == "__main__":
    main()
