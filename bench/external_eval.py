"""Our parser against trafilatura on trafilatura's own public evaluation set (an unknown layout).

The set lives in trafilatura's repository, ``tests/``: ``evaldata.json`` maps each page URL to
its HTML file (under ``tests/cache/`` or ``tests/eval/``) and to text snippets the extracted
text must contain (``with``) and must not contain (``without``). It is scored the way that
set's own ``tests/eval_common.py`` scores it, reimplemented here so that no third-party code
runs: whitespace-normalised substring matching gives per-page true/false positives/negatives,
summed over the set into precision, recall, accuracy and F-score.

Nothing of the set is committed here: ``bench/fetch_eval_set.sh DEST`` extracts it (see
``bench/extraction.py`` for the commands). This module loads and scores; ``bench/extraction.py
--dataset`` runs it.
"""

from __future__ import annotations

import json
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

# trafilatura's tests/eval_common.py looks a file up in these folders, in this order.
PAGE_FOLDERS = ("cache", "eval")
# evaluate.py's "trafilatura" row: EXTRACT_OPTS with fast=False (the fallback extractors on).
TRAFILATURA_OPTS: dict[str, Any] = {"fast": False, "include_comments": False,
                                    "include_tables": True, "include_formatting": False}
MIN_F_RATIO = 1.0  # issue: our F-score at least trafilatura's, in the same run
MIN_SPEED_RATIO = 1.5  # issue: pages/s at least 1.5× trafilatura's
P = TypeVar("P")


@dataclass(frozen=True)
class EvalPage:
    """One annotated page of the set: where its HTML is and what its text must (not) hold."""

    url: str
    file: str
    path: Path
    with_: tuple[str, ...]
    without: tuple[str, ...]

    def raw(self) -> bytes:
        return self.path.read_bytes()


@dataclass
class EvalSet:
    """The pages found, plus the annotated files whose HTML is absent (skipped, reported)."""

    root: Path
    pages: list[EvalPage]
    missing: list[str]
    source: str = ""
    """The commit the set was extracted from, when ``fetch_eval_set.sh`` recorded it."""


def _annotations_file(path: Path) -> Path:
    """Accept the set's ``tests/`` folder, a repository root holding it, or the JSON itself."""
    for candidate in (path, path / "evaldata.json", path / "tests" / "evaldata.json"):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"no evaldata.json at {path}, {path}/evaldata.json or "
                            f"{path}/tests/evaldata.json (run bench/fetch_eval_set.sh DEST first)")


def _snippets(url: str, item: dict[str, Any], key: str) -> tuple[str, ...]:
    """The ``with``/``without`` list of one entry, refused loudly when malformed (as the set's
    own ``validate`` does), since a silently empty list would score as a perfect page."""
    chunks = item.get(key)
    if not isinstance(chunks, list) or not chunks or \
            not all(isinstance(chunk, str) and chunk.strip() for chunk in chunks):
        raise ValueError(f"{url}: {key!r} must be a non-empty list of non-empty strings")
    return tuple(chunks)


def load_eval_set(path: Path) -> EvalSet:
    """Read the annotations and resolve every page file (``cache/`` first, as the set does)."""
    annotations = _annotations_file(path)
    root = annotations.parent
    data = json.loads(annotations.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not data:
        raise ValueError(f"{annotations}: expected a non-empty JSON object of annotations")
    pages, missing = [], []
    for url in sorted(data):
        item = data[url]
        if not isinstance(item, dict) or not item.get("file"):
            raise ValueError(f"{url}: missing or empty 'file'")
        found = next((root / folder / item["file"] for folder in PAGE_FOLDERS
                      if (root / folder / item["file"]).is_file()), None)
        if found is None:
            missing.append(item["file"])
            continue
        pages.append(EvalPage(url, item["file"], found, _snippets(url, item, "with"),
                              _snippets(url, item, "without")))
    return EvalSet(root, pages, missing, recorded_source(root))


def recorded_source(root: Path) -> str:
    """The commit a set was extracted from, as its fetch script wrote it to ``SOURCE`` ('' when
    the folder was made otherwise): printed with every figure, so a figure names its set."""
    source_file = root / "SOURCE"
    return source_file.read_text(encoding="utf-8").strip() if source_file.is_file() else ""


def norm(text: str) -> str:
    """Whitespace-normalise, as the set does, so line-break differences cost no recall."""
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Confusion:
    """Summed true/false positives/negatives over snippets, the set's ``ConfusionMatrix``."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, other: Confusion) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.tn += other.tn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def accuracy(self) -> float:
        total = self.tp + self.fp + self.fn + self.tn
        return (self.tp + self.tn) / total if total else 0.0

    @property
    def f_score(self) -> float:
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else 0.0

    @property
    def errors(self) -> int:
        """Snippets scored wrong on a page: the ranking key of the worst pages."""
        return self.fp + self.fn


def score_page(page: EvalPage, text: str | None) -> Confusion:
    """Counts of one page: a ``with`` snippet found is a true positive, a ``without`` snippet
    found a false positive; no output (None or empty) finds nothing."""
    found = norm(text) if text else ""
    tp = sum(1 for snippet in page.with_ if found and norm(snippet) in found)
    fp = sum(1 for snippet in page.without if found and norm(snippet) in found)
    return Confusion(tp, fp, len(page.with_) - tp, len(page.without) - fp)


@dataclass
class PageRun:
    """One extractor on one page: its scores, median time and why the output is empty."""

    page: EvalPage
    counts: Confusion
    ms: float
    empty_reason: str = ""
    """"" when there was output; else the refusal, the exception or "no text"."""


@dataclass
class ExtractorRun:
    """One extractor over the whole set."""

    name: str
    pages: list[PageRun] = field(default_factory=list)

    @property
    def total(self) -> Confusion:
        total = Confusion()
        for run in self.pages:
            total.add(run.counts)
        return total

    @property
    def empty(self) -> list[PageRun]:
        return [run for run in self.pages if run.empty_reason]

    @property
    def pages_per_second(self) -> float:
        return pages_per_second([run.ms for run in self.pages])

    @property
    def median_ms(self) -> float:
        return median_ms([run.ms for run in self.pages])


def pages_per_second(ms: Sequence[float]) -> float:
    """Pages over the summed time of ALL pages: slow pages weigh as they do in a crawl."""
    seconds = sum(ms) / 1000
    return len(ms) / seconds if seconds else 0.0


def median_ms(ms: Sequence[float]) -> float:
    return statistics.median(ms) if ms else 0.0


def timed(extract: Callable[[P, str], tuple[str, str]], page: P, html: str, rounds: int
          ) -> tuple[str, str, float]:
    """``extract`` run ``rounds`` times on one page: the first pass's text and why it is
    empty ("no text" for blank output), and the median milliseconds."""
    times, outputs = [], []
    for _ in range(max(rounds, 1)):
        start = time.perf_counter()
        outputs.append(extract(page, html))
        times.append((time.perf_counter() - start) * 1000)
    text, reason = outputs[0]
    return text, reason or ("" if text and text.strip() else "no text"), statistics.median(times)


Extractor = Callable[[EvalPage, str], tuple[str, str]]
"""(page, decoded html) -> (text, why it is empty or ""); never raises for a bad page."""


def run_extractors(pages: Iterable[EvalPage], extractors: Mapping[str, Extractor], rounds: int,
                   decode: Callable[[bytes], str]) -> dict[str, ExtractorRun]:
    """Score each extractor on each page (first pass) and keep the median time of ``rounds``
    passes; extractors alternate page by page so a load spike on the shared machine hits
    both alike."""
    runs = {name: ExtractorRun(name) for name in extractors}
    for page in pages:
        html = decode(page.raw())
        for name, extract in extractors.items():
            text, reason, ms = timed(extract, page, html, rounds)
            runs[name].pages.append(PageRun(page, score_page(page, text), ms, reason))
    return runs


def worst_pages(run: ExtractorRun, count: int, reference: ExtractorRun | None = None) -> list[PageRun]:
    """The pages with the most snippets wrong; on a tie, those the reference extractor gets
    most right first (proof the page can be done), then misses before kept boilerplate."""
    theirs = {r.page.url: r.counts.errors for r in reference.pages} if reference else {}

    def key(r: PageRun) -> tuple[int, int, int, str]:
        gap = r.counts.errors - theirs.get(r.page.url, r.counts.errors)
        return -r.counts.errors, -gap, -r.counts.fn, r.page.file

    return sorted(run.pages, key=key)[:count]


def empty_reasons(run: ExtractorRun) -> list[tuple[int, str]]:
    """Why the output was empty, grouped (quoted values and numbers folded), most frequent
    first: the list a parser author works down."""
    groups = Counter(re.sub(r"\d+", "N", re.sub(r"'[^']*'", "'…'", r.empty_reason))
                     for r in run.empty)
    return [(n, reason) for reason, n in groups.most_common()]


def _percent(value: float) -> str:
    return f"{100 * value:5.1f}%"


def print_table(runs: dict[str, ExtractorRun]) -> None:
    """The comparison table, one row per extractor."""
    print(f"| {'extractor':<15} | {'pages':>5} | {'precision':>9} | {'recall':>7} | "
          f"{'accuracy':>8} | {'F-score':>7} | {'empty':>5} | {'pages/s':>7} | {'median ms':>9} |")
    print(f"|{'-' * 17}|{'-' * 7}|{'-' * 11}|{'-' * 9}|{'-' * 10}|{'-' * 9}|{'-' * 7}|"
          f"{'-' * 9}|{'-' * 11}|")
    for name, run in runs.items():
        total = run.total
        print(f"| {name:<15} | {len(run.pages):>5} | {_percent(total.precision):>9} | "
              f"{_percent(total.recall):>7} | {_percent(total.accuracy):>8} | "
              f"{total.f_score:7.3f} | {len(run.empty):>5} | {run.pages_per_second:7.1f} | "
              f"{run.median_ms:9.2f} |")


def print_misses(ours: ExtractorRun, other: ExtractorRun, worst: int) -> None:
    """Every page where ours gave nothing, then our worst pages beside the other's score."""
    print(f"\n{ours.name}: empty output on {len(ours.empty)} pages:")
    for count, reason in empty_reasons(ours):
        print(f"  {count:4d} × {reason}")
    for run in ours.empty:
        print(f"  {run.page.file}  {run.page.url}\n      {run.empty_reason}")
    theirs = {run.page.url: run for run in other.pages}
    print(f"\n{ours.name}: {worst} worst pages (snippets wrong; with found / without kept; "
          f"{other.name} alongside):")
    for run in worst_pages(ours, worst, other):
        c, t = run.counts, theirs[run.page.url].counts
        note = f"  [{run.empty_reason}]" if run.empty_reason else ""
        print(f"  {c.errors:2d} wrong  with {c.tp}/{c.tp + c.fn} without-kept {c.fp}/{c.fp + c.tn}"
              f"  | {other.name} {t.errors} wrong  {run.page.file}  {run.page.url}{note}")


def check_targets(ours: ExtractorRun, other: ExtractorRun) -> bool:
    """Print the issue's targets as met/missed lines; True unless the F-score target is missed
    (speed on a shared machine is noisy: reported only; the empty-output count is reported
    only too, since the set mixes articles with home, shop and forum pages)."""
    f_ours, f_other = ours.total.f_score, other.total.f_score
    speed = ours.pages_per_second / other.pages_per_second if other.pages_per_second else 0.0
    f_ok = f_ours >= MIN_F_RATIO * f_other
    lines = (
        (f_ok, f"F-score ≥ {other.name}'s: {f_ours:.3f} vs {f_other:.3f}"),
        (not ours.empty, f"no empty output: empty output on {len(ours.empty)} pages (= 0) "
                         "[reported only]"),
        (speed >= MIN_SPEED_RATIO, f"pages/s ≥ {MIN_SPEED_RATIO}× {other.name}'s: {speed:.2f}× "
                                   "[speed: reported only]"),
    )
    print("\nTargets:")
    for ok, text in lines:
        print(f"  {'met   ' if ok else 'MISSED'} {text}")
    return f_ok


def ratios_line(ours: ExtractorRun, other: ExtractorRun) -> str:
    """ours/other for F-score and pages/s, the two figures the issue compares."""
    f_other, s_other = other.total.f_score, other.pages_per_second
    f_ratio = ours.total.f_score / f_other if f_other else 0.0
    s_ratio = ours.pages_per_second / s_other if s_other else 0.0
    return f"{ours.name}/{other.name}: F-score {f_ratio:.3f}×, pages/s {s_ratio:.2f}×"
