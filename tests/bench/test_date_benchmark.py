"""htmldate's date evaluation set: scoring and loader (bench/date_benchmark.py) and its runner in
bench/extraction.py, on a tiny set written here in that set's format (eval_default.json,
eval_mediacloud_2020.json, pages under test_set/, cache/, eval/): no third-party data. The
expected figures are worked out by hand from the set's evaluation.py and comparison.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import extraction
from bench.date_benchmark import (
    NAN_DATE,
    DatePage,
    DateRun,
    PageResult,
    check_targets,
    evaluate_result,
    is_date_benchmark,
    load_date_set,
    ranking_line,
    run_extractors,
    worst_misses,
)
from bench.external_eval import Confusion

PROSE = "<p>" + "The council met on the budget and voted on the new bridge over the river. " * 8 + "</p>"


def article(head: str, title: str = "Council votes on the bridge") -> bytes:
    return (f"<html><head><title>{title}</title>{head}</head><body><article><h1>{title}</h1>"
            f"{PROSE}</article></body></html>").encode()


# 23:30 on the 7th in New York is already the 8th in UTC: the set annotates the page's own day.
LATE_EVENING = article('<meta property="article:published_time" content="2020-06-07T23:30:00-05:00">')
JANUARY = article('<meta property="article:published_time" content="2019-01-02T10:00:00+01:00">')
UNDATED = article("", title="An undated page about the bridge")
BLANK = b"<html><body></body></html>"


@pytest.fixture
def date_set(tmp_path: Path) -> Path:
    """Five annotated pages in the set's layout: one in both test_set/ and eval/ (test_set/ must
    win), one NaN-annotated, one null-annotated blank page, one without HTML; mediacloud's
    entry for a URL also in eval_default.json is overridden, as the set's dict.update does."""
    for folder in ("test_set", "cache", "eval"):
        (tmp_path / folder).mkdir()
    (tmp_path / "eval" / "late.html").write_bytes(LATE_EVENING)
    (tmp_path / "test_set" / "jan.html").write_bytes(JANUARY)
    (tmp_path / "eval" / "jan.html").write_bytes(BLANK)
    (tmp_path / "cache" / "blank.html").write_bytes(BLANK)
    (tmp_path / "test_set" / "undated.html").write_bytes(UNDATED)
    default = {
        "https://a.example/late": {"file": "late.html", "date": "2020-06-07"},
        "https://b.example/jan": {"file": "jan.html", "date": "2019-01-02"},
        "https://c.example/blank": {"file": "blank.html", "date": None},
        "https://e.example/gone": {"file": "gone.html", "date": "2018-05-05"},
    }
    (tmp_path / "eval_default.json").write_text(json.dumps(default), encoding="utf-8")
    # Written by hand: mediacloud's file holds a bare NaN, which json.dumps would not write.
    (tmp_path / "eval_mediacloud_2020.json").write_text(
        '{"https://d.example/undated": {"file": "undated.html", "date": NaN}, '
        '"https://b.example/jan": {"file": "blank.html", "date": "2001-01-01"}}', encoding="utf-8")
    (tmp_path / "SOURCE").write_text("adbar/htmldate@abc\n")
    return tmp_path


def test_loader_merges_both_files_resolves_folders_and_skips_missing_html(date_set: Path) -> None:
    assert is_date_benchmark(date_set)
    assert not is_date_benchmark(date_set / "eval")
    dataset = load_date_set(date_set)
    pages = {page.url: page for page in dataset.pages}
    assert {url: (page.file, page.path.parent.name, page.expected) for url, page in pages.items()} == {
        "https://a.example/late": ("late.html", "eval", "2020-06-07"),
        "https://b.example/jan": ("jan.html", "test_set", "2019-01-02"),
        "https://c.example/blank": ("blank.html", "cache", None),
        "https://d.example/undated": ("undated.html", "test_set", NAN_DATE),
    }
    assert dataset.missing == ["gone.html"]
    assert dataset.source == "adbar/htmldate@abc"
    assert pages["https://b.example/jan"].raw() == JANUARY


@pytest.mark.parametrize("entry, message", [
    ({"file": "a.html", "date": "2020/06/07"}, "YYYY-MM-DD"),
    ({"file": "a.html", "date": "2020-02-30"}, "YYYY-MM-DD"),
    ({"file": "a.html", "date": 20200607}, "YYYY-MM-DD"),
    ({"file": "a.html"}, "needs a 'date'"),
    ({"file": "", "date": "2020-06-07"}, "'file'"),
    ("a.html", "'file'"),
])
def test_loader_refuses_a_malformed_entry(tmp_path: Path, entry: object, message: str) -> None:
    (tmp_path / "eval_default.json").write_text(json.dumps({"https://x.example/": entry}))
    (tmp_path / "eval_mediacloud_2020.json").write_text(
        json.dumps({"https://y.example/": {"file": "y.html", "date": "2020-06-07"}}))
    with pytest.raises(ValueError, match=message):
        load_date_set(tmp_path)


@pytest.mark.parametrize("text", ["{}", "[]", '["a.html"]'])
def test_loader_refuses_an_annotation_file_that_is_not_a_non_empty_object(tmp_path: Path,
                                                                          text: str) -> None:
    (tmp_path / "eval_default.json").write_text(text)
    (tmp_path / "eval_mediacloud_2020.json").write_text(
        json.dumps({"https://y.example/": {"file": "y.html", "date": "2020-06-07"}}))
    with pytest.raises(ValueError, match="non-empty JSON object"):
        load_date_set(tmp_path)


def test_loader_insists_on_both_annotation_files(date_set: Path) -> None:
    (date_set / "eval_mediacloud_2020.json").unlink()
    assert is_date_benchmark(date_set)
    with pytest.raises(FileNotFoundError, match=r"no eval_mediacloud_2020\.json in "):
        load_date_set(date_set)


def test_evaluate_result_gives_the_sets_tp_fp_tn_fn() -> None:
    assert evaluate_result("2020-01-01", "2020-01-01") == Confusion(tp=1)
    assert evaluate_result("2020-01-02", "2020-01-01") == Confusion(fp=1)
    assert evaluate_result("2020-01-01", None) == Confusion(fp=1)
    assert evaluate_result(None, "2020-01-01") == Confusion(fn=1)
    assert evaluate_result(None, None) == Confusion(tn=1, fn=1)  # both, as there
    # NaN is not None there: no result is a false negative only, and no date can equal it.
    assert evaluate_result(None, NAN_DATE) == Confusion(fn=1)
    assert evaluate_result("2020-01-01", NAN_DATE) == Confusion(fp=1)


def _page(url: str, expected: str | None) -> DatePage:
    return DatePage(url, url.rsplit("/", 1)[-1], Path("unused.html"), expected)


def test_run_sums_pages_into_the_sets_figures() -> None:
    # tp, tp, fp, fn (refused), tn+fn (no date, null reference): tp 2, fp 1, tn 1, fn 2.
    run = DateRun("x", [PageResult(_page("u/1", "2020-01-01"), "2020-01-01", 1.0),
                        PageResult(_page("u/2", "2020-01-02"), "2020-01-02", 1.0),
                        PageResult(_page("u/3", "2020-01-03"), "2020-01-04", 1.0),
                        PageResult(_page("u/4", "2020-01-05"), None, 1.0, "refused: a listing"),
                        PageResult(_page("u/5", None), None, 1.0, "no date found")])
    c = run.confusion
    assert (c.tp, c.fp, c.tn, c.fn) == (2, 1, 1, 2)
    assert c.precision == pytest.approx(2 / 3)
    assert c.recall == pytest.approx(2 / 4)
    assert c.accuracy == pytest.approx(3 / 6)
    assert c.f_score == pytest.approx(4 / 7)
    assert [r.page.url for r in run.refusals] == ["u/4"]
    assert [r.page.url for r in run.no_result] == ["u/4", "u/5"]


def test_run_extractors_times_and_counts_refusals_apart(date_set: Path) -> None:
    pages = load_date_set(date_set).pages

    def perfect(page: DatePage, html: str) -> tuple[str, str]:
        return (page.expected, "") if page.expected not in (None, NAN_DATE) else ("", "")

    def refuses_blank(page: DatePage, html: str) -> tuple[str, str]:
        return ("", "refused: empty") if "<article>" not in html else ("2020-06-07", "")

    runs = run_extractors(pages, {"perfect": perfect, "ours": refuses_blank}, rounds=2,
                          decode=lambda raw: raw.decode("utf-8"))
    c = runs["perfect"].confusion
    assert (c.tp, c.fp, c.tn, c.fn) == (2, 0, 1, 2)
    assert {r.reason for r in runs["perfect"].no_result} == {"no date found"}
    ours = runs["ours"]
    assert [(r.page.file, r.reason) for r in ours.refusals] == [("blank.html", "refused: empty")]
    c = ours.confusion
    assert (c.tp, c.fp, c.tn, c.fn) == (1, 2, 1, 1)
    assert ours.pages_per_second > 0 and ours.median_ms >= 0


def test_worst_misses_rank_pages_the_others_got_right_and_wrong_dates_first() -> None:
    pages = [_page(f"u/{n}", "2020-01-10") for n in range(4)]
    ours = DateRun("ours", [PageResult(pages[0], None, 1, "no date found"),
                            PageResult(pages[1], "2020-01-09", 1),
                            PageResult(pages[2], "2019-01-10", 1),
                            PageResult(pages[3], "2020-01-10", 1)])
    other = DateRun("other", [PageResult(page, "2020-01-10", 1) for page in pages[:2]]
                    + [PageResult(pages[2], None, 1, "no date found"), PageResult(pages[3], None, 1)])
    assert [r.page.url for r in worst_misses(ours, [other])] == ["u/1", "u/0", "u/2"]
    # ours: tp 1, fp 2, fn 1 -> F1 2/5; other: tp 2, fn 2 -> F1 4/6.
    assert ranking_line({"ours": ours, "other": other}) == "By the set's F1: other 0.667 > ours 0.400"
    assert not check_targets(ours, other)
    assert check_targets(other, ours)
    assert check_targets(ours, ours)  # a tie meets "at least"


def test_ours_keeps_the_day_in_the_offset_the_page_states_and_counts_a_refusal(date_set: Path) -> None:
    pages = {page.file: page for page in load_date_set(date_set).pages}
    assert extraction.ours_date(pages["late.html"], LATE_EVENING.decode()) == ("2020-06-07", "")
    found, reason = extraction.ours_date(pages["blank.html"], BLANK.decode())
    assert found == "" and reason.startswith("refused: ")
    assert "eval.invalid" not in reason  # the neutral URL is not repeated in the reason


def test_extraction_bench_dispatches_and_runs_the_set_end_to_end(
        date_set: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--dataset`` on this set's folder scores ours and both htmldate modes on every page
    with HTML; the blank page is refused by ours, which its own column counts."""
    status = extraction.main(["--dataset", str(date_set), "--show-misses"])
    out = capsys.readouterr().out
    assert "adbar/htmldate@abc" in out
    assert "4 annotated pages with HTML, 1 annotated without HTML (skipped: gone.html)" in out
    rows = {line.split("|")[1].strip(): [cell.strip() for cell in line.split("|")[2:-1]]
            for line in out.splitlines() if line.startswith(("| ours", "| htmldate"))}
    assert set(rows) == {"ours", "htmldate fast", "htmldate extensive"}
    # ours: late and jan right; blank refused (tn + fn); undated NaN page no date (fn).
    pages, precision, recall, accuracy, f1, counts, no_date, refused = rows["ours"][:8]
    assert (pages, counts, no_date, refused) == ("4", "2/0/1/2", "2", "1")
    assert (precision, recall, accuracy, f1) == ("1.000", "0.500", "0.600", "0.667")
    assert "blank.html  refused: " in out
    # htmldate finds the same two dates (and nothing on the other two): a tie, so the target is met.
    assert rows["htmldate fast"][5] == "2/0/1/2"
    assert "By the set's F1: ours 0.667 = htmldate fast 0.667 = htmldate extensive 0.667" in out
    assert "met    F1 ≥ htmldate fast's: 0.667 vs 0.667" in out
    assert status == 0
