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
