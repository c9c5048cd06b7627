"""Our publication date against htmldate's on htmldate's own public date evaluation set.

The set (github.com/adbar/htmldate, ``tests/``): 1000 pages at adbar/htmldate@b895282, of news
sites, blogs, forums and institutions in many languages, annotated in ``eval_default.json``
(800, the BBAW collection, mostly German) and ``eval_mediacloud_2020.json`` (200, Media Cloud's
worldwide news of 2020), each as ``{url: {"file": ..., "date": "YYYY-MM-DD"}}``; the pages are
under ``test_set/``, ``cache/`` or ``eval/``. A single day is the unit: only the date counts,
not the time.

Scored the way that set's own ``tests/evaluation.py`` and ``comparison.py`` score it,
reimplemented here so that no third-party code runs: per page, no result is a false negative
(and also a true negative when the reference is null); a result is a true positive when it
equals the reference and a false positive otherwise; summed over the set into precision
tp/(tp+fp), recall tp/(tp+fn), accuracy (tp+tn)/all and F1 2tp/(2tp+fp+fn).

One quirk is kept on purpose: ``eval_mediacloud_2020.json`` writes ``NaN`` (pandas' missing
value) for its 5 undated pages, which Python reads as a float, not ``None``; the set's
``evaluate_result`` therefore scores no result there as a false negative only and any result as
a false positive. Those pages are loaded as :data:`NAN_DATE` so the figures stay comparable
with the ones htmldate publishes.

Nothing of the set is committed: ``bench/fetch_date_benchmark.sh DEST`` extracts it, and
``bench/extraction.py --dataset DEST`` runs it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

from bench.external_eval import Confusion, median_ms, pages_per_second, recorded_source, timed

# evaluation.py's eval_paths, in its order: it merges them with dict.update, so a URL in both
# would take the later file's entry.
ANNOTATIONS = ("eval_mediacloud_2020.json", "eval_default.json")
# evaluation.py's load_document looks a file up in these folders, in this order.
PAGE_FOLDERS = ("test_set", "cache", "eval")
NAN_DATE = "NaN"
"""The reference of a page annotated ``NaN``: not ``None`` and equal to no date, as there."""
NO_RESULT = ""
"""What an extractor returns when it finds no date (the set's ``None``)."""


@dataclass(frozen=True)
class DatePage:
    """One annotated page: where its HTML is and its reference date (``YYYY-MM-DD``, ``None``
    for an undated page, or :data:`NAN_DATE`)."""

    url: str
    file: str
    path: Path
    expected: str | None

    def raw(self) -> bytes:
        return self.path.read_bytes()


@dataclass
class DateSet:
    """The pages found, plus the annotated files whose HTML is absent (skipped, reported)."""

    root: Path
    pages: list[DatePage]
    missing: list[str]
    source: str = ""
    """The commit the set was extracted from, when ``fetch_date_benchmark.sh`` recorded it."""


def is_date_benchmark(path: Path) -> bool:
    """Whether ``path`` is this set's folder (one annotation file is enough to say so; the
    loader then insists on both)."""
    return any((path / name).is_file() for name in ANNOTATIONS)


def _reference(url: str, item: Any) -> str | None:
    """An entry's reference date, refused loudly when malformed: a reference no extractor can
    equal would silently score every answer as wrong."""
    if not isinstance(item, dict) or not isinstance(item.get("file"), str) or not item["file"]:
        raise ValueError(f"{url}: needs a non-empty 'file' string")
    if "date" not in item:
        raise ValueError(f"{url}: needs a 'date' (YYYY-MM-DD, null or NaN)")
    value = item["date"]
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return NAN_DATE
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise ValueError(f"{url}: 'date' must be YYYY-MM-DD, null or NaN, not {value!r}")


def load_date_set(path: Path) -> DateSet:
    """Read both annotation files (merged as the set merges them) and resolve every page file
    (``test_set/`` first, then ``cache/``, then ``eval/``, as the set does)."""
    entries: dict[str, Any] = {}
    for name in ANNOTATIONS:
        annotations = path / name
        if not annotations.is_file():
            raise FileNotFoundError(f"no {name} in {path} (the set needs both {' and '.join(ANNOTATIONS)}; "
                                    "run bench/fetch_date_benchmark.sh DEST first)")
        data = json.loads(annotations.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not data:
            raise ValueError(f"{annotations}: expected a non-empty JSON object of annotations")
        entries.update(data)
    pages, missing = [], []
    for url, item in entries.items():
        expected = _reference(url, item)
        found = next((path / folder / item["file"] for folder in PAGE_FOLDERS
                      if (path / folder / item["file"]).is_file()), None)
        if found is None:
            missing.append(item["file"])
        else:
            pages.append(DatePage(url, item["file"], found, expected))
    return DateSet(path, pages, missing, recorded_source(path))


def evaluate_result(result: str | None, expected: str | None) -> Confusion:
    """evaluation.py's ``evaluate_result``: (tp, fp, tn, fn) of one page."""
    if result is None:
        return Confusion(tn=1, fn=1) if expected is None else Confusion(fn=1)
    return Confusion(tp=1) if result == expected else Confusion(fp=1)


@dataclass
class PageResult:
    page: DatePage
    found: str | None
    """The date the extractor returned (``YYYY-MM-DD``), None when it found none."""
    ms: float
    reason: str = ""
    """Why there is no result: "refused: ...", "error: ..." or "no date found"."""
    counts: Confusion = field(init=False)

    def __post_init__(self) -> None:
        self.counts = evaluate_result(self.found, self.page.expected)

    @property
    def right(self) -> bool:
        return self.counts.tp == 1

    @property
    def refused(self) -> bool:
        return self.reason.startswith("refused")


@dataclass
class DateRun:
    """One extractor over the set."""

    name: str
    pages: list[PageResult] = field(default_factory=list)

    @property
    def confusion(self) -> Confusion:
        total = Confusion()
        for result in self.pages:
            total.add(result.counts)
        return total

    @property
    def no_result(self) -> list[PageResult]:
        return [result for result in self.pages if result.found is None]

    @property
    def refusals(self) -> list[PageResult]:
        return [result for result in self.pages if result.refused]

    @property
    def pages_per_second(self) -> float:
        return pages_per_second([result.ms for result in self.pages])

    @property
    def median_ms(self) -> float:
        return median_ms([result.ms for result in self.pages])


Extractor = Callable[[DatePage, str], tuple[str, str]]
"""(page, decoded html) -> (date ``YYYY-MM-DD`` or :data:`NO_RESULT`, why there is none or "");
never raises for a bad page."""


def run_extractors(pages: Iterable[DatePage], extractors: Mapping[str, Extractor], rounds: int,
                   decode: Callable[[bytes], str]) -> dict[str, DateRun]:
    """Score each extractor on each page (first pass), keeping the median time of ``rounds``
    passes; each page is decoded once, untimed, and extractors alternate page by page so a load
    spike on the shared machine hits them all alike."""
    runs = {name: DateRun(name) for name in extractors}
    for page in pages:
        html = decode(page.raw())
        for name, extract in extractors.items():
            found, reason, ms = timed(extract, page, html, rounds)
            if found:
                runs[name].pages.append(PageResult(page, found, ms))
            else:
                runs[name].pages.append(PageResult(page, None, ms,
                                                   "no date found" if reason == "no text" else reason))
    return runs


def print_table(runs: Mapping[str, DateRun]) -> None:
    """The comparison table, one row per extractor, with the set's four figures and counts."""
    print(f"| {'extractor':<18} | {'pages':>5} | {'precision':>9} | {'recall':>6} | "
          f"{'accuracy':>8} | {'F1':>5} | {'tp/fp/tn/fn':>15} | {'no date':>7} | {'refused':>7} | "
          f"{'pages/s':>7} | {'median ms':>9} |")
    print(f"|{'-' * 20}|{'-' * 7}|{'-' * 11}|{'-' * 8}|{'-' * 10}|{'-' * 7}|{'-' * 17}|{'-' * 9}|"
          f"{'-' * 9}|{'-' * 9}|{'-' * 11}|")
    for name, run in runs.items():
        c = run.confusion
        counts = f"{c.tp}/{c.fp}/{c.tn}/{c.fn}"
        print(f"| {name:<18} | {len(run.pages):>5} | {c.precision:9.3f} | {c.recall:6.3f} | "
              f"{c.accuracy:8.3f} | {c.f_score:5.3f} | {counts:>15} | {len(run.no_result):>7} | "
              f"{len(run.refusals):>7} | {run.pages_per_second:7.1f} | {run.median_ms:9.2f} |")


def ranking_line(runs: Mapping[str, DateRun]) -> str:
    """Which extractor is better by the set's own measure, its F1 (ties keep the table order)."""
    ranked = sorted(runs.values(), key=lambda run: -run.confusion.f_score)
    line = f"By the set's F1: {ranked[0].name} {ranked[0].confusion.f_score:.3f}" if ranked else ""
    for better, run in pairwise(ranked):
        tie = run.confusion.f_score == better.confusion.f_score
        line += f" {'=' if tie else '>'} {run.name} {run.confusion.f_score:.3f}"
    return line


def check_targets(ours: DateRun, other: DateRun) -> bool:
    """The target as a met/missed line; True unless our F1 is below the other's (refusals and
    speed are reported only, as on the other sets)."""
    f_ours, f_other = ours.confusion.f_score, other.confusion.f_score
    speed = ours.pages_per_second / other.pages_per_second if other.pages_per_second else 0.0
    lines = (
        (f_ours >= f_other, f"F1 ≥ {other.name}'s: {f_ours:.3f} vs {f_other:.3f}"),
        (not ours.refusals, f"no page refused as not an article: {len(ours.refusals)} pages "
                            "[reported only]"),
        (speed >= 1.0, f"pages/s ≥ {other.name}'s: {speed:.2f}× [reported only]"),
    )
    print("\nTargets:")
    for ok, text in lines:
        print(f"  {'met   ' if ok else 'MISSED'} {text}")
    return f_ours >= f_other


def _days_off(result: PageResult) -> int:
    """How far a wrong date is from the reference (0 when there is nothing to compare)."""
    if result.found is None or result.page.expected in (None, NAN_DATE):
        return 0
    return abs((date.fromisoformat(result.found) - date.fromisoformat(str(result.page.expected))).days)


def worst_misses(ours: DateRun, others: Sequence[DateRun]) -> list[PageResult]:
    """Our wrong pages, worst first: those the most other extractors got right, then a wrong
    date before no date (a wrong date is a silent error in a feed, a missing one is visible),
    then the furthest from the reference."""
    right = {run.name: {result.page.url for result in run.pages if result.right} for run in others}

    def badness(result: PageResult) -> tuple[int, int, int, str]:
        beaten_by = sum(result.page.url in urls for urls in right.values())
        return (-beaten_by, result.found is None, -_days_off(result), result.page.file)

    return sorted((result for result in ours.pages if not result.right), key=badness)


def print_misses(ours: DateRun, others: Sequence[DateRun], worst: int) -> None:
    """Our refusals, then our worst misses beside what the others found."""
    print(f"\n{ours.name}: refused {len(ours.refusals)} pages as not articles:")
    for result in ours.refusals:
        print(f"  {result.page.file}  {result.reason}")
    found = {run.name: {result.page.url: result.found for result in run.pages} for run in others}
    misses = worst_misses(ours, others)
    print(f"\n{ours.name}: {min(worst, len(misses))} worst of {len(misses)} misses "
          f"(file, expected, {ours.name}, " + ", ".join(run.name for run in others) + "):")
    for result in misses[:worst]:
        theirs = "  ".join(f"{found[run.name][result.page.url] or '-':<10}" for run in others)
        print(f"  {result.page.file:<40} {result.page.expected or 'null':<10}  "
              f"{result.found or '-':<10}  {theirs}  {result.reason}".rstrip())
