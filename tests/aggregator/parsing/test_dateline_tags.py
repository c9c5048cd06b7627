"""Dateline tags that open a sapo, as the held-out rounds met them: the lead loses the tag,
a sentence that merely starts with capitals or "TP." keeps its words."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from aggregator.parsing.body import strip_dateline
from aggregator.parsing.extract import parse_article


@pytest.mark.parametrize(("sapo", "lead"), [
    ("LSO-Sáng 12/11, hội nghị khai mạc.", "Sáng 12/11, hội nghị khai mạc."),
    ("(BNA) - Sáng 12/11, hội nghị khai mạc.", "Sáng 12/11, hội nghị khai mạc."),
    ("QĐND Online - Ngày 17-11, đề tài được nghiệm thu.", "Ngày 17-11, đề tài được nghiệm thu."),
    ("VOV.VN - Sáng nay, hội thảo diễn ra.", "Sáng nay, hội thảo diễn ra."),
    ("GD&TĐ - Từ học kỳ II, 30 trường thí điểm.", "Từ học kỳ II, 30 trường thí điểm."),
    ("TGVN. Chính phủ Hàn Quốc công bố kế hoạch.", "Chính phủ Hàn Quốc công bố kế hoạch."),
    (" - Giá điện tăng, doanh nghiệp lắp điện mặt trời.", "Giá điện tăng, doanh nghiệp lắp điện mặt trời."),
    ("TP. Huế đón 2 triệu lượt khách.", "TP. Huế đón 2 triệu lượt khách."),
    ("Hội An - Tam Kỳ: tuyến xe buýt mới.", "Hội An - Tam Kỳ: tuyến xe buýt mới."),
    ("UBND tỉnh ban hành kế hoạch.", "UBND tỉnh ban hành kế hoạch."),
    ("(NB&CL) Ngày 15/11, hội thảo diễn ra.", "Ngày 15/11, hội thảo diễn ra."),
    ("(Ảnh minh họa) Ngày 15/11, hội thảo diễn ra.", "(Ảnh minh họa) Ngày 15/11, hội thảo diễn ra."),
    ("Hà Nội (TTXVN) Ngày 15/11, hội thảo diễn ra.", "Hà Nội (TTXVN) Ngày 15/11, hội thảo diễn ra."),
])
def test_strip_dateline(sapo: str, lead: str) -> None:
    assert strip_dateline(sapo) == lead


def test_the_sites_own_name_as_a_tag_leaves_the_lead() -> None:
    page = ('<html><head><meta property="og:title" content="Hà Nội gắn trạm quan trắc 38 hồ">'
            '<meta property="og:description" content="Kinhtedothi - Từ tháng 12, 38 hồ nội đô '
            'được gắn trạm quan trắc tự động."></head><body><h1>Hà Nội gắn trạm quan trắc 38 hồ'
            '</h1><div class="noi-dung">' + "<p>Trạm đo nhiệt độ, độ đục và oxy hòa tan của nước "
            "hồ, truyền dữ liệu về trung tâm điều hành theo thời gian thực.</p>" * 3
            + "</div></body></html>")
    article = parse_article("https://kinhtedothi.vn/ha-noi-gan-tram-quan-trac.html", page, None,
                            now=datetime(2026, 11, 22, tzinfo=UTC))
    assert article.lead == "Từ tháng 12, 38 hồ nội đô được gắn trạm quan trắc tự động."


def test_the_sites_name_glued_to_its_dash_leaves_the_lead_and_the_repeat_the_body() -> None:
    sapo = ("Sau 15 ngày làm việc, trại sáng tác văn học dành cho người viết trẻ đã bế mạc chiều "
            "9/11 tại Đà Lạt.")
    page = ('<html><head><meta property="og:title" content="Bế mạc trại sáng tác văn học trẻ">'
            f'<meta property="og:description" content="Vanvn- {sapo}"></head><body><h1>Bế mạc '
            f'trại sáng tác văn học trẻ</h1><div class="td-post-content"><p><strong>Vanvn- {sapo}'
            "</strong></p>" + "<p>Các tác phẩm được hội đồng nghệ thuật đánh giá cao về đề tài và "
            "giọng văn, nhiều bài sẽ được in trên báo Văn nghệ.</p>" * 3 + "</div></body></html>")
    article = parse_article("https://vanvn.vn/be-mac-trai-sang-tac/", page, None,
                            now=datetime(2026, 11, 22, tzinfo=UTC))
    assert article.lead == sapo
    assert "Sau 15 ngày làm việc" not in article.body_text
