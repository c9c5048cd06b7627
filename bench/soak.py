"""Soak: ``--cycles`` run cycles (default 200) of the main job in one long-lived process, against
loopback sites that keep publishing; memory, open file descriptors and the store must stay flat.

Each cycle is the scheduler's own :func:`~aggregator.commands.cycle.run_cycle` with the crawl in
a child process (:func:`~aggregator.commands.scheduling.crawl_in_child`, as ``aggregator run``
does it), then retention, publish and freshness stamping. Time is simulated: the clock moves one
hour per cycle, and each of the ``--sites`` sites publishes ``--per-cycle`` new articles dated
within that hour, so with ``keep_days = 1`` retention must keep the store at about a day of
articles. Every article date lies in the real past (the crawler refuses future dates). Prints
RSS, open fds, store articles and database file size every 20 cycles.

    .venv/bin/python bench/soak.py [--cycles 200] [--sites 2] [--per-cycle 3]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aggregator.commands.cycle import run_cycle
from aggregator.commands.scheduling import crawl_in_child
from aggregator.config import load_config
from aggregator.store import ArticleStore

PROSE = ("Hội nghị tổng kết hoạt động khoa học và công nghệ của tỉnh đã diễn ra với sự tham dự "
         "của đại diện các sở, ngành, hội thành viên và nhiều nhà khoa học trên địa bàn. ")


class PublishingSite:
    """A loopback news site whose RSS feed lists its 20 newest articles."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.articles: list[tuple[int, datetime]] = []
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body, kind = site.page(self.path)
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def publish(self, number: int, when: datetime) -> None:
        with self.lock:
            self.articles.append((number, when))

    def page(self, path: str) -> tuple[bytes, str]:
        with self.lock:
            articles = list(self.articles)
        if path == "/robots.txt":
            return b"User-agent: *\nAllow: /\n", "text/plain"
        if path == "/rss.xml":
            items = "".join(
                f"<item><title>{self.title(n)}</title><link>{self.base}/tin-{n}.html</link>"
                f"<guid>{self.base}/tin-{n}.html</guid>"
                f"<pubDate>{when.strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate></item>"
                for n, when in articles[-20:][::-1])
            return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                    f"<title>{self.name}</title><link>{self.base}/</link><description>x</description>"
                    f"{items}</channel></rss>").encode(), "application/rss+xml"
        for number, when in articles:
            if path == f"/tin-{number}.html":
                return self.article(number, when), "text/html; charset=utf-8"
        return b"", "text/plain"

    def title(self, number: int) -> str:
        return escape(f"Tin khoa học số {number} của {self.name}")

    def article(self, number: int, when: datetime) -> bytes:
        stamp = when.isoformat()
        paragraphs = "".join(f"<p>{PROSE * 3}Đoạn {i} của bài {number}.</p>" for i in range(5))
        return (f'<!doctype html><html lang="vi"><head><meta charset="utf-8">'
                f"<title>{self.title(number)}</title>"
                f'<meta property="og:type" content="article">'
                f'<meta property="article:published_time" content="{stamp}">'
                f'<link rel="canonical" href="{self.base}/tin-{number}.html"></head><body>'
                f"<article><h1>{self.title(number)}</h1><time datetime=\"{stamp}\">{stamp}</time>"
                f"<p class=\"sapo\">Tóm tắt bài {number}.</p>{paragraphs}</article>"
                "</body></html>").encode()


def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=200)
    parser.add_argument("--sites", type=int, default=2)
    parser.add_argument("--per-cycle", type=int, default=3)
    args = parser.parse_args(argv)
    sites = [PublishingSite(f"Báo thử {i}") for i in range(args.sites)]
    folder = Path(tempfile.mkdtemp(prefix="soak-"))
    entries = "".join(
        f'[[sites]]\nid = "soak{i}"\nname = "{site.name}"\nprovince = "lang-son"\n'
        f'url = "{site.base}/"\nfeeds = ["{site.base}/rss.xml"]\n' for i, site in enumerate(sites))
    config_path = folder / "aggregator.toml"
    config_path.write_text(
        f'builtin_sites = false\nbuiltin_topics = false\n[storage]\nurl = "sqlite:///{folder}/store.db"\n'
        f'keep_days = 1\n[publish]\ndir = "{folder}/public"\n'
        "[crawl]\ndownload_delay = 0\nobey_robots = true\n" + entries, "utf-8")
    config = load_config(str(config_path))
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=args.cycles + 24)
    clock = [start]
    number = 0
    samples = []
    began = time.monotonic()
    print("| cycle | RSS MB | open fds | articles in store | database MB | new this cycle |")
    print("|---:|---:|---:|---:|---:|---:|")
    for cycle in range(1, args.cycles + 1):
        clock[0] = start + timedelta(hours=cycle)
        for site in sites:
            for k in range(args.per_cycle):
                number += 1
                site.publish(number, clock[0] - timedelta(minutes=10 + 15 * k))
        report = run_cycle(config, config.sites, lambda due: crawl_in_child(str(config_path), due),
                           clock=lambda: clock[0], only_due=False)
        assert report is not None
        if cycle == 1 or cycle % 20 == 0:
            store = ArticleStore(config.storage_url)
            try:
                count = store.count()
            finally:
                store.close()
            size = sum(p.stat().st_size for p in folder.glob("store.db*")) / 1e6
            samples.append((cycle, rss_kib() / 1024, open_fds(), count, size))
            print(f"| {cycle} | {rss_kib() / 1024:.1f} | {open_fds()} | {count} | {size:.1f} | "
                  f"{args.sites * args.per_cycle} |", flush=True)
    first, last = samples[1] if len(samples) > 1 else samples[0], samples[-1]
    print(f"{args.cycles} cycles in {time.monotonic() - began:.0f} s; from cycle {first[0]} to "
          f"{last[0]}: RSS {first[1]:.1f} -> {last[1]:.1f} MB, fds {first[2]} -> {last[2]}, "
          f"articles {first[3]} -> {last[3]}, database {first[4]:.1f} -> {last[4]:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
