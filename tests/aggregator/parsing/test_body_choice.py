"""The body chosen among candidates by evidence: inside the ``<article>`` that holds the
headline when that article holds prose, since a block of related posts beside it (its own
``<article>``) may hold more excerpt text than a short post."""

from __future__ import annotations

from datetime import UTC, datetime

from aggregator.parsing.extract import parse_article

NOW = datetime(2026, 11, 22, tzinfo=UTC)
URL = "https://hoi.example.vn/phan-bon-vi-sinh"
POST = ("Hội Nông học phối hợp với Viện Khoa học Kỹ thuật Nông Lâm nghiệp Tây Nguyên tổ chức "
        "hội thảo về phân bón hữu cơ vi sinh cho cây sầu riêng trên đất bazan bị chai cứng, "
        "giúp giữ ẩm và hạn chế bệnh thối rễ trong mùa mưa.")
EXCERPT = ("Nhiều vườn cà phê đã trồng trên hai mươi lăm năm, cây già cỗi và năng suất giảm mạnh; "
           "bà con có thể cưa đốn, ghép chồi bằng các dòng cao sản để vườn cho trái ổn định sau "
           "hai năm mà không phải trồng mới …")


def _page(main: str) -> str:
    return ('<!DOCTYPE html><html><head><meta charset="utf-8"><meta property="og:type" '
            'content="article"><meta property="og:title" content="Phân bón vi sinh cho sầu '
            f'riêng"></head><body>{main}</body></html>')


def test_the_headlines_article_wins_over_a_longer_block_of_related_post_excerpts() -> None:
    cards = "".join(f'<article class="postbox"><img src="/{n}.jpg"><p>{EXCERPT}</p></article>'
                    for n in range(3))
    page = _page('<article class="articlebox"><h1>Phân bón vi sinh cho sầu riêng</h1>'
                 f'<p>{POST}</p><p>{POST}</p></article><article class="postbox"><h3>Bạn cũng có thể thích'
                 f"</h3>{cards}</article>")
    body = parse_article(URL, page, None, now=NOW).body_text
    assert body.count(POST) == 2
    assert "vườn cà phê" not in body


def test_a_body_outside_the_headlines_article_is_still_found() -> None:
    # The <article> holds only the header; the text follows in its own block.
    page = _page('<article class="header"><h1>Phân bón vi sinh cho sầu riêng</h1>'
                 '<span class="date">18/11/2026</span></article>'
                 f'<div class="noidung"><p>{POST}</p><p>{POST}</p></div>')
    assert parse_article(URL, page, None, now=NOW).body_text.count(POST) == 2
