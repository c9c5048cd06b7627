"""Captions in the editor's own shape (CKEditor: an image alone on a centred line, the caption
in italics on the next) become figure captions; an italic sentence of the text after an image
that is not set as a caption stays a paragraph."""

from __future__ import annotations

from datetime import UTC, datetime

from aggregator.parsing.extract import parse_article

NOW = datetime(2026, 11, 22, tzinfo=UTC)
PARAGRAPH = ("<p>Đề tài do Hội Nghề cá tỉnh chủ trì, thực hiện tại hai xã ven biển với quy mô "
             "12 ha, cho tôm càng xanh toàn đực đạt tỷ lệ sống cao hơn giống thường.</p>")
IMAGE = '<div style="text-align: center;"><img src="/anh/tom.jpg" alt=""></div>'


def _article(after_image: str) -> str:
    page = ('<html><head><meta property="og:title" content="Nghiệm thu đề tài tôm càng xanh">'
            '</head><body><h1>Nghiệm thu đề tài tôm càng xanh</h1><div itemprop="articleBody">'
            f"{PARAGRAPH}{IMAGE}{after_image}{PARAGRAPH}</div></body></html>")
    return parse_article("https://lhhcamau.vn/tin/1.html", page, None, now=NOW).body_html


def test_an_italic_line_under_a_lone_image_is_its_caption() -> None:
    body = _article('<div style="text-align: center;"><span><em>Hội đồng kiểm tra mẫu tôm tại '
                    "ruộng nuôi</em></span></div>")
    assert "<figcaption>Hội đồng kiểm tra mẫu tôm tại ruộng nuôi</figcaption>" in body


def test_a_plain_paragraph_after_an_image_is_text() -> None:
    body = _article("<p>Kết quả cho thấy năng suất đạt 480 kg/ha, cao hơn mô hình cũ.</p>")
    assert "<figcaption>" not in body
    assert "<p>Kết quả cho thấy năng suất đạt 480 kg/ha" in body


def test_a_caption_and_its_credit_in_paragraphs_of_their_own_stay_two_phrases() -> None:
    body = _article('<figure type="Photo"><img src="/anh/tom2.jpg" alt=""><figcaption '
                    'class="PhotoCMS_Caption"><p>Hội đồng kiểm tra mẫu tôm</p><p '
                    'class="PhotoCMS_Author">ẢNH: HOÀNG SƠN</p></figcaption></figure>')
    assert "<figcaption>Hội đồng kiểm tra mẫu tôm ẢNH: HOÀNG SƠN</figcaption>" in body
