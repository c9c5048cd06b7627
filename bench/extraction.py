"""Extraction quality and speed on the gold set (tests/gold/): our parser against trafilatura.

For every gold page, our ``parse_article`` and ``trafilatura.bare_extraction`` (with metadata)
are scored field by field against the hand-checked expectation, and ``htmldate.find_date`` on
the date. Printed: per-field accuracy, mean body token F1, province precision/recall,
boilerplate leaks (``body_excludes`` strings found in the body), then pages/second and the
median milliseconds per page of each extractor, with their ratio.

Fairness notes: trafilatura and htmldate get the page already decoded by our ``decode_html``
(they would otherwise misread the windows-1258 and mis-declared pages), while our timing
includes decoding. trafilatura and htmldate mostly return a date without a time, so dates are
scored twice: to the minute and to the day.

Usage: ``.venv/bin/python bench/extraction.py [--gold DIR] [--rounds N] [--show-misses]``.
Exit status 1 when one of the quality targets is missed (speed on a shared machine is noisy,
so the speed targets are reported but do not fail the run).

External set, ``--dataset PATH``: instead of the gold set, trafilatura's own public evaluation
set (990 annotated pages, mostly German and English, of news, blogs, shops and institutions:
a layout we have never seen). It is third-party data and never committed; get it with git::

    bench/fetch_eval_set.sh /tmp/traf-eval        # from the local mirror (the project's
                                                  # ``fetch`` tool, github:adbar/trafilatura);
                                                  # TRAFILATURA_REPO=other/clone to change it
    # or: git clone --depth 1 https://github.com/adbar/trafilatura /tmp/trafilatura
    #     TRAFILATURA_REPO=/tmp/trafilatura bench/fetch_eval_set.sh /tmp/traf-eval
    .venv/bin/python bench/extraction.py --dataset /tmp/traf-eval/tests [--show-misses]

Every page whose HTML exists is used (the set's ``evaluate.py`` uses them all: 990 pages at
adbar/trafilatura@e90b0ef, 106 under cache/ and 884 under eval/; trafilatura scores F 0.925
here, its pinned floor in tests/eval_baseline.json). Both get the
same text, decoded by our ``decode_html``; ours is ``parse_article(url, html, site=None)`` (the
set's keys that are labels, ``hard::FILE``, get ``https://eval.invalid/FILE``) scored on the
text a reader gets in a feed entry: ``feeds.items.full_text(lead, body_html)``, the lead as the
opening paragraph and then the body (the set's expected text holds the opening paragraph,
which our parser keeps as the lead rather than in ``body_text``; scoring ``body_text`` alone
is printed too, as "ours, body only"). A refusal (``NotAnArticle``) or a crash scores as
empty output and is counted; trafilatura runs as the set's ``evaluate.py`` runs its "trafilatura" row
(``extract`` with ``fast=False, include_comments=False, include_tables=True,
include_formatting=False``, no URL), but on our decoded string instead of the bytes. Scoring is
the set's own (bench/external_eval.py). Our time includes decoding, as on the gold set;
``--rounds`` defaults to 1 here (one timed pass, which is also the scored one). Exit status 1
when our F-score is below trafilatura's; the empty-output and speed targets are reported only.

Second external set, also ``--dataset PATH``: ScrapingHub's article-extraction-benchmark (the
"181-page" benchmark issue #12 was filed on; 181 news and blog articles, mostly English, each
with a hand-made ``articleBody``), recognised by its ``ground-truth.json``::

    bench/fetch_article_benchmark.sh /tmp/zyte-bench  # ARTICLE_BENCHMARK_REPO=other/clone
    .venv/bin/python bench/extraction.py --dataset /tmp/zyte-bench [--show-misses]

Scored by that set's own shingle measure (bench/article_benchmark.py). Its ``articleBody`` is
the body without the standfirst, so ours is scored on ``body_text`` ("ours, body", the row the
exit status compares with trafilatura's) and on lead + body beside it; trafilatura runs as the
set's ``extractors/run_trafilatura.py`` does (``extract`` with ``include_comments=False``, the
same options as above).

Third external set, also ``--dataset PATH``: htmldate's own date evaluation set (1000 pages of
news, blogs and institutions in many languages, each annotated with its publication day; 800
mostly German from ``eval_default.json``, 200 worldwide news of 2020 from
``eval_mediacloud_2020.json``), recognised by those two files::

    bench/fetch_date_benchmark.sh /tmp/htmldate-set   # HTMLDATE_REPO=other/clone
    .venv/bin/python bench/extraction.py --dataset /tmp/htmldate-set [--show-misses]

Scored by that set's own day-exact measure (bench/date_benchmark.py), dates only. Every page is
decoded once by our ``decode_html`` and the same text goes to all three, untimed. Ours is
``parse_article(f"https://eval.invalid/{file}", html, None)`` (no date can come from the URL;
the set's runner gives htmldate no URL either), its date ``published.date()`` in the offset the
page states; a refusal (``NotAnArticle``) or no date is no result, and refusals are counted
apart. htmldate runs as the set's ``evaluation.py`` runs it: ``find_date(html,
original_date=True)`` with ``extensive_search=False`` ("htmldate fast") and ``True``
("htmldate extensive"). Exit status 1 when our F1 is below htmldate fast's; refusals and speed
are reported only.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

if __package__ in (None, ""):
    # Run as a script: import ``bench`` from the repository root, as the tests do, instead of
    # putting bench/ itself first on the path (its modules would shadow installed ones).
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from aggregator.errors import NotAnArticle
from aggregator.parsing import decode_html, parse_article
from aggregator.parsing.body import html_to_text
from aggregator.parsing.gold import GoldCase, leaks, load_gold_set, same_minute, token_f1
from aggregator.schema import Article
from bench import article_benchmark, date_benchmark, external_eval
from feeds.items import full_text

REPO = Path(__file__).resolve().parents[1]

# The quality floor of issue #3: (label, attribute of Scores, minimum).
QUALITY_TARGETS = (
    ("body token F1 (mean)", "body_f1", 0.97),
    ("date to the minute", "date_minute", 0.98),
    ("province precision", "province_precision", 0.95),
    ("province recall", "province_recall", 0.95),
)
MAX_MEDIAN_MS = 15.0
MIN_SPEEDUP = 2.0


@dataclass
class Result:
    """What one extractor found on one page (None: the extractor does not report it)."""

    title: str | None = None
    published: datetime | str | None = None
    lead: str | None = None
    authors: list[str] | None = None
    provinces: list[str] | None = None
    body: str = ""
    refused: str = ""
    """Why an article page was refused as not an article (scored as empty, named in the misses)."""


@dataclass
class Scores:
    """Accumulated per-field results of one extractor over the gold set."""

    reports: frozenset[str] = frozenset(("title", "date", "lead", "authors", "body"))
    """The fields this extractor returns at all (htmldate: the date only)."""
    pages: int = 0
    title: int = 0
    date_minute: int = 0
    date_day: int = 0
    lead: int = 0
    authors: int = 0
    f1: list[float] = field(default_factory=list)
    leaks: int = 0
    province_hits: int = 0
    province_found: int = 0
    province_wanted: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def body_f1(self) -> float:
        return statistics.fmean(self.f1) if self.f1 else 0.0

    @property
    def province_precision(self) -> float:
        return self.province_hits / self.province_found if self.province_found else 0.0

    @property
    def province_recall(self) -> float:
        return self.province_hits / self.province_wanted if self.province_wanted else 0.0

    def share(self, count: int) -> float:
        return count / self.pages if self.pages else 0.0

    def add(self, case: GoldCase, found: Result) -> None:
        want = case.expected
        self.pages += 1
        if found.refused:
            self.misses.append(f"{case.case_id}: refused, {found.refused}")
        checks = {
            "title": found.title == want["title"],
            "date_minute": _same_minute(found.published, want["published"]),
            "date_day": _day_of(found.published, want["published"]) == want["published"][:10],
            "lead": found.lead == want["lead"],
            "authors": found.authors == want["authors"],
        }
        for name, ok in checks.items():
            if ok:
                setattr(self, name, getattr(self, name) + 1)
            elif name.split("_")[0] in self.reports and name != "date_day":
                self.misses.append(f"{case.case_id}: {name}")
        if "body" not in self.reports:
            return
        f1 = token_f1(want["body_text"], found.body)
        self.f1.append(f1)
        if f1 < QUALITY_TARGETS[0][2]:
            self.misses.append(f"{case.case_id}: body F1 {f1:.3f}")
        leaked = leaks(want, found.body)
        self.leaks += len(leaked)
        self.misses.extend(f"{case.case_id}: leaked {text!r}" for text in leaked)
        if found.provinces is not None:
            wanted, got = set(want["provinces"]), set(found.provinces)
            self.province_hits += len(wanted & got)
            self.province_found += len(got)
            self.province_wanted += len(wanted)
            if wanted != got:
                self.misses.append(f"{case.case_id}: provinces {sorted(got)}")


def _same_minute(value: datetime | str | None, expected: str) -> bool:
    # htmldate/trafilatura strings carry no zone: never right to the minute
    return isinstance(value, datetime) and same_minute(value, expected)


def _day_of(value: datetime | str | None, expected: str) -> str | None:
    if isinstance(value, datetime):  # the day where the expected time is written (+07:00)
        return value.astimezone(datetime.fromisoformat(expected).tzinfo).date().isoformat()
    return value[:10] if value else None


def ours(case: GoldCase) -> Result:
    try:
        article = case.parse()
    except NotAnArticle as refusal:  # an article taken for a listing: every field missed
        return Result(provinces=[], refused=str(refusal).split(": ", 1)[-1])
    return Result(article.title, article.published, article.lead, list(article.authors),
                  list(article.provinces), article.body_text)


def trafilatura_extractor(case: GoldCase, html: str) -> Result:
    import trafilatura

    document = trafilatura.bare_extraction(html, url=case.url, with_metadata=True,
                                           date_extraction_params=_date_params(case))
    if document is None:
        return Result()
    data = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    author = data.get("author")
    return Result(data.get("title"), data.get("date"), data.get("description"),
                  author.split("; ") if author else [], None, data.get("text") or "")


def htmldate_extractor(case: GoldCase, html: str) -> Result:
    import htmldate

    return Result(published=htmldate.find_date(html, url=case.url, **_date_params(case)))


def _date_params(case: GoldCase) -> dict[str, Any]:
    """htmldate settings, the same when trafilatura calls htmldate itself."""
    return {"original_date": True, "extensive_search": True,
            "max_date": case.now.strftime("%Y-%m-%d")}


def _timed(run: Callable[[], Result]) -> tuple[Result, float]:
    start = time.perf_counter()
    result = run()
    return result, (time.perf_counter() - start) * 1000


def measure(cases: list[GoldCase], rounds: int) -> tuple[dict[str, Scores], dict[str, list[float]]]:
    """Score every extractor once, then time ``rounds`` passes (median per page)."""
    decoded = {case.case_id: decode_html(case.raw(), content_type=case.content_type)
               for case in cases}
    extractors: dict[str, Callable[[GoldCase], Result]] = {
        "ours": ours,
        "trafilatura": lambda case: trafilatura_extractor(case, decoded[case.case_id]),
        "htmldate": lambda case: htmldate_extractor(case, decoded[case.case_id]),
    }
    scores = {name: Scores() for name in extractors}
    scores["htmldate"] = Scores(reports=frozenset(("date",)))
    timings: dict[str, list[list[float]]] = {name: [[] for _ in cases] for name in extractors}
    for round_index in range(rounds + 1):  # round 0 warms imports and caches, untimed
        for name, extract in extractors.items():
            for index, case in enumerate(cases):
                result, ms = _timed(lambda: extract(case))  # noqa: B023 (called at once)
                if round_index == 0:
                    scores[name].add(case, result)
                else:
                    timings[name][index].append(ms)
    per_page = {name: [statistics.median(times) for times in pages]
                for name, pages in timings.items()}
    return scores, per_page


def _percent(value: float) -> str:
    return f"{100 * value:5.1f}%"


def report(scores: dict[str, Scores], per_page: dict[str, list[float]], show_misses: bool) -> bool:
    """Print the tables; True when every quality target is met."""
    ours_, traf, hdate = scores["ours"], scores["trafilatura"], scores["htmldate"]
    rows = [
        ("title exact", _percent(ours_.share(ours_.title)), _percent(traf.share(traf.title)), "–"),
        ("date to the minute", _percent(ours_.share(ours_.date_minute)),
         _percent(traf.share(traf.date_minute)), _percent(hdate.share(hdate.date_minute))),
        ("date to the day", _percent(ours_.share(ours_.date_day)),
         _percent(traf.share(traf.date_day)), _percent(hdate.share(hdate.date_day))),
        ("lead exact", _percent(ours_.share(ours_.lead)), _percent(traf.share(traf.lead)), "–"),
        ("authors exact", _percent(ours_.share(ours_.authors)),
         _percent(traf.share(traf.authors)), "–"),
        ("body token F1 (mean)", f"{ours_.body_f1:6.3f}", f"{traf.body_f1:6.3f}", "–"),
        ("body F1 ≥ 0.97 (pages)", _percent(sum(f >= 0.97 for f in ours_.f1) / ours_.pages),
         _percent(sum(f >= 0.97 for f in traf.f1) / traf.pages), "–"),
        ("boilerplate leaks", str(ours_.leaks), str(traf.leaks), "–"),
        ("province precision", _percent(ours_.province_precision), "–", "–"),
        ("province recall", _percent(ours_.province_recall), "–", "–"),
    ]
    print(f"Gold set: {ours_.pages} pages\n")
    print(f"| {'field':<24} | {'ours':>8} | {'trafilatura':>11} | {'htmldate':>8} |")
    print(f"|{'-' * 26}|{'-' * 10}|{'-' * 13}|{'-' * 10}|")
    for label, a, b, c in rows:
        print(f"| {label:<24} | {a:>8} | {b:>11} | {c:>8} |")

    median = {name: statistics.median(times) for name, times in per_page.items()}
    speed = {name: len(times) / (sum(times) / 1000) for name, times in per_page.items()}
    print(f"\n| {'speed':<24} | {'ours':>8} | {'trafilatura':>11} | {'htmldate':>8} |")
    print(f"|{'-' * 26}|{'-' * 10}|{'-' * 13}|{'-' * 10}|")
    print(f"| {'median ms / page':<24} | {median['ours']:8.2f} | {median['trafilatura']:11.2f} "
          f"| {median['htmldate']:8.2f} |")
    print(f"| {'pages / second':<24} | {speed['ours']:8.0f} | {speed['trafilatura']:11.0f} "
          f"| {speed['htmldate']:8.0f} |")
    speedup = median["trafilatura"] / median["ours"]
    print(f"\nours is {speedup:.1f}× faster than trafilatura alone (median per page; ours "
          "includes decoding)")

    print("\nTargets:")
    met = True
    for label, attribute, floor in QUALITY_TARGETS:
        value = getattr(ours_, attribute) if attribute != "date_minute" \
            else ours_.share(ours_.date_minute)
        ok = value >= floor
        met &= ok
        print(f"  {'ok  ' if ok else 'MISS'} {label}: {value:.3f} (≥ {floor})")
    met &= ours_.leaks == 0
    print(f"  {'ok  ' if ours_.leaks == 0 else 'MISS'} boilerplate leaks: {ours_.leaks} (= 0)")
    for label, ok, text in (
        ("median per page", median["ours"] <= MAX_MEDIAN_MS,
         f"{median['ours']:.2f} ms (≤ {MAX_MEDIAN_MS})"),
        ("faster than trafilatura", speedup >= MIN_SPEEDUP, f"{speedup:.1f}× (≥ {MIN_SPEEDUP}×)"),
    ):
        print(f"  {'ok  ' if ok else 'MISS'} {label}: {text} [speed: reported only]")
    if show_misses:
        for name, result in scores.items():
            print(f"\n{name} misses ({len(result.misses)}):")
            for miss in result.misses:
                print(f"  {miss}")
    return met


class SourcePage(Protocol):
    """A page of either external set: where it was served from and its bytes."""

    @property
    def url(self) -> str: ...

    @property
    def file(self) -> str: ...

    def raw(self) -> bytes: ...


def ours_external(page: SourcePage, _decoded: str) -> tuple[str, str]:
    """Our parser as the crawler would run it on an unknown site (decode, then no site entry),
    scored on what a feed entry shows: the lead as the opening paragraph, then the body."""
    article, reason = _parsed(page)
    return (html_to_text(full_text(article.lead, article.body_html)) if article else ""), reason


def ours_body_only(page: SourcePage, _decoded: str) -> tuple[str, str]:
    """The same parse scored on ``Article.body_text`` alone (the lead left out)."""
    article, reason = _parsed(page)
    return (article.body_text if article else ""), reason


def _parsed(page: SourcePage) -> tuple[Article | None, str]:
    """The article of one page, or None and why: a refusal or a crash is an empty output with
    its reason, so one bad page cannot stop the run and every empty output is counted."""
    # Some keys of the set are labels ("hard::page.html"), not URLs: give those a neutral one.
    url = page.url if page.url.startswith(("http://", "https://")) \
        else f"https://eval.invalid/{page.file}"
    try:
        return parse_article(url, decode_html(page.raw()), None), ""
    except NotAnArticle as refusal:
        return None, f"refused: {str(refusal).removeprefix(f'{url}: ')}"
    except Exception as error:  # a crash costs that page only, as in the set's own runner
        return None, f"error: {type(error).__name__}: {error}"


def trafilatura_external(page: SourcePage, decoded: str) -> tuple[str, str]:
    """trafilatura as the set's evaluate.py runs its "trafilatura" row, on our decoded text."""
    import trafilatura

    try:
        return trafilatura.extract(decoded, **external_eval.TRAFILATURA_OPTS) or "", ""
    except Exception as error:
        return "", f"error: {type(error).__name__}: {error}"


def _warm_up() -> None:
    """Pay both extractors' imports and first-call caches before the timed pass."""
    import trafilatura

    html = "<html><head><title>T</title></head><body><article><p>text</p></article></body></html>"
    with contextlib.suppress(NotAnArticle):
        parse_article("https://example.com/a", decode_html(html.encode()), None)
    trafilatura.extract(html, **external_eval.TRAFILATURA_OPTS)


def run_dataset(path: Path, rounds: int, show_misses: bool, worst: int) -> int:
    """Score ours and trafilatura on trafilatura's evaluation set (or hand a recognised
    ScrapingHub or htmldate set to its own runner); 1 when our F-score is lower."""
    if article_benchmark.is_article_benchmark(path):
        return run_article_benchmark(path, rounds, show_misses, worst)
    if date_benchmark.is_date_benchmark(path):
        return run_date_benchmark(path, rounds, show_misses, worst)
    try:
        dataset = external_eval.load_eval_set(path)
    except (OSError, ValueError) as error:
        print(error, file=sys.stderr)
        return 2
    if not dataset.pages:
        print(f"no page of {dataset.root}/evaldata.json found under cache/ or eval/",
              file=sys.stderr)
        return 2
    extractors: dict[str, external_eval.Extractor] = {"ours": ours_external,
                                                      "trafilatura": trafilatura_external,
                                                      "ours, body only": ours_body_only}
    _warm_up()
    runs = external_eval.run_extractors(dataset.pages, extractors, rounds, decode_html)
    print(f"Dataset: {dataset.root} {dataset.source}".rstrip())
    print(f"{len(dataset.pages)} annotated pages with HTML"
          + (f", {len(dataset.missing)} annotated without HTML (skipped)" if dataset.missing
             else "") + f"; {rounds} timed pass(es)\n")
    external_eval.print_table(runs)
    print("\n" + external_eval.ratios_line(runs["ours"], runs["trafilatura"]))
    met = external_eval.check_targets(runs["ours"], runs["trafilatura"])
    if show_misses:
        external_eval.print_misses(runs["ours"], runs["trafilatura"], worst)
    return 0 if met else 1


def run_article_benchmark(path: Path, rounds: int, show_misses: bool, worst: int) -> int:
    """Score ours and trafilatura on ScrapingHub's article-extraction-benchmark; 1 when our
    body's F1 is lower than trafilatura's."""
    try:
        benchmark = article_benchmark.load_benchmark(path)
    except (OSError, ValueError) as error:
        print(error, file=sys.stderr)
        return 2
    if not benchmark.pages:
        print(f"no page of {path}/ground-truth.json found under html/", file=sys.stderr)
        return 2
    # The set's articleBody is the body without a standfirst: ours is scored on body_text,
    # and on what a feed entry shows (lead + body) beside it.
    extractors: dict[str, article_benchmark.Extractor] = {"ours, body": ours_body_only,
                                                          "trafilatura": trafilatura_external,
                                                          "ours, lead+body": ours_external}
    _warm_up()
    runs = article_benchmark.run_extractors(benchmark.pages, extractors, rounds, decode_html)
    print(f"Dataset: {benchmark.root} {benchmark.source}".rstrip())
    print(f"{len(benchmark.pages)} pages with HTML"
          + (f", {len(benchmark.missing)} without HTML (skipped)" if benchmark.missing else "")
          + f"; {rounds} timed pass(es)\n")
    article_benchmark.print_table(runs)
    met = article_benchmark.check_targets(runs["ours, body"], runs["trafilatura"])
    if show_misses:
        article_benchmark.print_misses(runs["ours, body"], runs["trafilatura"], worst)
    return 0 if met else 1


def ours_date(page: date_benchmark.DatePage, html: str) -> tuple[str, str]:
    """Our parser's publication day, on a neutral URL so that no date can come from the URL;
    the day is the one in the offset the page states (not UTC), as the set annotates it."""
    url = f"https://eval.invalid/{quote(page.file)}"
    try:
        article = parse_article(url, html, None)
    except NotAnArticle as refusal:
        return date_benchmark.NO_RESULT, f"refused: {str(refusal).removeprefix(f'{url}: ')}"
    except Exception as error:  # a crash costs that page only
        return date_benchmark.NO_RESULT, f"error: {type(error).__name__}: {error}"
    if article.published is None:
        return date_benchmark.NO_RESULT, "no date found"
    return article.published.date().isoformat(), ""


def _htmldate(extensive: bool) -> date_benchmark.Extractor:
    """htmldate as the set's evaluation.py calls it (``run_htmldate_fast``/``_extensive``)."""
    def extract(_page: date_benchmark.DatePage, html: str) -> tuple[str, str]:
        from htmldate import find_date

        try:
            found = find_date(html, original_date=True, extensive_search=extensive)
        except Exception as error:
            return date_benchmark.NO_RESULT, f"error: {type(error).__name__}: {error}"
        return (found, "") if found else (date_benchmark.NO_RESULT, "no date found")

    return extract


def _warm_up_dates() -> None:
    """Pay our parser's and htmldate's imports and first-call caches before the timed pass."""
    from htmldate import find_date

    html = ("<html><head><title>T</title><meta property='article:published_time' "
            "content='2020-01-02'></head><body><article><p>text</p></article></body></html>")
    with contextlib.suppress(NotAnArticle):
        parse_article("https://example.com/a", decode_html(html.encode()), None)
    for extensive in (False, True):
        find_date(html, original_date=True, extensive_search=extensive)


def run_date_benchmark(path: Path, rounds: int, show_misses: bool, worst: int) -> int:
    """Score our publication date and htmldate's on htmldate's evaluation set; 1 when our F1 is
    lower than htmldate fast's."""
    try:
        dataset = date_benchmark.load_date_set(path)
    except (OSError, ValueError) as error:
        print(error, file=sys.stderr)
        return 2
    if not dataset.pages:
        print(f"no annotated page of {path} found under "
              f"{', '.join(date_benchmark.PAGE_FOLDERS)}", file=sys.stderr)
        return 2
    extractors: dict[str, date_benchmark.Extractor] = {"ours": ours_date,
                                                       "htmldate fast": _htmldate(False),
                                                       "htmldate extensive": _htmldate(True)}
    _warm_up_dates()
    runs = date_benchmark.run_extractors(dataset.pages, extractors, rounds, decode_html)
    print(f"Dataset: {dataset.root} {dataset.source}".rstrip())
    print(f"{len(dataset.pages)} annotated pages with HTML"
          + (f", {len(dataset.missing)} annotated without HTML (skipped: "
             f"{', '.join(dataset.missing)})" if dataset.missing else "")
          + f"; {rounds} timed pass(es)\n")
    date_benchmark.print_table(runs)
    print("\n" + date_benchmark.ranking_line(runs))
    met = date_benchmark.check_targets(runs["ours"], runs["htmldate fast"])
    if show_misses:
        date_benchmark.print_misses(runs["ours"], [runs["htmldate fast"], runs["htmldate extensive"]],
                                    worst)
    return 0 if met else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--gold", type=Path, default=REPO / "tests" / "gold",
                        help="gold set folder (default: tests/gold)")
    parser.add_argument("--dataset", type=Path, default=None, metavar="PATH",
                        help="an external set instead of the gold set: trafilatura's "
                             "evaluation set (its tests/ folder, from bench/fetch_eval_set.sh) "
                             "or ScrapingHub's article-extraction-benchmark (the folder "
                             "holding ground-truth.json, from "
                             "bench/fetch_article_benchmark.sh) or htmldate's date evaluation "
                             "set (the folder holding eval_default.json, from "
                             "bench/fetch_date_benchmark.sh)")
    parser.add_argument("--rounds", type=int, default=None,
                        help="timed passes (default 5; 1 with --dataset)")
    parser.add_argument("--show-misses", action="store_true",
                        help="list every page and field each extractor got wrong (with "
                             "--dataset: our empty outputs and worst pages)")
    parser.add_argument("--worst", type=int, default=25,
                        help="with --dataset --show-misses: how many worst pages (default 25)")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)  # trafilatura/htmldate log every odd page
    if args.dataset is not None:
        rounds = 1 if args.rounds is None else args.rounds
        return run_dataset(args.dataset, max(rounds, 1), args.show_misses, args.worst)
    every_case = load_gold_set(args.gold)
    cases = [case for case in every_case if case.is_article]
    if not cases:
        print(f"no gold cases under {args.gold}", file=sys.stderr)
        return 2
    refused = report_listings([case for case in every_case if not case.is_article])
    scores, per_page = measure(cases, max(5 if args.rounds is None else args.rounds, 1))
    return 0 if report(scores, per_page, args.show_misses) and refused else 1


def report_listings(listings: list[GoldCase]) -> bool:
    """Print how many listing pages our parser refuses (all of them is the target)."""
    accepted = []
    for case in listings:
        try:
            case.parse()
            accepted.append(case.case_id)
        except NotAnArticle:
            pass
    print(f"listing pages refused: {len(listings) - len(accepted)} of {len(listings)}"
          + (f" (accepted: {', '.join(accepted)})" if accepted else ""))
    return not accepted


if __name__ == "__main__":
    sys.exit(main())
