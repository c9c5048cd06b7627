"""Reposts (held-out round 32): a union's or a portal's copy of another outlet's article names
the original's writer beside the outlet, credits the original with its own date, points to it
and pastes its tags. The writer is the author, the repost's own date is the date, and the
pointers and tags are no text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import lxml.html
import pytest

from aggregator.parsing.authors import byline_names, trailing_byline
from aggregator.parsing.extract import parse_article
from aggregator.province_tagger import tag_provinces

NOW = datetime(2026, 11, 22, tzinfo=UTC)
VN = timezone(timedelta(hours=7))
_TEXT = "".join(f"<p>Đoạn {n}: mô hình tưới tiết kiệm cho cà phê được chuyển giao cho hội viên "
                f"nông dân ở ba xã, giúp giảm một phần ba lượng nước tưới mùa khô.</p>"
                for n in range(1, 5))


@pytest.mark.parametrize(("line", "names"), [
    # the original's outlet after the writer, in words a name never has
    ("Theo Hoàng Lan/Báo Nông nghiệp và Môi trường", ["Hoàng Lan"]),
    ("Theo Phạm Thu Hà/Báo Hưng Yên (đăng ngày 12/11/2026)", ["Phạm Thu Hà"]),
    ("Thu Quỳnh thực hiện", ["Thu Quỳnh"]),  # an interview's interviewer
    ("Tác giả bài viết: Thu Hằng - Mạnh Trường", ["Thu Hằng", "Mạnh Trường"]),
])
def test_a_reposts_credits_name_the_writer(line: str, names: list[str]) -> None:
    assert byline_names(line) == names


@pytest.mark.parametrize("after", [
    "<p><em>Bài đăng trên Báo Nhân Dân ngày 15/11/2026</em></p>",
    '<p><em>Đọc tiếp bài viết tại <a href="https://baodongthap.vn/a.html">Báo Đồng Tháp</a></em></p>',
    '<p>Link bài gốc: <a href="https://x.vn/a.html">https://x.vn/a.html</a></p>'
    "<p>Từ khóa: thoái hóa đất; sức khỏe đất</p>",
])
def test_the_byline_before_a_reposts_credit_lines_is_found(after: str) -> None:
    body = lxml.html.fragment_fromstring(
        f'{_TEXT}<p style="text-align:right"><strong>Thanh Hà (Báo Nhân Dân)</strong></p>{after}',
        create_parent="div")
    assert trailing_byline(body)[0] == ["Thanh Hà"]


def _page(body: str, after: str = "", header: str = "") -> str:
    return ('<html><head><meta property="og:title" content="Tưới tiết kiệm cho cà phê">'
            '<meta property="og:description" content="Mô hình tưới tiết kiệm được chuyển giao.">'
            '</head><body><h1>Tưới tiết kiệm cho cà phê</h1>'
            f'{header}<div class="bodytext">{body}</div>{after}</body></html>')


@pytest.mark.parametrize("field", [
    # NukeViet's author field after the text
    '<div class="margin-bottom-lg"><p class="h5 text-right"><strong>Tác giả bài viết: </strong>'
    "Thu Hằng - Mạnh Trường</p></div>",
    # a portal's table of the article's fields
    '<table class="tbl-news-info"><tr><td class="lbl">Tác giả:</td><td>Thu Hằng - Mạnh Trường'
    '</td></tr><tr><td class="lbl">Nguồn tin:</td><td>Báo Quảng Ninh</td></tr></table>',
])
def test_an_author_field_names_the_authors_and_stays_out_of_the_text(field: str) -> None:
    article = parse_article("https://lhhquangninh.vn/tin/tuoi-tiet-kiem-123.html",
                            _page(_TEXT, after=field), None, now=NOW)
    assert article.authors == ("Thu Hằng", "Mạnh Trường")
    assert "Tác giả" not in article.body_text


def test_a_credit_lines_date_is_the_originals() -> None:
    header = ("<p><em>Nguồn: Báo Công Thương, 15/11/2026</em></p>"
              "<p>Ngày đăng: 16/11/2026 08:45</p>")
    article = parse_article("https://hoicokhi.vn/tin/tuoi-tiet-kiem-123.html",
                            _page(_TEXT, header=header), None, now=NOW)
    assert article.published == datetime(2026, 11, 16, 8, 45, tzinfo=VN)


def test_a_date_hidden_for_microdata_is_no_printed_line() -> None:
    # NukeViet: the machine date in a hidden span first, the date line a reader sees after it.
    header = ('<span class="hidden hide d-none" itemprop="datePublished">2026-11-18</span>'
              '<div class="row"><span class="h5">Thứ tư - 18/11/2026 09:15</span></div>')
    page = _page(_TEXT, header=header).replace(
        "</head>", '<script type="application/ld+json">{"@context": "https://schema.org", '
                   '"@type": "NewsArticle", "headline": "Tưới tiết kiệm cho cà phê", '
                   '"datePublished": "2026-11-18"}</script></head>')
    article = parse_article("https://lhhquangninh.vn/tin/tuoi-tiet-kiem-123.html", page, None,
                            now=NOW)
    assert article.published == datetime(2026, 11, 18, 9, 15, tzinfo=VN)


def test_a_reposts_pointers_to_the_original_and_its_tags_are_no_text() -> None:
    pointers = ('<p><strong>👉 Xem bài gốc tại Báo Quảng Trị: </strong><a href="https://b.vn/a">'
                "https://b.vn/a</a></p><p><em>Đọc tiếp bài viết tại <a href=\"https://c.vn/a\">"
                'Báo Đồng Tháp</a></em></p><p><span style="color:#808080;">Từ khóa: tôm - lúa '
                "hữu cơ, Liên hiệp Hội</span></p>")
    article = parse_article("https://lhhcamau.vn/tin/tuoi-tiet-kiem-123.html",
                            _page(_TEXT + pointers), None, now=NOW)
    assert article.body_text.endswith("giúp giảm một phần ba lượng nước tưới mùa khô.")


def test_an_english_list_of_places() -> None:
    assert tag_provinces("share the design with Hue and Quang Ngai") == ("hue", "quang-ngai")
