"""Our parser against trafilatura on ScrapingHub's (Zyte's) public article-extraction-benchmark.

The set (github.com/scrapinghub/article-extraction-benchmark): 181 article pages of English
and other news sites and blogs, ``html/<key>.html.gz``, with the hand-made ``articleBody`` of
each in ``ground-truth.json``. It is the "181-page benchmark" issue #12 was filed on (body F1
0.92 against trafilatura's 0.96 then), and no rule of ours was tuned on it before its first
score was recorded.

Scored the way that set's own ``evaluate.py`` scores it, reimplemented here so that no
third-party code runs: both texts are cut into ``\\w+`` tokens, then into shingles of 4
consecutive tokens; per page, true/false positives/negatives are the shingle counts in common,
only predicted, only expected, normalised to sum to 1 (a long article weighs as much as a
short one); precision and recall are the means over pages (a page with no predicted shingle
is left out of precision, as there); F1 is their harmonic mean; accuracy is the share of pages
whose token lists are equal. The ± figures are the standard deviation over bootstrap
resamples of the pages, as there (seeded here, so a rerun prints the same figures).

Nothing of the set is committed: ``bench/fetch_article_benchmark.sh DEST`` extracts it, and
``bench/extraction.py --dataset DEST`` runs it.
"""

from __future__ import annotations

import gzip
import json
import math
import random
import re
import statistics
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.external_eval import median_ms, pages_per_second, recorded_source, timed

SHINGLE_SIZE = 4  # evaluate.py's ngram_n
BOOTSTRAP_SAMPLES = 1000  # evaluate.py's --n-bootstrap default
_TOKEN = re.compile(r"\w+", re.UNICODE)
GROUND_TRUTH = "ground-truth.json"


@dataclass(frozen=True)
class BenchmarkPage:
    """One page of the set: its key (the file's stem), URL, gzipped HTML and expected body."""

    key: str
    url: str
    path: Path
    expected: str

    @property
    def file(self) -> str:
        return self.path.name

    def raw(self) -> bytes:
        return gzip.decompress(self.path.read_bytes())


@dataclass
class Benchmark:
    root: Path
    pages: list[BenchmarkPage]
    missing: list[str]
    source: str = ""
    """The commit the set was extracted from, when ``fetch_article_benchmark.sh`` recorded it."""


def is_article_benchmark(path: Path) -> bool:
    """Whether ``path`` is this set's folder (rather than trafilatura's ``tests/``)."""
    return (path / GROUND_TRUTH).is_file()


def load_benchmark(path: Path) -> Benchmark:
    """Read ``ground-truth.json`` and find each key's ``html/<key>.html.gz``; an entry without
    a URL or an ``articleBody`` string is refused loudly (scoring it would be meaningless)."""
    data = json.loads((path / GROUND_TRUTH).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not data:
        raise ValueError(f"{path / GROUND_TRUTH}: expected a non-empty JSON object")
    pages, missing = [], []
    for key in sorted(data):
        item = data[key]
        if not isinstance(item, dict) or not isinstance(item.get("articleBody"), str) \
                or not item.get("url"):
            raise ValueError(f"{key}: needs 'url' and an 'articleBody' string")
        html = path / "html" / f"{key}.html.gz"
        if html.is_file():
            pages.append(BenchmarkPage(key, item["url"], html, item["articleBody"]))
        else:
            missing.append(html.name)
    return Benchmark(path, pages, missing, recorded_source(path))


Counts = tuple[float, float, float]
"""A page's normalised (true positive, false positive, false negative) shingle counts."""


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    # Like evaluate.py: a text shorter than a shingle is one shorter shingle, an empty one none.
    words = tokens(text)
    return Counter(tuple(words[i:i + SHINGLE_SIZE])
                   for i in range(max(1, len(words) - SHINGLE_SIZE + 1)) if words[i:i + SHINGLE_SIZE])


def shingle_counts(expected: str, predicted: str) -> Counts:
    """evaluate.py's ``string_shingle_matching``."""
    want, got = _shingles(expected), _shingles(predicted)
    tp = fp = fn = 0
    for shingle in want.keys() | got.keys():
        tp += min(want[shingle], got[shingle])
        fp += max(0, got[shingle] - want[shingle])
        fn += max(0, want[shingle] - got[shingle])
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


@dataclass(frozen=True)
class Metrics:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def metrics(counts: Sequence[Counts]) -> Metrics:
    """evaluate.py's ``metrics_from_tp_fp_fns``: means over pages, F1 of the means."""
    precisions = [_precision(*c) for c in counts if c[0] + c[1] > 0]
    recalls = [_recall(*c) for c in counts if c[0] + c[2] > 0]
    return Metrics(_mean(precisions), _mean(recalls))


def _mean(values: Sequence[float]) -> float:
    # Not statistics.mean: its exact fractions made the bootstrap's million means take minutes.
    return math.fsum(values) / len(values) if values else 0.0


@dataclass
class PageResult:
    page: BenchmarkPage
    text: str
    counts: Counts
    ms: float
    empty_reason: str = ""
    exact: bool = field(init=False)
    """Whether the tokens equal the expected ones (evaluate.py's accuracy), taken once: the
    bootstrap reads it a thousand times per page."""

    def __post_init__(self) -> None:
        self.exact = tokens(self.text) == tokens(self.page.expected)

    @property
    def f1(self) -> float:
        return metrics([self.counts]).f1


@dataclass
class BenchmarkRun:
    """One extractor over the set."""

    name: str
    pages: list[PageResult] = field(default_factory=list)

    @property
    def scores(self) -> Metrics:
        return metrics([result.counts for result in self.pages])

    @property
    def accuracy(self) -> float:
        return _mean([result.exact for result in self.pages])

    @property
    def empty(self) -> list[PageResult]:
        return [result for result in self.pages if result.empty_reason]

    @property
    def pages_per_second(self) -> float:
        return pages_per_second([result.ms for result in self.pages])

    @property
    def median_ms(self) -> float:
        return median_ms([result.ms for result in self.pages])

    def spread(self, samples: int = BOOTSTRAP_SAMPLES, seed: int = 0) -> dict[str, float]:
        """Standard deviations of F1, precision, recall and accuracy over bootstrap resamples
        of the pages (evaluate.py's ± figures)."""
        rng = random.Random(seed)
        drawn: dict[str, list[float]] = {"f1": [], "precision": [], "recall": [], "accuracy": []}
        n = len(self.pages)
        for _ in range(samples if n else 0):
            picked = [self.pages[rng.randrange(n)] for _ in range(n)]
            sample = metrics([result.counts for result in picked])
            drawn["f1"].append(sample.f1)
            drawn["precision"].append(sample.precision)
            drawn["recall"].append(sample.recall)
            drawn["accuracy"].append(_mean([result.exact for result in picked]))
        return {name: statistics.stdev(values) if len(values) > 1 else 0.0
                for name, values in drawn.items()}


Extractor = Callable[[BenchmarkPage, str], tuple[str, str]]
"""(page, decoded html) -> (text, why it is empty or ""); never raises for a bad page."""


def run_extractors(pages: Sequence[BenchmarkPage], extractors: Mapping[str, Extractor],
                   rounds: int, decode: Callable[[bytes], str]) -> dict[str, BenchmarkRun]:
    """Score each extractor on each page (first pass), keeping the median time of ``rounds``
    passes; extractors alternate page by page so a load spike hits both alike."""
    runs = {name: BenchmarkRun(name) for name in extractors}
    for page in pages:
        html = decode(page.raw())
        for name, extract in extractors.items():
            text, reason, ms = timed(extract, page, html, rounds)
            runs[name].pages.append(PageResult(page, text, shingle_counts(page.expected, text),
                                               ms, reason))
    return runs


def print_table(runs: Mapping[str, BenchmarkRun]) -> None:
    """The comparison table, one row per extractor, in evaluate.py's ``value ± std`` form."""
    print(f"| {'extractor':<15} | {'pages':>5} | {'F1':^13} | {'precision':^13} | "
          f"{'recall':^13} | {'accuracy':^13} | {'empty':>5} | {'pages/s':>7} | {'median ms':>9} |")
    print(f"|{'-' * 17}|{'-' * 7}|{'-' * 15}|{'-' * 15}|{'-' * 15}|{'-' * 15}|{'-' * 7}|"
          f"{'-' * 9}|{'-' * 11}|")
    for name, run in runs.items():
        scores, spread = run.scores, run.spread()
        cells = [f"{value:.3f} ± {spread[key]:.3f}" for key, value in
                 (("f1", scores.f1), ("precision", scores.precision),
                  ("recall", scores.recall), ("accuracy", run.accuracy))]
        print(f"| {name:<15} | {len(run.pages):>5} | " + " | ".join(cells) +
              f" | {len(run.empty):>5} | {run.pages_per_second:7.1f} | {run.median_ms:9.2f} |")


def print_misses(ours: BenchmarkRun, other: BenchmarkRun, worst: int) -> None:
    """Our empty outputs, then the pages where ours trails the other extractor most."""
    print(f"\n{ours.name}: empty output on {len(ours.empty)} pages:")
    for result in ours.empty:
        print(f"  {result.page.key[:12]}  {result.page.url}\n      {result.empty_reason}")
    theirs = {result.page.key: result for result in other.pages}
    ranked = sorted(ours.pages, key=lambda r: (r.f1 - theirs[r.page.key].f1, r.f1))[:worst]
    print(f"\n{ours.name}: {worst} pages furthest below {other.name} (F1 ours / theirs, "
          "shingle precision, recall):")
    for result in ranked:
        tp, fp, fn = result.counts
        print(f"  {result.f1:.3f} / {theirs[result.page.key].f1:.3f}  "
              f"P {_precision(tp, fp, fn):.2f} R {_recall(tp, fp, fn):.2f}  "
              f"{result.page.key[:12]}  {result.page.url}")


def check_targets(ours: BenchmarkRun, other: BenchmarkRun) -> bool:
    """The issue's targets as met/missed lines; True unless our F1 is below the other's
    (speed and empty outputs are reported only, as on trafilatura's set)."""
    f_ours, f_other = ours.scores.f1, other.scores.f1
    speed = ours.pages_per_second / other.pages_per_second if other.pages_per_second else 0.0
    lines = (
        (f_ours >= f_other, f"F1 ≥ {other.name}'s: {f_ours:.3f} vs {f_other:.3f}"),
        (not ours.empty, f"no empty output: {len(ours.empty)} pages [reported only]"),
        (speed >= 1.5, f"pages/s ≥ 1.5× {other.name}'s: {speed:.2f}× [reported only]"),
    )
    print("\nTargets:")
    for ok, text in lines:
        print(f"  {'met   ' if ok else 'MISSED'} {text}")
    return f_ours >= f_other
