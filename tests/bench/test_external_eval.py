"""The external-set scoring and loader (bench/external_eval.py), on a tiny set written here in
the format of trafilatura's tests/evaldata.json: no third-party data, no extractor run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.external_eval import (
    Confusion,
    EvalPage,
    ExtractorRun,
    PageRun,
    empty_reasons,
    load_eval_set,
    run_extractors,
    score_page,
    worst_pages,
)

PAGES = {
    "https://example.com/a": {"file": "a.html", "with": ["first  line\nof text", "the end"],
                              "without": ["Impressum", "Newsletter"], "title": "ignored"},
    "hard::b.html": {"file": "b.html", "with": ["only body"], "without": ["Cookie"]},
    "https://example.com/gone": {"file": "gone.html", "with": ["x"], "without": ["y"]},
}


@pytest.fixture
def eval_dir(tmp_path: Path) -> Path:
    """A set's tests/ folder: a.html in eval/, b.html in both (cache/ must win), no gone.html."""
    folder = tmp_path / "tests"
    (folder / "eval").mkdir(parents=True)
    (folder / "cache").mkdir()
    (folder / "eval" / "a.html").write_bytes(b"<p>first line of text</p><p>the end</p>")
    (folder / "eval" / "b.html").write_bytes(b"<p>stale copy</p>")
    (folder / "cache" / "b.html").write_bytes(b"<p>only body</p><p>Cookie</p>")
    (folder / "evaldata.json").write_text(json.dumps(PAGES), encoding="utf-8")
    (folder / "SOURCE").write_text("adbar/trafilatura@abc\n", encoding="utf-8")
    return folder


def test_loader_resolves_cache_first_and_skips_missing_html(eval_dir: Path) -> None:
    for path in (eval_dir, eval_dir.parent, eval_dir / "evaldata.json"):
        dataset = load_eval_set(path)
        assert [page.url for page in dataset.pages] == ["hard::b.html", "https://example.com/a"]
        assert dataset.missing == ["gone.html"]
        assert dataset.source == "adbar/trafilatura@abc"
    page_b = dataset.pages[0]
    assert page_b.path == eval_dir / "cache" / "b.html"
    assert page_b.with_ == ("only body",) and page_b.without == ("Cookie",)


def test_loader_refuses_a_malformed_entry(tmp_path: Path) -> None:
    (tmp_path / "evaldata.json").write_text(
        json.dumps({"u": {"file": "a.html", "with": [], "without": ["x"]}}), encoding="utf-8")
    (tmp_path / "eval").mkdir()
    (tmp_path / "eval" / "a.html").write_text("<p>x</p>")
    with pytest.raises(ValueError, match="'with'"):
        load_eval_set(tmp_path)
    with pytest.raises(FileNotFoundError):
        load_eval_set(tmp_path / "nowhere")


def _page(with_: tuple[str, ...], without: tuple[str, ...]) -> EvalPage:
    return EvalPage("https://example.com/p", "p.html", Path("p.html"), with_, without)


def test_score_page_matches_whitespace_normalised_substrings() -> None:
    page = _page(("first  line\nof text", "the end", "never there"), ("Impressum", "Newsletter"))
    text = "first line\tof text\n\n...the end.\nImpressum"
    assert score_page(page, text) == Confusion(tp=2, fp=1, fn=1, tn=1)
    for nothing in (None, "", "  \n"):  # no output finds nothing: every with missed
        assert score_page(page, nothing) == Confusion(tp=0, fp=0, fn=3, tn=2)


def test_confusion_scores_as_the_set_does() -> None:
    total = Confusion()
    total.add(Confusion(tp=2, fp=1, fn=1, tn=1))
    total.add(Confusion(tp=1, fp=0, fn=0, tn=2))
    assert (total.tp, total.fp, total.fn, total.tn) == (3, 1, 1, 3)
    assert total.precision == pytest.approx(3 / 4)
    assert total.recall == pytest.approx(3 / 4)
    assert total.accuracy == pytest.approx(6 / 8)
    assert total.f_score == pytest.approx(2 * 3 / (2 * 3 + 1 + 1))
    empty = Confusion()
    assert (empty.precision, empty.recall, empty.accuracy, empty.f_score) == (0.0, 0.0, 0.0, 0.0)


def test_run_extractors_scores_counts_empty_outputs_and_ranks_worst(eval_dir: Path) -> None:
    pages = load_eval_set(eval_dir).pages

    def copies(page: EvalPage, html: str) -> tuple[str, str]:
        return html.replace("<p>", " ").replace("</p>", " "), ""

    def refuses_b(page: EvalPage, html: str) -> tuple[str, str]:
        return ("", "refused: not an article") if page.file == "b.html" else copies(page, html)

    runs = run_extractors(pages, {"ours": refuses_b, "other": copies}, rounds=2,
                          decode=lambda raw: raw.decode("utf-8"))
    ours, other = runs["ours"], runs["other"]
    assert [run.empty_reason for run in ours.empty] == ["refused: not an article"]
    assert ours.total == Confusion(tp=2, fp=0, fn=1, tn=3)
    assert other.total == Confusion(tp=3, fp=1, fn=0, tn=2)
    assert not other.empty
    assert ours.pages_per_second > 0 and ours.median_ms >= 0
    assert [run.page.file for run in worst_pages(ours, 1, other)] == ["b.html"]


def test_worst_pages_breaks_ties_by_what_the_reference_got_right() -> None:
    def run(name: str, errors_by_file: dict[str, int]) -> ExtractorRun:
        result = ExtractorRun(name)
        for file, errors in errors_by_file.items():
            page = EvalPage(f"https://example.com/{file}", file, Path(file), ("w",), ("x",))
            result.pages.append(PageRun(page, Confusion(fn=errors), 1.0))
        return result

    ours = run("ours", {"a": 1, "b": 1, "c": 0})
    other = run("other", {"a": 1, "b": 0, "c": 0})
    assert [r.page.file for r in worst_pages(ours, 2, other)] == ["b", "a"]


def test_empty_reasons_fold_quoted_values_and_numbers() -> None:
    run = ExtractorRun("ours")
    for reason in ("refused: og:type is 'website'", "refused: og:type is 'product'",
                   "refused: a listing: 4 links", "refused: a listing: 12 links", ""):
        page = EvalPage("https://example.com/", "p.html", Path("p.html"), ("w",), ("x",))
        run.pages.append(PageRun(page, Confusion(), 1.0, reason))
    assert empty_reasons(run) == [(2, "refused: og:type is '…'"), (2, "refused: a listing: N links")]
