"""Precision and recall of the built-in topics on hand-labelled sets.

Tuning sets (the topic queries were written and adjusted while looking at them, so their
figures flatter the queries):

- **gold**: the gold articles (``tests/gold/<case>.json``, listings excluded), labelled in
  ``tests/aggregator/search/topic_labels.toml`` (which says what each topic means);
- **tuning samples**: ``tests/aggregator/search/topic_tuning_samples.json``,
  ``topic_tuning_samples_2.json`` and so on, short articles written
  and labelled by hand before any query was run on them. Each was the held-out set of an
  earlier round; once its misses had been read, it became tuning data.

Held-out set (the figures to expect on new articles):

- **held-out**: ``tests/aggregator/search/topic_held_out_<N>.json``, short articles written
  and labelled by someone who had not seen the queries, committed before the queries of the
  round were, and scored once after they were committed. ``--tuning-only`` leaves it out (and
  runs without it, before it exists): run so while adjusting a query, so that its per-article
  results are never seen.

Each set is stored in a fresh SQLite store, each topic's members are selected as its feed
selects them (``aggregator.search.topic_membership.topic_articles``: the query through the real
search index, then the "about the topic" check), and compared with the labels.

Pooled figures (``--pooled``): one article moves a set of 100's figure by 3-8 points, so the
held-out sets are also summed per topic, each with the counts it had when it was first scored
(the queries of its own round, before its errors were read), as recorded round by round in
``tests/aggregator/search/topic_round_figures.json``; printed for the sets from 14 on (written
without a request for hard cases) and from 31 on, with the lower end of each figure's 95 %
Wilson interval. It reads the record only: no set is scored.

Usage: ``.venv/bin/python bench/topic_quality.py [--tuning-only | --pooled]``
"""

from __future__ import annotations

import functools
import json
import math
import sys
import tempfile
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from aggregator.schema import Article  # noqa: E402
from aggregator.search.topic_membership import topic_articles  # noqa: E402
from aggregator.search.topics import builtin_topics  # noqa: E402
from aggregator.store import ArticleStore  # noqa: E402

LABELS = REPO / "tests/aggregator/search/topic_labels.toml"
SAMPLES = REPO / "tests/aggregator/search"
ROUND_FIGURES = SAMPLES / "topic_round_figures.json"
POOLED_FROM = (14, 31)
"""The first rounds pooled: sets 14 on were written without a request for hard cases; 31 on
are the latest rounds."""


def _round(path: Path) -> int:
    """The number in a set's file name ("topic_tuning_samples_7.json" -> 7; the first has none)."""
    return int(path.stem.rpartition("_")[2]) if path.stem[-1].isdigit() else 1


TUNING_SAMPLES = tuple(sorted(SAMPLES.glob("topic_tuning_samples*.json"), key=_round))
"""Samples 1, 2 ..., in the order they were held out: a round renames its held-out file to the
next tuning file and adds the next held-out file, with no edit here."""
HELD_OUT = max(SAMPLES.glob("topic_held_out_*.json"), key=_round,
               default=SAMPLES / f"topic_held_out_{len(TUNING_SAMPLES) + 1}.json")
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
    """A hand-written sample as the crawler would store it (on a made-up site of its kind)."""
    kind = str(entry["kind"])
    return Article(id=f"sample/{entry['id']}", site_id=f"sample-{kind}",
                   site_kind=kind,  # type: ignore[arg-type]
                   url=f"https://sample.example.vn/{entry['id']}.html", title=str(entry["title"]),
                   lead=str(entry["lead"]), body_text=str(entry["body"]),
                   published=datetime(2025, 11, 1, tzinfo=UTC) + timedelta(hours=number))


LabelledSet = tuple[list[Article], dict[str, list[str]]]


def gold_set() -> LabelledSet:
    labels: dict[str, list[str]] = tomllib.loads(LABELS.read_text("utf-8"))["labels"]
    return [gold_article(case) for case in labels], labels


def _samples(path: Path) -> LabelledSet:
    entries = json.loads(path.read_text("utf-8"))["articles"]
    articles = [sample_article(entry, number) for number, entry in enumerate(entries)]
    return articles, {a.id: list(e["topics"]) for a, e in zip(articles, entries, strict=True)}


def held_out_set() -> LabelledSet:
    if not HELD_OUT.exists():
        raise SystemExit(f"{HELD_OUT.relative_to(REPO)} is not there yet: run with --tuning-only")
    return _samples(HELD_OUT)


def labelled_sets(*, tuning_only: bool = False) -> dict[str, Callable[[], LabelledSet]]:
    """Each set's loader by name ("gold", "samples 1", "samples 2" ..., "held-out"), in the
    order the report shows them; without the held-out set when ``tuning_only``."""
    sets: dict[str, Callable[[], LabelledSet]] = {"gold": gold_set}
    sets.update((f"samples {number}", functools.partial(_samples, path))
                for number, path in enumerate(TUNING_SAMPLES, 1))
    if not tuning_only:
        sets["held-out"] = held_out_set
    return sets


def score_topics(articles: list[Article], labels: dict[str, list[str]]) -> list[TopicScore]:
    """Each built-in topic's score on ``articles`` labelled with ``labels``."""
    with tempfile.TemporaryDirectory() as folder:
        store = ArticleStore(f"sqlite:///{folder}/topics.db")
        try:
            store.upsert(articles)
            scores = []
            for topic in builtin_topics():
                hits = {a.id for a in topic_articles(store, topic, limit=len(labels) + 1)}
                wanted = {case for case, topics in labels.items() if topic.id in topics}
                scores.append(TopicScore(topic.id, len(wanted), len(hits), len(hits & wanted),
                                         tuple(sorted(hits - wanted)),
                                         tuple(sorted(wanted - hits))))
        finally:
            store.close()
    return scores


def round_figures() -> dict[int, dict[str, tuple[int, int, int]]]:
    """Each held-out set's counts per topic as first scored: (labelled in, hits, true
    positives), by round."""
    rounds = json.loads(ROUND_FIGURES.read_text("utf-8"))["rounds"]
    return {int(number): {topic: (counts[0], counts[1], counts[2])
                          for topic, counts in topics.items()}
            for number, topics in rounds.items()}


def pooled(figures: dict[int, dict[str, tuple[int, int, int]]], first_round: int
           ) -> list[TopicScore]:
    """Each topic's counts summed over the held-out sets of ``first_round`` on."""
    sums: dict[str, list[int]] = {}
    for number, topics in sorted(figures.items()):
        if number >= first_round:
            for topic, counts in topics.items():
                total = sums.setdefault(topic, [0, 0, 0])
                for position, value in enumerate(counts):
                    total[position] += value
    return [TopicScore(topic, labelled_in, hits, true_positives, (), ())
            for topic, (labelled_in, hits, true_positives) in sums.items()]


def wilson_lower(successes: int, trials: int, z: float = 1.96) -> float:
    """The lower end of the Wilson score interval (95 % by default) of ``successes/trials``:
    how low the figure may really be, given how few articles it rests on."""
    if not trials:
        return 0.0
    share = successes / trials
    centre = share + z * z / (2 * trials)
    spread = z * math.sqrt(share * (1 - share) / trials + z * z / (4 * trials * trials))
    return (centre - spread) / (1 + z * z / trials)


def _report_pooled(figures: dict[int, dict[str, tuple[int, int, int]]]) -> None:
    for first in POOLED_FROM:
        rounds = [number for number in figures if number >= first]
        print(f"POOLED held-out sets {first}-{max(rounds)} ({len(rounds)} sets, each as first "
              f"scored); target >= {TARGET:.0%} each\n")
        print("| topic | labelled in | hits | precision (95 % low) | recall (95 % low) |")
        print("|---|---:|---:|---:|---:|")
        for s in pooled(figures, first):
            print(f"| {s.topic} | {s.labelled_in} | {s.hits} | {s.precision:.1%} "
                  f"({wilson_lower(s.true_positives, s.hits):.1%}) | {s.recall:.1%} "
                  f"({wilson_lower(s.true_positives, s.labelled_in):.1%}) |")
        print()


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
    if "--pooled" in sys.argv[1:]:
        _report_pooled(round_figures())
        return
    for name, labelled in labelled_sets(tuning_only="--tuning-only" in sys.argv[1:]).items():
        articles, labels = labelled()
        title = ("HELD-OUT set (samples never used to adjust the queries)" if name == "held-out"
                 else f"TUNING set ({name})")
        _report(f"{title}: {len(labels)} articles", score_topics(articles, labels))


if __name__ == "__main__":
    main()
