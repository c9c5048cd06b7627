"""What sits in an article's text but is not text: a reader poll's question and buttons, the
fallback of a TikTok or Instagram embed (the account, hashtags, "♬ nhạc nền"), and a scene
break printed as "***" (a rule, not a line of the story)."""

from __future__ import annotations

from datetime import UTC, datetime

import lxml.html

from aggregator.parsing.body import html_to_text, inner_html, remove_boilerplate
from aggregator.parsing.extract import parse_article

NOW = datetime(2026, 11, 22, tzinfo=UTC)
URL = "https://baocamau.example.vn/cho-khong-tui-ni-long-a12345.html"
TEXT = ("<p>Từ đầu tháng 11, ba chợ truyền thống của tỉnh thí điểm thay túi ni lông khó phân hủy "
        "bằng túi sinh học làm từ tinh bột khoai mì, được tiểu thương và người đi chợ ủng hộ.</p>")


def _body(middle: str) -> str:
    """The body container's text after the boilerplate cuts every body gets."""
    body = lxml.html.fragment_fromstring(f"{TEXT * 2}{middle}{TEXT}", create_parent="div")
    remove_boilerplate(body, ())
    return html_to_text(inner_html(body))


def test_a_reader_poll_in_the_text_is_not_text() -> None:
    body = _body("<div class='poll-widget'><div class='poll-widget__question'>Bạn có đồng ý với "
                 "việc không dùng túi ni lông tại chợ?</div><form><label><input type='radio'> "
                 "Đồng ý</label><button>Bình chọn</button></form></div>")
    assert "Bạn có đồng ý" not in body and "túi sinh học" in body


def test_a_tiktok_embeds_fallback_is_not_text() -> None:
    body = _body("<blockquote class='tiktok-embed' cite='https://www.tiktok.com/@dulich/video/1'>"
                 "<section><a href='https://www.tiktok.com/@dulich'>@dulichtayninh</a> Đỉnh núi "
                 "đêm khai mạc lễ hội xuân lung linh quá, cả nhà ơi nhớ ghé chơi cuối tuần này "
                 "nhé <a href='#'>#nuibaden</a> <a href='#'>♬ nhạc nền</a></section></blockquote>")
    assert "@dulichtayninh" not in body and "♬" not in body


def test_a_scene_break_is_a_rule_not_a_line() -> None:
    page = (f"<html><head><title>Truyện ngắn: Mùa gặt</title></head><body><article>"
            f"<h1>Truyện ngắn: Mùa gặt</h1><div class='post-content'>{TEXT * 2}"
            f"<p style='text-align:center'>***</p>{TEXT}<p>* * *</p>{TEXT}</div></article>"
            "</body></html>")
    article = parse_article(URL, page, None, now=NOW)
    assert "*" not in article.body_text
    assert article.body_html.count("<hr") == 2


def test_a_footnotes_back_link_and_a_health_sites_disclaimer_are_not_text() -> None:
    body = _body("<ol class='footnotes'><li id='fn1'>[1] Tán xạ Rayleigh mang tên nhà vật lý "
                 "Lord Rayleigh. <a href='#ref1'>↩</a></li></ol><div class='note-box'><p><strong>"
                 "Lưu ý:</strong> Bài viết chỉ mang tính chất tham khảo, không thay thế cho việc "
                 "chẩn đoán hoặc điều trị y khoa.</p></div>")
    assert "↩" not in body and "Tán xạ Rayleigh" in body
    assert "tham khảo" not in body
