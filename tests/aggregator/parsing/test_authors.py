"""Bylines: which short credit lines name people, and which name desks, agencies or papers."""

from __future__ import annotations

from datetime import UTC, datetime

import lxml.html
import pytest

from aggregator.parsing.authors import byline_names, structured_authors, trailing_byline
from aggregator.parsing.extract import parse_article


@pytest.mark.parametrize(("line", "names"), [
    ("Thanh Huyền", ["Thanh Huyền"]),
    ("Tin, ảnh: P.Y", ["P.Y"]),
    ("Bài và ảnh: Lê Vy", ["Lê Vy"]),
    ("Đức Anh - Thu Hà", ["Đức Anh", "Thu Hà"]),
    ("Nguyễn Văn Minh - Trần Thu Hà (TTXVN)", ["Nguyễn Văn Minh", "Trần Thu Hà"]),
    ("Tin, ảnh: Thu Sương/CTV", ["Thu Sương"]),
    ("Phạm Hòa/VOV-ĐBSCL", ["Phạm Hòa"]),  # a broadcaster's regional office
    ("Thu Hà (tổng hợp)", ["Thu Hà"]),
    ("Thu Hà tổng hợp", ["Thu Hà"]),  # what the writer did, not part of the name
    ("Anh Vũ dịch", ["Anh Vũ"]),  # the translator of a translated article
    ("Người dịch: Lê Minh Hải", ["Lê Minh Hải"]),
    ("Nguyễn Dịch", ["Nguyễn Dịch"]),  # a name that ends in the word
    ("Người viết: Phạm Thị Thu Hà", ["Phạm Thị Thu Hà"]),
    ("Lương y Lê Văn Thọ", ["Lê Văn Thọ"]),  # a traditional-medicine practitioner's title
    ("NGỌC HÀ", ["Ngọc Hà"]),  # printed in capitals, published as a name is written
    ("Bài và ảnh: MINH THUẬN", ["Minh Thuận"]),
    ("GS, TS TRẦN VĂN HẢI", ["Trần Văn Hải"]),  # titles are not part of the name
    ("TS. Phạm Quang Huy", ["Phạm Quang Huy"]),
    ("Luật sư Võ Minh Khoa (Đoàn Luật sư tỉnh Đồng Tháp)", ["Võ Minh Khoa"]),
    ("LS. Võ Minh Khoa", ["Võ Minh Khoa"]),
    ("Bác sĩ Lê Thị Lan", ["Lê Thị Lan"]),
    ("Phòng Bạn đọc - Báo Thanh Hóa", []),  # a desk ("phòng": a newsroom's department)
    ("Hoàng Yến - PGS.TS Đức Duy", ["Hoàng Yến", "Đức Duy"]),
    # each credited on one line: the writer and the photographer
    ("Tin: Lò Văn Thanh - Ảnh: Cầm Thị Mai", ["Lò Văn Thanh", "Cầm Thị Mai"]),
    ("H’Xuân Byă", ["H’Xuân Byă"]),  # Ê Đê names keep their apostrophe
    ("Trọng Linh Thứ Hai, 09/11/2026 - 10:15", ["Trọng Linh"]),
    ("Nguyễn Thị Thảo - Văn phòng Liên hiệp hội", ["Nguyễn Thị Thảo"]),  # person - workplace
    ("TS. Phạm Văn Khải - Hội đồng Khoa học, Tạp chí Năng lượng Việt Nam", ["Phạm Văn Khải"]),
    # writers, then their workplace after a comma
    ("Nguyễn Thanh Tùng – Phạm Thu Hà, Học viện Hành chính và Quản trị công",
     ["Nguyễn Thanh Tùng", "Phạm Thu Hà"]),
    ("Đại học Bách khoa Hà Nội", []),
    ("Super User", []),  # Joomla's login
    ("Nguyễn Thị Thanh Hà1*, Lâm Văn Phúc2", ["Nguyễn Thị Thanh Hà", "Lâm Văn Phúc"]),
    ("Báo Lào Cai - Thu Hà", []),
    ("Theo TTXVN", []),
    # a writer's role before the name: a collaborator, a reporter
    ("Hồng Thủy - CTV Quang Nhật", ["Hồng Thủy", "Quang Nhật"]),
    ("PV Minh Hà", ["Minh Hà"]),
    # a broadcaster's regional office after a slash, in words; a "Bài/ảnh:" credit
    ("Hoàng Thu/VOV-Tây Bắc", ["Hoàng Thu"]),
    ("Bài/ảnh: Lê Na", ["Lê Na"]),
    # a signer's position after the name, with its own "và"
    ("TSKH. Đỗ Minh Khôi - Phó Chủ tịch Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam",
     ["Đỗ Minh Khôi"]),
    ("TS. Lê Đình Sơn, Chủ tịch Liên hiệp hội tỉnh", ["Lê Đình Sơn"]),
    # "Theo" a foreign outlet is the source, "Theo" a person the writer
    ("Theo Reuters", []),
    ("Theo Nikkei Asia", []),
    ("Theo Minh Anh", ["Minh Anh"]),
    ("Theo P.Y", ["P.Y"]),
    ("Theo Báo Nhân Dân", []),
    ("(Nguồn: Báo Quảng Ngãi)", []),
    ("(Theo Báo Nhân Dân)", []),  # a credit in brackets reads as the credit
    ("LHH Bạc Liêu", []),  # "LHH": a union (Liên hiệp hội), no person
    ("(Theo Reuters)", []),
    ("Nhóm PV", []),
    ("Hội Nông dân", []),
    ("Các đại biểu tham quan mô hình", []),
])
def test_byline_names(line: str, names: list[str]) -> None:
    assert byline_names(line) == names


@pytest.mark.parametrize(("tail", "names"), [
    ('<p style="text-align:right"><strong>Thu Hà</strong></p>', ["Thu Hà"]),
    ('<p style="text-align:right"><strong>Thu Hà</strong></p>'
     "<p><em>(Nguồn: Báo Quảng Ngãi)</em></p>", ["Thu Hà"]),
    ("<p><strong>Thiên Vỹ</strong></p><p><em>Bài viết có sử dụng số liệu của Chi cục Kiểm lâm."
     "</em></p>", ["Thiên Vỹ"]),
    ("<p><strong>Hà Vy</strong></p><p>Hội nghị kết thúc cùng ngày với nhiều kiến nghị.</p>", []),
    # The writer's institution under the name is looked past.
    ("<p><strong>Nguyễn Thị Thu Hà</strong></p><p><em>Viện Sinh thái và Tài nguyên sinh vật"
     "</em></p>", ["Nguyễn Thị Thu Hà"]),
    ("<p><strong>Theo TTXVN</strong></p>", []),
    # a translation: the translator, then the foreign source
    ('<p style="text-align:right"><strong>Minh Anh (dịch)</strong></p>'
     '<p style="text-align:right"><em>Theo Reuters</em></p>', ["Minh Anh"]),
    # a signed paper, then the footnote saying where it was read
    ('<p style="text-align:right"><strong>TS. Đỗ Minh Khôi</strong></p>'
     "<p><em>(*) Tham luận tại Hội thảo khoa học ngày 14/11/2026.</em></p>", ["Đỗ Minh Khôi"]),
    # A long-form page's credits: the writers, then the photographer and the designer.
    ("<p>Nội dung: Trần Quang - Lê Hà</p><p>Ảnh: Thành Đạt</p><p>Trình bày: Mai Anh</p>",
     ["Trần Quang", "Lê Hà"]),
    # A line crediting its writers outright needs no bold (trafilatura's answer drops it).
    ("<p>Thực hiện: Hải Quân - Trọng Tín</p>", ["Hải Quân", "Trọng Tín"]),
    # A video article's only credit is its video's; a photo credit alone names no writer.
    ('<p style="text-align:right"><strong>Video: Lò Thành</strong></p>', ["Lò Thành"]),
    ("<p>Ảnh: Thành Đạt</p>", []),
])
def test_trailing_byline_skips_source_notes_but_not_text(tail: str, names: list[str]) -> None:
    body = lxml.html.fragment_fromstring(
        f"<p>Đoạn mở đầu của bài viết về hội thảo khoa học.</p>{tail}", create_parent="div")
    assert trailing_byline(body)[0] == names


@pytest.mark.parametrize(("signature", "names"), [
    # An invitation or a press release issued on behalf of the union's board ("TM."): the
    # document is the organisation's, its signer is not credited as a writer.
    ('<p style="text-align:right"><strong>TM. BAN THƯỜNG VỤ</strong></p><p style="text-align:'
     'right"><strong>PHÓ CHỦ TỊCH</strong></p><p><em>(đã ký)</em></p><p style="text-align:right">'
     "<strong>TS. Lê Văn Khoa</strong></p>", []),
    # A decision: the recipients' list beside the signature.
    ("<table><tr><td><b><i>Nơi nhận:</i></b><br>- Như Điều 3;<br>- Lưu: VT.</td><td><b>CHỦ TỊCH"
     "</b><br><i>(Đã ký)</i><br><b>PGS.TS Lâm Quốc Thịnh</b></td></tr></table>", []),
    # A decision pasted one line per paragraph, the lines apart in the source: its recipients
    # and the signer's position a dozen pieces of text before the name, with the white space
    # between them.
    ("<p><strong><em>Nơi nhận:</em></strong></p>\n<p>- Như Điều 3;</p>\n<p>- UBND tỉnh (để b/c);"
     "</p>\n<p>- Sở Khoa học và Công nghệ;</p>\n<p>- Lưu: VT, VP.</p>\n<p><strong>CHỦ TỊCH"
     "</strong></p>\n<p><em>(Đã ký)</em></p>\n<p><strong>Trần Quốc Dũng</strong></p>", []),
    # A letter its signer writes in his own name: he is its author.
    ('<p style="text-align:right"><strong>CHỦ TỊCH</strong></p><p><em>(Đã ký)</em></p>'
     '<p style="text-align:right"><strong>TS. Phạm Văn Hưng</strong></p>', ["Phạm Văn Hưng"]),
])
def test_the_signer_of_an_official_document_is_not_its_author(signature: str,
                                                              names: list[str]) -> None:
    body = lxml.html.fragment_fromstring(
        f"<p>Liên hiệp Hội trân trọng kính mời Quý đại biểu tới dự hội thảo.</p>{signature}",
        create_parent="div")
    assert trailing_byline(body)[0] == names


_TEXT = "".join(f"<p>Đoạn {n} của bài viết về mô hình tưới tiết kiệm nước cho cà phê ở xã Chư Sê, "
                f"do hội viên nông dân tự lắp đặt và vận hành trong mùa khô năm nay.</p>"
                for n in range(1, 5))


@pytest.mark.parametrize(("after_body", "last_line"), [
    # mCMS prints the byline in its own block just after the body container
    ('<div class="t1"><span class="t2">HOÀNG NGỌC</span></div>', "HOÀNG NGỌC"),
    # the names in bold with the date beside them: the names alone
    ('<div class="post-author"><strong>Ngọc Hân</strong> <span>09:20 16/11/2026</span></div>',
     "Ngọc Hân"),
    # a related list first: the byline is not the article's end
    ('<ul class="other"><li><a href="/a.html">Tin khác về nông nghiệp tỉnh nhà</a></li></ul>'
     '<div class="t1"><span class="t2">HOÀNG NGỌC</span></div>', None),
])
def test_a_byline_printed_just_after_the_body_ends_its_text(after_body: str,
                                                            last_line: str | None) -> None:
    page = (f'<html><head><meta property="og:title" content="Tưới tiết kiệm"></head><body>'
            f'<h1 class="cms-title">Tưới tiết kiệm</h1><div class="cms-body" '
            f'itemprop="articleBody">{_TEXT}</div>{after_body}</body></html>')
    article = parse_article("https://baogialai.com.vn/tuoi-tiet-kiem-post1.html", page, None,
                            now=datetime(2026, 11, 22, tzinfo=UTC))
    last = article.body_text.rsplit("\n\n", 1)[-1]
    if last_line is None:
        assert last.startswith("Đoạn 4")
    else:
        assert last == last_line


@pytest.mark.parametrize(("name", "names"), [
    ("Thanh Tâm - Quốc Việt", ["Thanh Tâm", "Quốc Việt"]),  # two writers in one JSON-LD name
    ("Markus M. Haefliger, London, Beat Bumbacher", ["Markus M. Haefliger, London, Beat Bumbacher"]),
    ("Minh Anh", ["Minh Anh"]),
])
def test_json_ld_author_names(name: str, names: list[str]) -> None:
    assert structured_authors({"author": {"@type": "Person", "name": name}}, set()) == names
