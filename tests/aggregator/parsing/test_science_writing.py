"""Science writing (held-out round 33): a numbered table's caption printed as a line of its
own is the article's, a specialist doctor's grade is a title, the writers' institution on the
byline's second line is not a name, notes and references after the byline are looked past,
an old ASP.NET page prints its date month first, and a blog theme's meta line under the
headline ("date · reading time · writer") names the writer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import lxml.html
import pytest

from aggregator.dates import parse_date
from aggregator.parsing.authors import byline_names, trailing_byline
from aggregator.parsing.extract import parse_article
from aggregator.parsing.second_opinion import own_lines, prefer_ours

_TEXT = "".join(f"<p>Đoạn {n}: nhóm nghiên cứu lấy 48 mẫu nước tại ba loại nguồn, lọc qua màng "
                f"20 µm và đếm các mảnh vi nhựa dưới kính hiển vi.</p>" for n in range(1, 4))
_TABLE = ('<p class="table-caption"><em>Bảng 1. Mật độ vi nhựa trong các loại mẫu nước</em></p>'
          "<table><tr><td>Nước sông</td><td>17.250</td></tr><tr><td>Nước máy</td><td>1.240</td>"
          "</tr></table>")


def test_a_numbered_tables_caption_line_is_the_articles_own() -> None:
    assert "Bảng 1. Mật độ vi nhựa trong các loại mẫu nước" in own_lines(_TEXT + _TABLE)
    assert "Đoạn 1" not in " ".join(own_lines(_TEXT + "<p>Đoạn 1: không phải chú thích.</p>"))


def test_ours_with_the_caption_trafilatura_left_out_is_kept() -> None:
    paragraphs = [lxml.html.fromstring(p).text_content() for p in _TEXT.split("</p>") if p]
    ours = "\n\n".join([*paragraphs, "Bảng 1. Mật độ vi nhựa trong các loại mẫu nước",
                        "Nước sông 17.250", "Nước máy 1.240", "Đoạn cuối của bài viết."])
    theirs = "\n\n".join([*paragraphs, "Nước sông 17.250", "Nước máy 1.240",
                          "Đoạn cuối của bài viết."])
    assert prefer_ours(ours, theirs, captions=own_lines(_TEXT + _TABLE))


def test_a_specialist_doctors_grade_is_a_title() -> None:
    assert byline_names("BS.CKII Trần Thu Trang - TS.BS Lương Đức Hải") == [
        "Trần Thu Trang", "Lương Đức Hải"]


def test_the_institution_on_the_bylines_second_line_is_not_a_name() -> None:
    body = lxml.html.fragment_fromstring(
        f'{_TEXT}<p style="text-align:right"><strong>TS. Phạm Văn Thắng, ThS. Lò Thị Hoa<br>'
        f"Phòng Động vật học có xương sống</strong></p>", create_parent="div")
    assert trailing_byline(body)[0] == ["Phạm Văn Thắng", "Lò Thị Hoa"]


@pytest.mark.parametrize("notes", [
    "<p><i>Ghi chú:</i></p><p><i>(1) Số liệu tại trạm Kratie, tính từ 01/6 đến 31/10/2026.</i></p>"
    "<p><i>(2) Tính cho sông Vàm Cỏ Đông và Vàm Cỏ Tây.</i></p>",
    '<div class="references"><p><strong>Tài liệu tham khảo</strong></p><p>[1] Nguyễn Văn A '
    "(2024), Vi nhựa trong trầm tích, Tạp chí Khoa học, 65(4), tr. 22-28.</p><p>[2] Trần Thị B "
    "(2025), Phương pháp FTIR.</p><p>[3] Lê Văn C (2023), Sông Hồng.</p></div>",
])
def test_the_byline_before_a_science_articles_notes_or_references(notes: str) -> None:
    body = lxml.html.fragment_fromstring(
        f'{_TEXT}<p align="right"><b>GS.TS Lê Văn Thịnh, ThS. Nguyễn Hữu Tài</b><br><i>Hội Đập '
        f"lớn và Phát triển nguồn nước Việt Nam</i></p>{notes}", create_parent="div")
    assert trailing_byline(body)[0] == ["Lê Văn Thịnh", "Nguyễn Hữu Tài"]


def test_an_aspnet_month_first_date_printed_on_the_page() -> None:
    reference = datetime(2026, 11, 22, tzinfo=UTC)
    assert parse_date("Ngày đăng: 11/17/2026 3:25:00 PM", reference=reference) == datetime(
        2026, 11, 17, 15, 25, tzinfo=timezone(timedelta(hours=7)))
    # Day first wherever it reads as a date.
    assert parse_date("05/11/2026 3:25:00 PM", reference=reference).month == 11


@pytest.mark.parametrize("ending", [
    # a references heading in capitals reads like a name, and is none
    "<p><strong>TÀI LIỆU THAM KHẢO</strong></p><p>[1] Nguyễn Văn A (2024), Vi nhựa.</p>",
    # a schedule's bold day, its note and the office that issues it
    '<table><tr><td><b>Thứ Bảy, Chủ nhật 21-22/11</b></td><td>Nghỉ</td></tr></table>'
    "<p><i>Ghi chú: Lịch công tác có thể thay đổi.</i></p><p align=\"right\"><b>VĂN PHÒNG SỞ</b></p>",
])
def test_no_name_is_read_past_notes_where_none_is(ending: str) -> None:
    body = lxml.html.fragment_fromstring(f"{_TEXT}{ending}", create_parent="div")
    assert trailing_byline(body)[0] == []


def _hugo_page(meta: str) -> str:
    return ('<html><head><meta property="og:title" content="Định lý Pythagoras: bốn cách chứng minh">'
            '<meta property="article:published_time" content="2026-10-15T09:00:00+07:00"></head>'
            '<body><article><h1>Định lý Pythagoras: bốn cách chứng minh</h1>'
            f'<div class="post-meta">{meta}</div><div class="post-content">{_TEXT}</div>'
            "</article></body></html>")


@pytest.mark.parametrize(("meta", "authors"), [
    # a Hugo theme's meta line: date, reading time, the writer with title and institution
    ("<span>15 tháng 10, 2026</span>&nbsp;·&nbsp;9 phút đọc&nbsp;·&nbsp;TS. Vũ Thành Nam "
     "(Viện Toán học)", ["Vũ Thành Nam"]),
    ("15/10/2026 | Lê Thu Hà", ["Lê Thu Hà"]),
    # a category and a reading time name nobody
    ("15 tháng 10, 2026 · 9 phút đọc · Khoa học", []),
])
def test_the_writer_among_the_meta_lines_pieces(meta: str, authors: list[str]) -> None:
    article = parse_article("https://vms.org.vn/posts/pythagoras/", _hugo_page(meta), None,
                            now=datetime(2026, 11, 22, tzinfo=UTC))
    assert list(article.authors) == authors
