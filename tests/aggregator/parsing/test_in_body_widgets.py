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


def test_players_embeds_and_calls_to_follow_in_the_text_are_not_text() -> None:
    """A Video.js player's chrome, a Facebook post's embed code with its "view on" line, a
    newsletter sign-up and a Zalo Official Account box: none is a line of the story."""
    player = ("<div class='video-embed qdnd-player'><div class='vjs-control-bar'><span "
              "class='vjs-now-playing'>Video đang phát</span><button class='vjs-skip-ad'>Tắt "
              "quảng cáo</button></div></div>")
    facebook = ("<div class='embed-social embed-facebook'><div class='fb-post'><blockquote "
                "class='fb-xfbml-parse-ignore'><p>Mùa thả giống mới trên vịnh</p>Đăng bởi <a "
                "href='https://www.facebook.com/hoi'>Hội Nghề cá</a></blockquote></div><p><a "
                "href='https://www.facebook.com/hoi/posts/1'>Xem trên Facebook</a></p></div>")
    newsletter = ("<div class='detail__newsletter'><h3>Đăng ký nhận bản tin</h3><p>Nhận tin nổi "
                  "bật của Thủ đô qua email vào 6h sáng mỗi ngày.</p></div>")
    zalo = ("<div class='zalo-oa-box'><img src='/zalo.png'><p>Quan tâm Zalo OA Báo Cà Mau để "
            "nhận tin tức nhanh</p><a href='https://zalo.me/baocamau'>Quan tâm</a></div>")
    body = _body(player + facebook + newsletter + zalo)
    for furniture in ("Video đang phát", "Tắt quảng cáo", "Mùa thả giống", "Xem trên Facebook",
                      "Đăng ký nhận bản tin", "6h sáng", "Zalo OA", "Quan tâm"):
        assert furniture not in body
    assert body.count("túi sinh học") == 3


def test_a_share_bars_label_goes_with_its_links() -> None:
    body = _body("<div id='BOX_SHARE'><div class='ladi-box'></div><div>Chia sẻ bài viết:</div>"
                 "<a href='https://www.facebook.com/sharer/sharer.php?u=x'>Facebook</a> "
                 "<a href='https://zalo.me/share?u=x'>Zalo</a></div>")
    assert "Chia sẻ" not in body and "Facebook" not in body
    assert body.count("túi sinh học") == 3


def test_a_related_card_opening_with_its_thumbnail_between_paragraphs_is_not_text() -> None:
    card = ("<div class='box-article-related'><article class='story story--related'><figure "
            "class='story__thumb'><a href='/tin-khac-1.html'><img src='/t.jpg' alt=''></a>"
            "</figure><h3 class='story__heading'><a href='/tin-khac-1.html'>Cà Mau mở rộng mô "
            "hình tôm - lúa thích ứng biến đổi khí hậu</a></h3><div class='story__summary'>Mô "
            "hình luân canh một vụ tôm, một vụ lúa giúp nông dân giữ thu nhập ổn định.</div>"
            "</article></div>")
    body = _body(card)
    assert "Cà Mau" not in body and "luân canh" not in body
    assert body.count("túi sinh học") == 3


def test_a_tables_cells_pasted_as_paragraphs_or_broken_lines_read_as_one_line_a_row() -> None:
    table = ("<table><tr><td><p>Năm</p></td><td><p>Số lồng</p></td></tr><tr><td><p>2025</p>"
             "</td><td><p>3.420</p></td></tr></table>")
    lines = html_to_text(f"{TEXT}{table}").split("\n\n")
    assert lines[1:] == ["Năm Số lồng", "2025 3.420"]
    # A layout cell holding the text's paragraphs keeps them.
    layout = f"<table><tr><td>{TEXT}{TEXT}</td></tr></table>"
    assert len(html_to_text(layout).split("\n\n")) == 2
    # A cell's lines broken by <br> read on the row's line too (a decision's recipients
    # beside its signature), where a row's only cell keeps them as lines.
    signature = ("<table><tr><td><b>Nơi nhận:</b><br>- Như Điều 4;<br>- Lưu: VP.</td><td><b>CHỦ "
                 "TỊCH</b><br><i>(Đã ký)</i><br><br><b>Trần Văn Khôi</b></td></tr></table>")
    assert html_to_text(signature) == ("Nơi nhận: - Như Điều 4; - Lưu: VP. CHỦ TỊCH (Đã ký) "
                                       "Trần Văn Khôi")
    address = "<table><tr><td>Số 9 Hoàng Văn Thụ<br><br>phường Phan Đình Phùng</td></tr></table>"
    assert html_to_text(address) == "Số 9 Hoàng Văn Thụ\n\nphường Phan Đình Phùng"


def test_a_players_fallback_text_and_an_other_notices_box_are_not_text() -> None:
    body = _body("<video controls><source src='/v.mp4'>Trình duyệt của bạn không hỗ trợ video."
                 "</video><h3>Các thông báo khác</h3><ul><li><a href='/tb/1.html'>Thông báo kết "
                 "quả xét chọn đề tài năm 2027</a></li><li><a href='/tb/2.html'>Thông báo tuyển "
                 "sinh lớp tập huấn kỹ năng phản biện</a></li></ul>")
    assert "không hỗ trợ video" not in body and "thông báo" not in body.casefold()


def test_files_the_text_introduces_are_text_an_attachments_box_is_not() -> None:
    files = ("<ul><li><a href='/files/mau-01.docx'>Mẫu 01: Phiếu đề xuất nhiệm vụ khoa học (48 "
             "KB)</a></li><li><a href='/files/qd-1452.pdf'>Quyết định số 1452/QĐ-ĐHTN ngày "
             "20/10/2026 (1,2 MB)</a></li></ul>")
    body = _body(f"<p>Danh mục biểu mẫu kèm theo thông báo:</p>{files}")
    assert "Danh mục biểu mẫu" in body and "Mẫu 01: Phiếu đề xuất" in body
    body = _body(f"<h3>Tài liệu đính kèm</h3>{files}")
    assert "Tài liệu đính kèm" not in body and "Mẫu 01" not in body
