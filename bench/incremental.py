"""Benchmark incremental crawling: what a second crawl with nothing changed costs the sites.

Generates a loopback mirror (``bench/mirror.py``: every site offers robots.txt, a sitemap of
all its articles, an RSS feed and paginated listings), serves it with ``SampleSites``, and runs
the real ``aggregator crawl`` twice into a fresh temporary store. For each run it prints the
requests the sites answered, the body bytes they sent, how many were 304s and how many were
article pages. Target: the second run makes at most 5 % of the first run's requests and
downloads no article again.

Usage (from the repo root): ``.venv/bin/python -m bench.incremental [--articles N] [--sites S]
[--seed K]``.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from aggregator.sample_sites import SampleSites, Served
from bench.mirror import write_mirror

REPO = Path(__file__).resolve().parent.parent
TARGET_REQUEST_SHARE = 0.05


@dataclass(frozen=True, slots=True)
class RunFigures:
    requests: int
    body_bytes: int
    not_modified: int
    article_pages: int

    @classmethod
    def of(cls, responses: Sequence[Served], article_url: dict[str, re.Pattern[str]],
           base_urls: dict[str, str]) -> RunFigures:
        articles = sum(1 for r in responses if r.status == 200
                       and article_url[r.site].search(base_urls[r.site] + r.path))
        return cls(requests=len(responses), body_bytes=sum(r.body_bytes for r in responses),
                   not_modified=sum(1 for r in responses if r.status == 304),
                   article_pages=articles)


def crawl(config: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "AGGREGATOR_CONFIG"}
    result = subprocess.run([sys.executable, "-m", "aggregator", "--config", str(config), "crawl"],
                            cwd=REPO, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"aggregator crawl exited {result.returncode}:\n{result.stderr}")


def write_config(folder: Path, sites: SampleSites, max_pages: int) -> Path:
    path = folder / "aggregator.toml"
    path.write_text(
        "builtin_sites = false\n"
        f'[storage]\nurl = "sqlite:///{folder / "store.db"}"\n'
        f'[publish]\ndir = "{folder / "public"}"\n'
        f"[crawl]\ndownload_delay = 0\nmax_pages_per_site = {max_pages}\n\n"
        + sites.site_entries_toml(), "utf-8")
    return path


def article_patterns(config: Path) -> dict[str, re.Pattern[str]]:
    entries = tomllib.loads(config.read_text("utf-8"))["sites"]
    return {entry["id"]: re.compile(entry["article_url"]) for entry in entries}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--sites", type=int, default=4)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-incremental-") as tmp:
        folder = Path(tmp)
        write_mirror(folder / "mirror", args.articles, sites=args.sites, seed=args.seed)
        with SampleSites(folder / "mirror") as sites:
            # Room for every article of a site plus its index pages in one run.
            config = write_config(folder, sites, max_pages=args.articles + 100)
            patterns = article_patterns(config)
            runs = []
            for _ in range(2):
                crawl(config)
                runs.append(RunFigures.of(sites.take_responses(), patterns, sites.base_urls))
    first, second = runs
    print(f"{args.articles} articles on {args.sites} loopback sites")
    print(f"{'run':<8}{'requests':>10}{'bytes':>14}{'304s':>7}{'articles':>10}")
    for name, run in (("first", first), ("second", second)):
        print(f"{name:<8}{run.requests:>10}{run.body_bytes:>14,}{run.not_modified:>7}"
              f"{run.article_pages:>10}")
    share = second.requests / first.requests if first.requests else 0.0
    print(f"second/first: {share:.1%} of requests, "
          f"{second.body_bytes / max(first.body_bytes, 1):.2%} of bytes")
    ok = share <= TARGET_REQUEST_SHARE and second.article_pages == 0
    print("target met" if ok else f"target missed (≤ {TARGET_REQUEST_SHARE:.0%} of requests, "
          "0 article re-downloads)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
