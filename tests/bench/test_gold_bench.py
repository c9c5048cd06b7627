"""The gold-set bench (bench/extraction.py without --dataset) scores an article page our parser
refuses as a listing as a miss on every field, named in the misses, instead of stopping."""

from __future__ import annotations

import json
from pathlib import Path

from aggregator.parsing.gold import load_gold_set
from bench import extraction

LISTING = ("<html><head><meta property='og:title' content='Tin tức'></head><body><h1>Tin tức</h1>"
           + "".join(f"<div class='item'><a href='/tin-{i}.html'>Hội thảo khoa học về nông nghiệp "
                     f"công nghệ cao số {i} tại tỉnh</a><span>1{i}/11/2026</span></div>"
                     for i in range(9)) + "</body></html>")


def test_an_article_page_refused_as_a_listing_is_scored_as_missed(tmp_path: Path) -> None:
    shape = tmp_path / "genre"
    shape.mkdir()
    (shape / "infographic.html").write_text(LISTING, encoding="utf-8")
    (shape / "infographic.json").write_text(json.dumps({
        "url": "https://bao.example.vn/infographic-123.html", "title": "Tin tức",
        "published": "2026-11-19T08:00:00+07:00", "lead": "", "authors": [], "provinces": [],
        "body_text": "Nội dung của đồ họa.", "body_excludes": [],
        "now": "2026-11-22T12:00:00+07:00"}), encoding="utf-8")
    (case,) = load_gold_set(tmp_path)
    found = extraction.ours(case)
    assert found.refused.startswith("not an article")
    scores = extraction.Scores()
    scores.add(case, found)
    assert scores.pages == 1 and scores.title == 0 and scores.f1 == [0.0]
    assert scores.misses[0] == f"genre/infographic: refused, {found.refused}"
