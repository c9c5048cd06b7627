"""ScrapingHub's article-extraction-benchmark scoring and loader (bench/article_benchmark.py),
on a tiny set written here in that set's format (ground-truth.json + html/<key>.html.gz): no
third-party data. The expected figures are worked out by hand from evaluate.py's definitions."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from bench import extraction
from bench.article_benchmark import (
    BenchmarkPage,
    BenchmarkRun,
    PageResult,
    is_article_benchmark,
    load_benchmark,
    metrics,
    run_extractors,
    shingle_counts,
)

ARTICLE = ("<html><head><title>Floods close the valley road</title></head><body>"
           "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
           "<article><h1>Floods close the valley road</h1>"
           "<p>Heavy rain overnight closed the only road into the valley, the district said on "
           "Tuesday, and crews expect to reopen one lane by the weekend.</p>"
           "<p>Residents were asked to stay home while engineers inspect the bridge at the "
           "river crossing, which carried water over its deck for six hours.</p>"
           "<p>Schools in the three villages will stay closed until the road is safe again, "
           "the education office added in a statement.</p></article>"
           "<footer>Copyright 2026 Valley News</footer></body></html>")
BODY = ("Heavy rain overnight closed the only road into the valley, the district said on "
        "Tuesday, and crews expect to reopen one lane by the weekend.\n\n"
        "Residents were asked to stay home while engineers inspect the bridge at the river "
        "crossing, which carried water over its deck for six hours.\n\n"
        "Schools in the three villages will stay closed until the road is safe again, the "
        "education office added in a statement.")


@pytest.fixture
def benchmark_dir(tmp_path: Path) -> Path:
    """Two pages with HTML (one an article, one a blank page) and one entry without HTML."""
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "aaa.html.gz").write_bytes(gzip.compress(ARTICLE.encode()))
    (tmp_path / "html" / "bbb.html.gz").write_bytes(gzip.compress(b"<html><body></body></html>"))
    truth = {"aaa": {"url": "https://news.example.com/2026/floods", "articleBody": BODY},
             "bbb": {"url": "https://news.example.com/blank", "articleBody": "Some text here."},
             "ccc": {"url": "https://news.example.com/gone", "articleBody": "x"}}
    (tmp_path / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    (tmp_path / "SOURCE").write_text("scrapinghub/article-extraction-benchmark@abc\n")
    return tmp_path


def test_loader_reads_pages_and_skips_missing_html(benchmark_dir: Path) -> None:
    assert is_article_benchmark(benchmark_dir)
    assert not is_article_benchmark(benchmark_dir / "html")
    benchmark = load_benchmark(benchmark_dir)
    assert [page.key for page in benchmark.pages] == ["aaa", "bbb"]
    assert benchmark.missing == ["ccc.html.gz"]
    assert benchmark.source == "scrapinghub/article-extraction-benchmark@abc"
    assert benchmark.pages[0].raw() == ARTICLE.encode()
    assert benchmark.pages[0].file == "aaa.html.gz"


def test_loader_refuses_an_entry_without_article_body(tmp_path: Path) -> None:
    (tmp_path / "ground-truth.json").write_text(json.dumps({"k": {"url": "https://x.example/"}}))
    with pytest.raises(ValueError, match="articleBody"):
        load_benchmark(tmp_path)


def test_shingle_counts_are_normalised_shingle_matches() -> None:
    # (a b c d) shared; (b c d e) only expected; (b c d x) only predicted.
    assert shingle_counts("a b c d e", "a, b; c d x") == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    assert shingle_counts("one two", "One two") == (0.0, 0.5, 0.5)  # case matters, as there
    assert shingle_counts("one two", "one two") == (1.0, 0.0, 0.0)  # short text: one shingle
    assert shingle_counts("a b c d a b c d", "a b c d") == pytest.approx((1 / 5, 0, 4 / 5))
    assert shingle_counts("", "") == (0.0, 0.0, 0.0)
    assert shingle_counts("a b c d", "") == (0.0, 0.0, 1.0)


def test_metrics_average_over_pages_and_leave_empty_predictions_out_of_precision() -> None:
    pages = [(1.0, 0.0, 0.0), (0.0, 0.0, 1.0), (1 / 3, 1 / 3, 1 / 3)]
    scores = metrics(pages)
    assert scores.precision == pytest.approx((1.0 + 0.5) / 2)  # the empty output not counted
    assert scores.recall == pytest.approx((1.0 + 0.0 + 0.5) / 3)
    assert scores.f1 == pytest.approx(2 * 0.75 * 0.5 / 1.25)
    assert metrics([]).f1 == 0.0


def test_run_extractors_scores_times_and_counts_empty_outputs(benchmark_dir: Path) -> None:
    pages = load_benchmark(benchmark_dir).pages

    def perfect(page: BenchmarkPage, html: str) -> tuple[str, str]:
        return page.expected, ""

    def refuses_b(page: BenchmarkPage, html: str) -> tuple[str, str]:
        return ("", "refused: a listing") if page.key == "bbb" else (page.expected, "")

    runs = run_extractors(pages, {"perfect": perfect, "ours": refuses_b}, rounds=2,
                          decode=lambda raw: raw.decode("utf-8"))
    assert runs["perfect"].scores.f1 == 1.0 and runs["perfect"].accuracy == 1.0
    ours = runs["ours"]
    assert [r.empty_reason for r in ours.empty] == ["refused: a listing"]
    assert ours.scores.precision == 1.0 and ours.scores.recall == 0.5
    assert ours.accuracy == 0.5
    assert ours.pages_per_second > 0 and ours.median_ms >= 0


def test_bootstrap_spread_is_seeded_and_zero_when_every_page_scores_alike() -> None:
    page = BenchmarkPage("k", "https://x.example/", Path("k.html.gz"), "a b c d e")
    same = BenchmarkRun("same", [PageResult(page, "a b c d e", (1.0, 0.0, 0.0), 1.0)] * 5)
    assert same.spread(samples=50) == {"f1": 0.0, "precision": 0.0, "recall": 0.0,
                                       "accuracy": 0.0}
    mixed = BenchmarkRun("mixed", [PageResult(page, "a b c d e", (1.0, 0.0, 0.0), 1.0),
                                   PageResult(page, "x", (0.0, 1.0, 1.0), 1.0)] * 3)
    assert mixed.spread(samples=50) == mixed.spread(samples=50)
    assert mixed.spread(samples=50)["accuracy"] > 0


def test_extraction_bench_runs_the_set_end_to_end(benchmark_dir: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """``--dataset`` on this set's folder scores our parser and trafilatura on every page; the
    blank page is an empty output of both, which the table counts."""
    status = extraction.main(["--dataset", str(benchmark_dir)])
    out = capsys.readouterr().out
    assert "scrapinghub/article-extraction-benchmark@abc" in out
    assert "2 pages with HTML, 1 without HTML (skipped)" in out
    rows = {line.split("|")[1].strip(): line.split("|") for line in out.splitlines()
            if line.startswith("| ours") or line.startswith("| trafilatura")}
    assert set(rows) == {"ours, body", "ours, lead+body", "trafilatura"}
    assert rows["ours, body"][7].strip() == "1"  # the blank page: empty output
    # The article's body exactly (precision 1 over the one page with output); recall 1 there
    # and 0 on the blank page.
    assert rows["ours, body"][4].strip().startswith("1.000")
    assert rows["ours, body"][5].strip().startswith("0.500")
    assert status == 0
