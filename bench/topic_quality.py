"""Precision and recall of the built-in topics on two hand-labelled sets.

- **tuning set**: the gold articles (``tests/gold/<case>.json``, listings excluded), labelled
  in ``tests/aggregator/search/topic_labels.toml`` (which says what each topic means). The
  topic queries were written and adjusted while looking at this set.
- **held-out set**: ``tests/aggregator/search/topic_samples.json``, short articles written and
  labelled by hand before any query was run on them, never used to adjust the queries.

Each set is stored in a fresh SQLite store, each topic's query is run through the real search
index, and the hits are compared with the labels.

Usage: ``.venv/bin/python bench/topic_quality.py``
"""

from __future__ import annotations

import json
import sys
import tempfile
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from aggregator.schema import Article  # noqa: E402
from aggregator.search.index import SearchFilters  # noqa: E402
from aggregator.search.topics import builtin_topics  # noqa: E402
from aggregator.store import ArticleStore  # noqa: E402

LABELS = REPO / "tests/aggregator/search/topic_labels.toml"
SAMPLES = REPO / "tests/aggregator/search/topic_samples.json"
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


def sample_article(entry: dict[str, object], number: int) -> Article:
    """A held-out sample as the crawler would store it (on a made-up site of its kind)."""
    kind = str(entry["kind"])
    return Article(id=f"sample/{entry['id']}", site_id=f"sample-{kind}",
                   site_kind=kind,  # type: ignore[arg-type]
                   url=f"https://sample.example.vn/{entry['id']}.html", title=str(entry["title"]),
                   lead=str(entry["lead"]), body_text=str(entry["body"]),
                   published=datetime(2025, 11, 1, tzinfo=UTC) + timedelta(hours=number))


def tuning_set() -> tuple[list[Article], dict[str, list[str]]]:
    labels: dict[str, list[str]] = tomllib.loads(LABELS.read_text("utf-8"))["labels"]
    return [gold_article(case) for case in labels], labels


def held_out_set() -> tuple[list[Article], dict[str, list[str]]]:
    entries = json.loads(SAMPLES.read_text("utf-8"))["articles"]
    articles = [sample_article(entry, number) for number, entry in enumerate(entries)]
    return articles, {a.id: list(e["topics"]) for a, e in zip(articles, entries, strict=True)}


def score_topics(articles: list[Article] | None = None,
                 labels: dict[str, list[str]] | None = None) -> list[TopicScore]:
    """Each built-in topic's score on ``articles`` (default: the tuning set)."""
    if articles is None or labels is None:
        articles, labels = tuning_set()
    with tempfile.TemporaryDirectory() as folder:
        store = ArticleStore(f"sqlite:///{folder}/topics.db")
        try:
            store.upsert(articles)
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


def _report(title: str, scores: list[TopicScore]) -> None:
    print(f"{title}; target >= {TARGET:.0%} each\n")
    print("| topic | labelled in | hits | precision | recall |")
    print("|---|---:|---:|---:|---:|")
    for s in scores:
        print(f"| {s.topic} | {s.labelled_in} | {s.hits} | {s.precision:.1%} | {s.recall:.1%} |")
    for s in scores:
        if s.false_positives or s.false_negatives:
            print(f"\n{s.topic}: wrongly in {list(s.false_positives)}; missed "
                  f"{list(s.false_negatives)}")
    print()


def main() -> None:
    articles, labels = tuning_set()
    _report(f"tuning set: {len(labels)} gold articles", score_topics(articles, labels))
    articles, labels = held_out_set()
    _report(f"held-out set: {len(labels)} sample articles", score_topics(articles, labels))


if __name__ == "__main__":
    main()
