"""Precision and recall of province-feed membership on the hand-labelled gold set.

Every gold page (tests/gold/*/*.json) with an ``about_provinces`` key says, by hand, which
provinces' feeds it belongs in (the site's own province, plus the units the story is about; see
:mod:`aggregator.province_relevance`). The unit of measure is a (page, province feed) pair:

- precision = pairs we put in a feed that the label puts there / pairs we put in a feed;
- recall = pairs we put in a feed that the label puts there / pairs the label puts in a feed.

Printed for our rule and, for comparison, for the old rule (every unit named anywhere, i.e.
``Article.provinces``), over all pairs and over the pairs of *other* provinces only (the site's
own province is always right, and dominates the totals).

By default the rule runs on the hand-checked text of each page (title, lead, body_text of the
JSON), so the figures measure the rule and the tagger, not the parser (the gold test holds the
parser to that text). ``--parsed`` runs the real chain instead: ``parse_article`` on the saved
page, then the rule on what it extracted.

Usage: ``.venv/bin/python bench/province_feeds.py [--gold DIR] [--parsed] [--show-misses]``.
Exit status 1 when precision or recall of our rule is below :data:`TARGET`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script: import from the repository root, as the tests do.
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from aggregator.parsing.gold import GoldCase, load_gold_set
from aggregator.province_relevance import about_provinces
from aggregator.province_tagger import tag_provinces

REPO = Path(__file__).resolve().parents[1]
LABEL_KEY = "about_provinces"
TARGET = 0.95
"""Issue #13: precision and recall of province-feed membership, each at least this."""


@dataclass
class Score:
    """Pair counts of one rule; ``misses`` lists (case, slug, "extra"/"missing")."""

    predicted: int = 0
    labelled: int = 0
    correct: int = 0
    misses: list[tuple[str, str, str]] = field(default_factory=list)

    def add(self, case_id: str, predicted: Iterable[str], labelled: Iterable[str]) -> None:
        got, want = set(predicted), set(labelled)
        self.predicted += len(got)
        self.labelled += len(want)
        self.correct += len(got & want)
        self.misses += [(case_id, slug, "extra") for slug in sorted(got - want)]
        self.misses += [(case_id, slug, "missing") for slug in sorted(want - got)]

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.labelled if self.labelled else 1.0


@dataclass
class Report:
    pages: int = 0
    unlabelled: list[str] = field(default_factory=list)
    ours: Score = field(default_factory=Score)
    ours_other: Score = field(default_factory=Score)
    mentions: Score = field(default_factory=Score)
    mentions_other: Score = field(default_factory=Score)


Texts = Callable[[GoldCase], tuple[str, str, str]]


def gold_texts(case: GoldCase) -> tuple[str, str, str]:
    expected = case.expected
    return expected["title"], expected["lead"], expected["body_text"]


def parsed_texts(case: GoldCase) -> tuple[str, str, str]:
    article = case.parse()
    return article.title, article.lead, article.body_text


def measure(gold: Path, texts: Texts = gold_texts) -> Report:
    """Score every labelled article page under ``gold``."""
    report = Report()
    for case in load_gold_set(gold):
        if not case.is_article:
            continue
        if LABEL_KEY not in case.expected:
            report.unlabelled.append(case.case_id)
            continue
        report.pages += 1
        own = case.site.province if case.site is not None else None
        title, lead, body = texts(case)
        labelled = case.expected[LABEL_KEY]
        ours = about_provinces(title, lead, body, own=own)
        named = tag_provinces(f"{title}\n{lead}\n{body}", primary=own)
        others = [slug for slug in labelled if slug != own]
        for score, other, predicted in ((report.ours, report.ours_other, ours),
                                        (report.mentions, report.mentions_other, named)):
            score.add(case.case_id, predicted, labelled)
            other.add(case.case_id, [slug for slug in predicted if slug != own], others)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--gold", type=Path, default=REPO / "tests" / "gold")
    parser.add_argument("--parsed", action="store_true",
                        help="run the parser on the saved pages instead of using the gold text")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args(argv)
    report = measure(args.gold, parsed_texts if args.parsed else gold_texts)
    print(f"{report.pages} labelled pages ({'parsed' if args.parsed else 'gold text'}); "
          f"{len(report.unlabelled)} gold page(s) without {LABEL_KEY!r}")
    print(f"{'rule':44} {'labelled pairs':>14} {'precision':>10} {'recall':>8}")
    rows = (("aboutness (ours), all feeds", report.ours),
            ("aboutness (ours), other provinces only", report.ours_other),
            ("every unit named (old rule), all feeds", report.mentions),
            ("every unit named (old rule), other only", report.mentions_other))
    for label, score in rows:
        print(f"{label:44} {score.labelled:>14} {score.precision:>10.1%} {score.recall:>8.1%}")
    if args.show_misses:
        for case_id, slug, kind in report.ours.misses:
            print(f"  {kind:8} {slug:14} {case_id}")
    met = min(report.ours.precision, report.ours.recall) >= TARGET
    print(f"target: precision and recall >= {TARGET:.0%}: {'met' if met else 'MISSED'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
