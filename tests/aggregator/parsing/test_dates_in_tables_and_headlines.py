"""Dates printed below the headline that are not the page's: the headline's own words ("Lịch
cắt điện từ ngày 21 đến 23/11/2026"), the rows of a schedule table and the fields of a
record table ("Ngày nộp đơn | 14/09/2023"). The page's date is then the one printed by the
byline after the text."""

from __future__ import annotations

from datetime import UTC, datetime

from aggregator.parsing.extract import parse_article

NOW = datetime(2026, 11, 22, 5, tzinfo=UTC)
URL = "https://baobacgiang.example.vn/lich-cat-dien-tu-ngay-21-den-23-11-2026-12345.html"
TEXT = ("<p>Để bảo đảm vận hành an toàn lưới điện trước mùa cao điểm cuối năm, điện lực khu "
        "vực sẽ tạm ngừng cung cấp điện theo lịch cụ thể dưới đây, mong khách hàng thông cảm."
        "</p>") * 2
SCHEDULE = ("<table><tr><th>Ngày</th><th>Thời gian</th><th>Khu vực</th></tr>"
            "<tr><td>21/11/2026</td><td>07:00 - 11:30</td><td>Thôn Đồng Sen</td></tr>"
            "<tr><td>22/11/2026</td><td>06:00 - 16:00</td><td>Xã Tân Yên</td></tr>"
            "<tr><td>23/11/2026</td><td>07:30 - 10:30</td><td>Xã Lục Nam</td></tr></table>")
RECORD = ("<table><tr><td><strong>Số bằng</strong></td><td>1-0045872</td></tr>"
          "<tr><td><strong>Ngày nộp đơn</strong></td><td>14/09/2023</td></tr>"
          "<tr><td><strong>Ngày cấp</strong></td><td>25/09/2026</td></tr></table>")


def _page(headline: str, table: str) -> str:
    return (f"<html><head><title>{headline}</title></head><body><div class='news-details'>"
            f"<h1 class='news-details__title'>{headline}</h1><div class='news-details__content'>"
            f"{TEXT}{table}{TEXT}</div><div class='news-details__footer'><strong>Minh Thư"
            "</strong> <span class='news-details__time'>15:30 | 20/11/2026</span></div></div>"
            "</body></html>")


def _published(headline: str, table: str) -> str:
    article = parse_article(URL, _page(headline, table), None, now=NOW)
    assert article.published is not None
    return article.published.strftime("%Y-%m-%d %H:%M")


def test_a_date_in_the_headline_is_what_the_article_is_about() -> None:
    assert _published("Lịch cắt điện từ ngày 21 đến 23/11/2026", "") == "2026-11-20 15:30"


def test_the_rows_of_a_schedule_are_its_data() -> None:
    assert _published("Lịch cắt điện cuối tuần", SCHEDULE) == "2026-11-20 15:30"


def test_the_date_fields_of_a_record_are_its_data() -> None:
    assert _published("Giới thiệu sáng chế hệ thống sấy nông sản", RECORD) == "2026-11-20 15:30"


def test_a_layout_tables_date_row_is_still_the_date() -> None:
    # A classic table layout: the headline, the date line and the text are rows of one table.
    page = (f"<html><body><table><tr><td><h1>Lịch cắt điện cuối tuần</h1></td></tr>"
            "<tr><td class='date'>Thứ sáu, 20/11/2026 15:30</td></tr>"
            f"<tr><td>{TEXT}</td></tr><tr><td>Cập nhật 21/11/2026</td></tr></table>"
            "</body></html>")
    article = parse_article(URL, page, None, now=NOW)
    assert article.published is not None
    assert article.published.strftime("%Y-%m-%d %H:%M") == "2026-11-20 15:30"
