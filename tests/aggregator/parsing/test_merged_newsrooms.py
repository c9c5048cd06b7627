"""Merged newsrooms (held-out round 34): joint paper and radio-TV outlets after the 2025
merger credit a report's crew beside its reporters, carry articles migrated from a closed
paper with the old header kept in the text, and old table-layout sites of renamed unions print
the headline in a title cell under a section-named document title."""

from __future__ import annotations

from datetime import UTC, datetime

import lxml.html
import pytest

from aggregator.dates import date_alone
from aggregator.parsing.authors import byline_names, trailing_byline
from aggregator.parsing.body import clean_body
from aggregator.parsing.extract import parse_article

NOW = datetime(2026, 11, 22, tzinfo=UTC)
_TEXT = "".join(f"<p>Đoạn {n}: trạm lọc nước mặn dùng điện mặt trời cấp nước ngọt cho người "
                f"dân các xã ven biển trong mùa khô, mỗi ngày vài chục mét khối.</p>"
                for n in range(1, 5))


@pytest.mark.parametrize(("line", "names"), [
    ("PV: Phan Thảo Nguyên; KTV: Đỗ Minh Luân", ["Phan Thảo Nguyên"]),
    ("PV: Lý Thị Dung - Nông Văn Quyết; KTV: Sùng Mí Chá", ["Lý Thị Dung", "Nông Văn Quyết"]),
    ("Thực hiện: Hoàng Nam | Quay phim: Lê Bình | Dựng: Trần Tú", ["Hoàng Nam"]),
    ("PV: Minh Hà - KTV: Quốc Tuấn", ["Minh Hà"]),
    # a credit of the text and one of the photos stay as they were read
    ("Tin: Lò Văn Thanh - Ảnh: Cầm Thị Mai", ["Lò Văn Thanh", "Cầm Thị Mai"]),
])
def test_a_reports_crew_is_not_among_its_authors(line: str, names: list[str]) -> None:
    assert byline_names(line) == names


def test_a_crew_line_after_the_reporters_line_is_looked_past() -> None:
    body = lxml.html.fragment_fromstring(
        f"{_TEXT}<p><strong>PV: Hoàng Nam</strong></p><p>Quay phim: Lê Bình</p>"
        "<p>Biên tập: Trần Tú</p>", create_parent="div")
    assert trailing_byline(body)[0] == ["Hoàng Nam"]


@pytest.mark.parametrize(("text", "alone"), [
    ("Thứ Hai, 12/10/2026, 16:40 (GMT+7)", True),
    ("Cập nhật: 09/10/2026 15:40", True),
    ("November 18, 2026 - 08:12", True),
    ("Cập nhật ngày: 06/11/2026 | Người đăng: admin", False),  # a meta line: more than a date
    ("Ngày 12/10/2026, UBND tỉnh họp bàn kế hoạch", False),  # a sentence
    ("Sáng 12/10", False),  # no year: a sentence's opening more often than a date line
])
def test_a_date_alone_is_a_date_line(text: str, alone: bool) -> None:
    assert date_alone(text) is alone


@pytest.mark.parametrize("opening", [
    '<font face="Arial" size="2"><b>Thứ Hai, 12/10/2026, 16:40 (GMT+7)</b></font><br><br>',
    '<font color="#808080" size="2"><i>Cập nhật: 09/10/2026 15:40</i></font><br><br>',
    "<p>Thứ Hai, 12/10/2026 - 16:40</p>",
])
def test_a_date_line_opening_a_migrated_text_is_not_a_paragraph(opening: str) -> None:
    body = lxml.html.fragment_fromstring(f"<div>{opening}{_TEXT}</div>")
    html = clean_body(body, base_url="https://baodaklak.vn/a.html", lead="")
    assert "12/10/2026" not in html and "09/10/2026" not in html
    assert html.lstrip().startswith("<p>Đoạn 1")


def test_a_sentence_opening_with_a_date_stays() -> None:
    body = lxml.html.fragment_fromstring(
        f"<div><p>Ngày 12/10/2026, tỉnh khởi công trạm lọc nước thứ 13.</p>{_TEXT}</div>")
    html = clean_body(body, base_url="https://baodaklak.vn/a.html", lead="")
    assert "Ngày 12/10/2026, tỉnh khởi công" in html


_TABLE_PAGE = """<html><head><meta charset="utf-8">
<title>Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Gia Lai - Tin tức</title></head><body>
<table><tr><td class="menu"><table><tr><td class="box_title">DANH MỤC</td></tr>
<tr><td><a href="default.asp?act=tintuc">Tin tức</a></td></tr>
<tr><td><a href="default.asp?act=gioithieu">Giới thiệu</a></td></tr></table></td>
<td><table>
<tr><td class="title_news"><font size="4"><b>Trao giải Hội thi Sáng tạo kỹ thuật tỉnh lần thứ I</b>
</font></td></tr>
<tr><td class="date_news"><font size="1">Cập nhật ngày: 06/11/2026 | Người đăng: admin</font></td></tr>
<tr><td class="content_news">{text}</td></tr></table></td></tr></table></body></html>"""


def test_an_old_table_layouts_title_cell_is_the_headline() -> None:
    article = parse_article("https://lhhgialai.org.vn/default.asp?act=chitiet&ID=512",
                            _TABLE_PAGE.format(text=_TEXT), None, now=NOW)
    assert article.title == "Trao giải Hội thi Sáng tạo kỹ thuật tỉnh lần thứ I"
    assert article.published is not None and article.published.date().isoformat() == "2026-11-06"
