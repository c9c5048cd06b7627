"""How fast ``ArticleStore.upsert`` writes to SQLite (issue 8 target: >= 2,000 articles/s).

Generates the articles first (bench/serve.py's generator: realistic titles, bodies of 8-16
paragraphs, province tags), then times, on a fresh SQLite file per run:

- insert: every article new, in batches of ``--batch`` (50, what the crawl pipeline commits);
- unchanged: the same articles again (the second crawl of a day: mostly nothing changed);
- update: every article with an edited body (new content hash).

Usage: ``.venv/bin/python bench/store_upsert.py [--articles 5000] [--batch 50] [--runs 3]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):  # as a script: import ``bench`` from the repository root
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from aggregator.schema import Article
from aggregator.store import ArticleStore
from bench.serve import bench_sites, generate_articles

TARGET = 2000


def timed_upserts(store: ArticleStore, articles: Sequence[Article], batch: int) -> float:
    """Articles per second of upserting ``articles`` in batches of ``batch``."""
    started = time.perf_counter()
    for start in range(0, len(articles), batch):
        store.upsert(articles[start:start + batch])
    return len(articles) / (time.perf_counter() - started)


def edited(article: Article) -> Article:
    """The same article with one more paragraph, as a site's correction would be."""
    return article.with_changes(body_html=article.body_html + "<p>Cập nhật.</p>",
                                body_text=article.body_text + "\n\nCập nhật.")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    articles = list(generate_articles(args.articles, bench_sites()))
    changed = [edited(article) for article in articles]
    if changed[0].content_hash == articles[0].content_hash:
        raise RuntimeError("an edited article kept its content hash: the update case measures nothing")
    rates: dict[str, list[float]] = {"insert": [], "unchanged": [], "update": []}
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="bench-upsert-") as temp:
            store = ArticleStore(f"sqlite:///{Path(temp) / 'store.db'}")
            try:
                rates["insert"].append(timed_upserts(store, articles, args.batch))
                rates["unchanged"].append(timed_upserts(store, articles, args.batch))
                rates["update"].append(timed_upserts(store, changed, args.batch))
                if store.count() != len(articles):
                    raise RuntimeError(f"stored {store.count()} of {len(articles)} articles")
            finally:
                store.close()
    print(f"ArticleStore.upsert on SQLite, {args.articles} articles in batches of {args.batch}, "
          f"median of {args.runs} (min-max), articles/s:")
    for case, values in rates.items():
        print(f"  {case:<10} {statistics.median(values):>8.0f}  ({min(values):.0f}-{max(values):.0f})")
    insert = statistics.median(rates["insert"])
    print(f"insert target >= {TARGET}/s: {'met' if insert >= TARGET else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
