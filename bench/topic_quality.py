"""Precision and recall of the built-in topics on the hand-labelled gold articles.

Every gold article (``tests/gold/<case>.json``, listings excluded) is stored in a fresh SQLite
store from its hand-checked JSON, each topic's query is run through the real search index,
and the hits are compared with ``tests/aggregator/search/topic_labels.toml`` (labels decided
by reading the articles; the file says what each topic means).

Usage: ``.venv/bin/python bench/topic_quality.py``
"""

from __future__ import annotations

import json
import sys
import tempfile
import tomllib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from aggregator.schema import Article  # noqa: E402
from aggregator.search.index import SearchFilters  # noqa: E402
from aggregator.search.topics import builtin_topics  # noqa: E402
from aggregator.store import ArticleStore  # noqa: E402

LABELS = REPO / "tests/aggregator/search/topic_labels.toml"
GOLD = REPO / "tests/gold"
TARGET = 0.9


@dataclass(frozen=True, slots=True)
class TopicScore:
    topic: str
    labelled_in: int
    hits: int
    true_positives: int
    false_positives: tuple[str, ...]
    false_negatives: tuple[str, ...]

    @property
    def precision(self) -> float:
        return self.true_positives / self.hits if self.hits else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.labelled_in if self.labelled_in else 1.0


def gold_article(case: str) -> Article:
    data = json.loads((GOLD / f"{case}.json").read_text("utf-8"))
    return Article(id=case, site_id=data["site"]["id"], site_kind=data["site"]["kind"],
                   url=data["url"], title=data["title"], lead=data.get("lead", ""),
                   body_text=data.get("body_text", ""),
                   published=datetime.fromisoformat(data["published"]) if data.get("published")
                   else None,
                   provinces=tuple(data.get("provinces", [])),
                   about_provinces=tuple(data["about_provinces"])
                   if "about_provinces" in data else None)


def score_topics() -> list[TopicScore]:
    labels: dict[str, list[str]] = tomllib.loads(LABELS.read_text("utf-8"))["labels"]
    with tempfile.TemporaryDirectory() as folder:
        store = ArticleStore(f"sqlite:///{folder}/gold.db")
        try:
            store.upsert([gold_article(case) for case in labels])
            scores = []
            for topic in builtin_topics():
                hits = {a.id for a in store.search(topic.query, SearchFilters(
                    provinces=topic.provinces, kinds=topic.kinds, exact_first=False),
                    limit=len(labels) + 1)}
                wanted = {case for case, topics in labels.items() if topic.id in topics}
                scores.append(TopicScore(topic.id, len(wanted), len(hits), len(hits & wanted),
                                         tuple(sorted(hits - wanted)),
                                         tuple(sorted(wanted - hits))))
        finally:
            store.close()
    return scores


def main() -> None:
    scores = score_topics()
    labels = tomllib.loads(LABELS.read_text("utf-8"))["labels"]
    print(f"{len(labels)} hand-labelled gold articles; target >= {TARGET:.0%} each\n")
    print("| topic | labelled in | hits | precision | recall |")
    print("|---|---:|---:|---:|---:|")
    for s in scores:
        print(f"| {s.topic} | {s.labelled_in} | {s.hits} | {s.precision:.1%} | {s.recall:.1%} |")
    for s in scores:
        if s.false_positives or s.false_negatives:
            print(f"\n{s.topic}: wrongly in {list(s.false_positives)}; missed "
                  f"{list(s.false_negatives)}")


if __name__ == "__main__":
    main()
