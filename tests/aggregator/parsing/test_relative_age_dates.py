"""A page printing only a relative age by the headline ("8 ngày") keeps the full date in that
element's ``title`` (the tooltip): that is the publication date, to the minute. A reader
comment's age with its own tooltip is not, and neither is a tooltip on an element that prints
something other than an age."""

from __future__ import annotations

from datetime import UTC, datetime

from aggregator.parsing.extract import parse_article

NOW = datetime(2026, 11, 22, 5, tzinfo=UTC)
URL = "https://tinhte.example.vn/thread/robot-hut-bui-pin-mat-troi.4100221/"
TEXT = ("Nhóm sinh viên đã thử nghiệm robot làm sạch tấm pin mặt trời trên mái nhà xưởng suốt ba "
        "tháng, ghi nhận sản lượng điện tăng đáng kể so với làm sạch thủ công.<br><br>") * 3


def _page(meta_line: str, comments: str = "") -> str:
    return ('<html><head><meta property="og:title" content="Robot làm sạch pin mặt trời">'
            '</head><body><main><article><h1 class="thread-title">Robot làm sạch pin mặt trời'
            f'</h1><div class="author-line"><a href="/u/lanh">Lành</a>{meta_line}</div>'
            f'<div class="xfBody">{TEXT}</div></article>'
            f'<section class="comments">{comments}</section></main></body></html>')


def test_the_title_of_the_age_by_the_headline_is_the_date() -> None:
    line = '<span class="date" title="14/11/2026 lúc 09:20">8 ngày</span>'
    published = parse_article(URL, _page(line), None, now=NOW).published
    assert published is not None
    assert published.isoformat() == "2026-11-14T09:20:00+07:00"


def test_a_comments_age_is_not_the_articles_date() -> None:
    comment = ('<div class="comment"><b>Khoa</b> <span title="20/11/2026 lúc 21:05">2 ngày'
               '</span><p>Robot này giá bao nhiêu vậy bạn, có bán cho hộ gia đình không?</p></div>')
    article = parse_article(URL, _page('<span class="views">18.342 lượt xem</span>', comment),
                            None, now=NOW)
    assert article.published is None


def test_a_tooltip_on_anything_but_an_age_is_not_the_date() -> None:
    line = '<span class="badge" title="Thành viên từ 14/11/2016 lúc 09:20">Thành viên kỳ cựu</span>'
    assert parse_article(URL, _page(line), None, now=NOW).published is None
