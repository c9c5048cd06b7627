"""trafilatura's answer as the second opinion: the headline it reads as text is left out (the
title is a field of its own, shown above the body in a feed entry), and the page's footer and
reader comments it reads as prose do not count against our body."""

from __future__ import annotations

import lxml.html

from aggregator.parsing.body import html_to_text
from aggregator.parsing.evidence import furniture_text
from aggregator.parsing.second_opinion import (
    drop_unshared_labels,
    own_lines,
    prefer_ours,
    without_furniture,
    without_headline,
)

HEADLINE = "Phân bón hữu cơ vi sinh cho sầu riêng trên đất bazan"
PARAGRAPH = "<p>Sáng 18/11, Hội Nông học tổ chức hội thảo về phân bón hữu cơ vi sinh.</p>"


def test_the_headline_as_text_before_the_first_paragraph_goes() -> None:
    html = without_headline(f"{HEADLINE}\n    {PARAGRAPH}", HEADLINE)
    assert html_to_text(html) == "Sáng 18/11, Hội Nông học tổ chức hội thảo về phân bón hữu cơ vi sinh."


def test_the_headline_as_the_first_block_goes_with_other_spacing_and_case() -> None:
    html = without_headline(f"<h2>{HEADLINE.upper()}  </h2>{PARAGRAPH}", f" {HEADLINE}")
    assert HEADLINE.casefold() not in html_to_text(html).casefold()
    assert "Hội Nông học" in html_to_text(html)


def test_a_first_paragraph_that_only_opens_with_the_headline_words_stays() -> None:
    opening = f"<p>{HEADLINE} là chủ đề hội thảo do Hội Nông học tổ chức sáng 18/11.</p>"
    assert without_headline(opening + PARAGRAPH, HEADLINE) == opening + PARAGRAPH
    assert without_headline(PARAGRAPH, "") == PARAGRAPH


def test_the_page_footer_in_trafilaturas_answer_is_furniture_but_a_posts_own_footer_is_not(
) -> None:
    # An old table layout: trafilatura reads the footer cell's address line as prose, which
    # would make our body look short of text.
    address = ("Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Long An - Địa chỉ: 137 đường Hùng "
               "Vương, phường Long An, tỉnh Tây Ninh")
    tree = lxml.html.document_fromstring(
        "<html><body><table><tr><td class=noidung><h1>Tập huấn drone</h1>"
        f"{PARAGRAPH}</td></tr><tr><td class=footer>{address}</td></tr></table>"
        "<article><p>Bài viết khác</p><footer class=entry-footer>Chuyên mục: Tin hoạt động "
        "của hội, đăng ngày 09/10/2026 bởi quản trị</footer></article></body></html>")
    headline = tree.find(".//h1")
    furniture = furniture_text(tree, (headline,))
    assert "137 đường hùng vương" in furniture
    assert "chuyên mục" not in furniture  # a post's own footer
    theirs = f"{PARAGRAPH}<p>{address}</p>"
    assert without_furniture(theirs, furniture) == PARAGRAPH
    # A footer around the headline is the page's wrapper, not furniture.
    assert furniture_text(tree, (tree.find(".//td[@class='footer']"),)) == ""


def test_trafilaturas_answer_loses_the_boxes_of_other_articles_ours_lose() -> None:
    # trafilatura keeps a list of other items that follows the text in the same container
    # ("Các số podcast khác"); taken as the body, it goes as it would from ours.
    from aggregator.parsing.second_opinion import without_boxes

    text = ("<p>Mùa khô năm nay được dự báo xâm nhập mặn sớm, nông dân trồng dừa chủ động trữ "
            "nước ngọt và cải tạo mương vườn để giữ năng suất.</p>")
    others = ("<h3>Các số podcast khác</h3><ul><li><a href='/p-1.html'>Nông dân làm giàu từ "
              "cây bưởi da xanh</a></li><li><a href='/p-2.html'>Chuyện những người giữ nghề dệt "
              "chiếu</a></li><li><a href='/p-3.html'>Học sinh vùng sông nước thi khoa học kỹ "
              "thuật</a></li></ul>")
    html, plain = without_boxes(text * 2 + others, "")
    assert "cây bưởi" not in html and "Các số podcast khác" not in plain
    assert plain.count("xâm nhập mặn sớm") == 2
    # nothing to cut: the answer and its text are returned as they were
    assert without_boxes(text, "as read") == (text, "as read")


def test_ours_wins_when_all_it_adds_is_captions_under_photos_and_chapter_numbers() -> None:
    # A long-form page: trafilatura drops the captions printed as an italic line under each
    # photo and the large chapter numbers; the prose is the same, so ours is the better.
    from aggregator.parsing.second_opinion import own_lines

    prose = ("<p>Từ những vườn cà phê già cỗi, hàng nghìn nông hộ chuyển sang canh tác xen cây "
             "rừng, giữ ẩm cho đất và tăng thu nhập trong những năm giá cà phê biến động.</p>")
    closing = "<p>Bài: Minh Thành</p>"
    ours_html = ('<div class="chapter"><span class="num">01</span><h2>Những vườn cà phê</h2></div>'
                 f'{prose}<p><img src="/a.jpg"></p><p><em>Vườn cà phê tái canh ở xã Cư M\'gar.'
                 f"</em></p>{prose}{closing}")
    ours = html_to_text(ours_html)
    assert ours.split("\n\n")[:2] == ["01", "Những vườn cà phê"]  # a block opens a line too
    theirs = html_to_text(f"<h2>Những vườn cà phê</h2>{prose}{prose}{closing}")
    captions = own_lines(ours_html)
    assert "Vườn cà phê tái canh ở xã Cư M'gar." in captions
    assert prefer_ours(ours, theirs, "", captions)
    assert not prefer_ours(ours, theirs, "", frozenset())  # an uncounted caption is furniture


def test_ours_wins_with_prose_between_shared_paragraphs_but_not_with_a_bio_after_them(
) -> None:
    # A WordPress explainer's warning box sits between the paragraphs both bodies hold;
    # trafilatura skips it. A paragraph ours adds after the shared text (a writer's bio, a
    # notice) is the furniture trafilatura rightly left out.
    shared = [f"Điều {n}: người dân cần kiểm tra dây dẫn, ổ cắm và cầu dao trong nhà trước mùa "
              f"mưa lũ, nhờ thợ điện có chứng chỉ thay những thiết bị đã hư hỏng." for n in range(4)]
    box = ("Cảnh báo: Tuyệt đối không dùng tay không hoặc vật dẫn điện để kéo người bị điện giật "
           "ra khỏi nguồn điện, hãy ngắt cầu dao trước.")
    bio = ("Tác giả là kỹ sư điện, nhiều năm làm công tác an toàn lưới điện tại địa phương và "
           "viết chuyên mục hướng dẫn cho bạn đọc.")
    theirs = "\n\n".join(shared)
    ours = "\n\n".join([*shared[:2], box, *shared[2:], "Phan Minh Đức"])
    assert prefer_ours(ours, theirs)
    assert not prefer_ours("\n\n".join([*shared, bio, "Phan Minh Đức"]), theirs)
    # a short label between the shared paragraphs is still furniture
    assert not prefer_ours("\n\n".join([*shared[:2], "Chia sẻ mục này", *shared[2:]]), theirs)
    # a reader's letter quoted with its signature is the article's own; a slideshow's
    # captions after a line of prose are not
    letter = ("Tôi là Hoàng Văn Tùng, trú tại thôn Khe Cam. Từ sau đợt mưa lũ tháng 9, đường ống "
              "dẫn nước về bể chứa bị gãy nhiều đoạn, bà con phải đi gánh nước suối.")
    signed = "\n\n".join([*shared[:2], letter, "Bạn đọc Hoàng Văn Tùng, thôn Khe Cam",
                           *shared[2:]])
    assert prefer_ours(signed, theirs)
    captions = [f"Mẫu tàu đổ bộ số {n} của nhà thầu." for n in range(3)]
    assert not prefer_ours("\n\n".join([*shared[:2], letter, *captions, *shared[2:]]), theirs)


def test_a_lists_items_punctuated_as_clauses_are_the_texts_own_lines_a_link_list_is_not() -> None:
    from aggregator.parsing.second_opinion import own_lines

    conditions = ("<p><b>1. Đối tượng dự tuyển</b></p><ul><li>Công dân trong độ tuổi từ 18 đến 45;"
                  "</li><li>Tốt nghiệp trung học phổ thông trở lên;</li><li>Có máy tính để thực "
                  "hành.</li></ul>")
    assert "Tốt nghiệp trung học phổ thông trở lên;" in own_lines(conditions)
    related = ("<p><b>Tin khác</b></p><ul><li><a href='/a.html'>Khai giảng lớp nhân giống cây lâm "
               "nghiệp.</a></li><li><a href='/b.html'>Trao chứng chỉ cho 32 học viên.</a></li></ul>")
    assert "Trao chứng chỉ cho 32 học viên." not in own_lines(related)


def test_the_printed_sapo_leaves_the_body_under_a_page_builders_wrappers_and_trafilaturas() -> None:
    from aggregator.parsing.body import drop_repeated_lead, inner_html
    from aggregator.parsing.second_opinion import without_repeated_lead

    sapo = ("Ngày 27/10, Liên hiệp hội tổ chức hội thảo tư vấn, phản biện đề án phát triển vùng "
            "cam đặc sản gắn với chỉ dẫn địa lý giai đoạn 2026-2030.")
    text = ("<p>Theo dự thảo, đến năm 2030 toàn tỉnh có 5.500 ha cam, trong đó 60% đạt tiêu chuẩn "
            "VietGAP và được cấp mã số vùng trồng.</p>")
    # Flatsome's UX Builder: section > row > column > text block, each a div around the text.
    built = (f'<div class="section"><div class="row"><div class="col"><div class="col-inner">'
             f'<div class="text"><p><strong>{sapo}</strong></p>{text}</div></div></div></div>'
             "</div>")
    body = lxml.html.fragment_fromstring(built, create_parent="div")
    drop_repeated_lead(body, sapo)
    assert "Ngày 27/10" not in body.text_content() and "5.500 ha" in body.text_content()
    assert "5.500 ha" in inner_html(body)
    theirs = without_repeated_lead(f"<p>{sapo}</p>{text}", sapo)
    assert "Ngày 27/10" not in theirs and "5.500 ha" in theirs


def test_a_paragraph_all_in_bold_is_a_subheading_of_the_text() -> None:
    from aggregator.parsing.second_opinion import own_lines

    html = ("<p>Hiện toàn khu vực có khoảng 11.000 ha thanh long.</p><p><strong>Hướng tới vùng "
            "trồng đạt chuẩn xuất khẩu</strong></p><p>Nông dân được hướng dẫn ghi nhật ký.</p>"
            "<p>Giá bán <strong>tăng 20%</strong> so với năm trước.</p>")
    lines = own_lines(html)
    assert "Hướng tới vùng trồng đạt chuẩn xuất khẩu" in lines
    assert "Giá bán tăng 20% so với năm trước." not in lines  # bold words in a sentence


def test_list_items_written_without_their_list_and_a_line_repeating_a_photos_alt_are_own_lines(
) -> None:
    from aggregator.parsing.second_opinion import own_lines

    # Old Joomla: <li> items straight in the cell, introduced by the line before them.
    loose = ("<p>Một số sáng kiến tiêu biểu được tuyên dương:</p><li>Cải tiến đồ gá hàn khung xe"
             "</li><li>Hệ thống cảnh báo quá tải băng chuyền</li><p>Phát biểu tại chương trình, "
             "bà Loan đánh giá cao phong trào.</p>")
    assert "Hệ thống cảnh báo quá tải băng chuyền" in own_lines(loose)
    # A caption under a photo as a plain <span> after a <br>, saying what the alt text says.
    caption = "Cán bộ thư viện hướng dẫn bạn đọc tra cứu sắc phong."
    photo = f'<p><img src="/a.jpg" alt="{caption}"><br><span>{caption}</span></p>'
    assert caption in own_lines(photo)


def test_a_vietnamese_right_column_is_furniture() -> None:
    # "cột phải": an opening-hours box trafilatura reads as a sentence of prose.
    tree = lxml.html.document_fromstring(
        f"<html><body><div id=cot-trai><h1>Số hóa tài liệu địa chí</h1>{PARAGRAPH}</div>"
        "<div id=cot-phai><div class=hop><h3>Giờ phục vụ</h3><p>Thứ Hai - Thứ Sáu: 7h30 - 17h00"
        "<br>Nghỉ các ngày lễ, Tết theo quy định.</p></div></div></body></html>")
    assert "nghỉ các ngày lễ" in furniture_text(tree, (tree.find(".//h1"),))


def test_a_sapo_printed_in_bold_then_repeated_plain_leaves_the_body_both_times() -> None:
    from aggregator.parsing.body import drop_repeated_lead

    sapo = ("Sáng 5/11, UBND xã tổ chức ra mắt Tổ hợp tác sản xuất dâu theo hướng hữu cơ với 24 "
            "thành viên.")
    body = lxml.html.fragment_fromstring(
        f"<div><p><strong>{sapo}</strong></p><p>{sapo}</p><p>Tổ hợp tác được thành lập trên cơ "
        "sở tự nguyện.</p></div>")
    drop_repeated_lead(body, sapo)
    assert "Sáng 5/11" not in body.text_content() and "Tổ hợp tác được" in body.text_content()


def test_the_short_line_after_a_quote_is_its_attribution_an_own_line() -> None:
    from aggregator.parsing.second_opinion import own_lines

    html = ("<p>Nhóm nghiên cứu đã thu thập hơn 140 mẫu đất tại các cánh đồng.</p><blockquote>"
            "Chúng tôi muốn người nông dân thấy rơm rạ là tài nguyên chứ không phải rác."
            "</blockquote><div>TS. Lê Quang Vinh, chủ nhiệm đề tài</div><p>Kết quả thử nghiệm "
            "trên 12 ha lúa cho thấy rơm rạ phân hủy nhanh.</p>")
    assert "TS. Lê Quang Vinh, chủ nhiệm đề tài" in own_lines(html)


def test_a_short_piece_of_a_line_kept_whole_is_not_a_label() -> None:
    """A file's link inside a list item the text introduces ("Danh mục biểu mẫu …:"): the
    item is the notice's own line, and its link is not a label trafilatura's answer lacks."""
    item = "Mẫu 02: Thuyết minh nhiệm vụ (112 KB)"
    body = (f"{PARAGRAPH}<p>Danh mục biểu mẫu kèm theo thông báo:</p><ul><li><span><a "
            f'href="/files/mau-02.docx">Mẫu 02: Thuyết minh nhiệm vụ</a></span> (112 KB)</li>'
            "<li>Mẫu 03: Lý lịch khoa học (39 KB)</li></ul>")
    kept = drop_unshared_labels(body, html_to_text(PARAGRAPH), own_lines(body))
    assert item in html_to_text(kept)
