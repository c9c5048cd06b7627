"""Boxes of other articles inside a declared body, recognised by shape: one teaser dropped
between paragraphs (VCCorp's link-content-footer: a headline link and its sapo) goes, a
paragraph of the article that opens with a link stays; a prompt to watch a video, an ad
slot's label and a theme's meta line (uploader, views) go."""

from __future__ import annotations

from datetime import UTC, datetime

from aggregator.parsing.extract import parse_article

NOW = datetime(2026, 11, 22, tzinfo=UTC)
PARAGRAPH = ("<p>Bệnh viện đưa phần mềm trí tuệ nhân tạo vào đọc phim chụp cắt lớp, giúp bác sĩ "
             "quyết định can thiệp sớm hơn khoảng hai mươi phút cho người bệnh đột quỵ.</p>")
TEASER = ('<div class="VCSortableInPreviewMode link-content-footer" type="link-content-footer">'
          '<a href="/thanh-lap-mang-luoi-dot-quy-2026.htm">Thành lập mạng lưới đột quỵ liên viện '
          'khu vực phía Nam</a><p>Mạng lưới gồm 18 bệnh viện hỗ trợ chuyển viện trong "thời gian '
          'vàng".</p></div>')
LINKED_PARAGRAPH = ('<p><a href="/benh-vien-cho-ray.htm">Bệnh viện Chợ Rẫy</a> cho biết sẽ '
                    "chia sẻ dữ liệu phim chụp với các bệnh viện tuyến tỉnh trong mạng lưới.</p>")


def _declared_body(body_html: str) -> str:
    """A page whose ``[itemprop=articleBody]`` holds ``body_html`` under its headline."""
    return ('<html><head><meta property="og:title" content="Bệnh viện dùng AI đọc phim CT">'
            '</head><body><h1>Bệnh viện dùng AI đọc phim CT</h1><div itemprop="articleBody">'
            f"{body_html}</div></body></html>")


def test_a_teaser_between_paragraphs_goes_and_a_paragraph_opening_with_a_link_stays() -> None:
    page = _declared_body(f"{PARAGRAPH}{TEASER}{LINKED_PARAGRAPH}{PARAGRAPH}")
    article = parse_article("https://tuoitre.vn/benh-vien-dung-ai.htm", page, None, now=NOW)
    assert "mạng lưới đột quỵ liên viện" not in article.body_text
    assert "18 bệnh viện" not in article.body_text
    assert "Bệnh viện Chợ Rẫy cho biết" in article.body_text


def test_a_prompt_to_watch_a_video_goes_with_its_embed() -> None:
    video = ('<div class="box-video-embed"><p class="video-note"><strong>Mời quý độc giả xem '
             'video: Những loài lan quý hiếm bậc nhất thế giới</strong></p><div class="video-frame">'
             '<iframe src="https://tv.example.vn/embed/84231"></iframe></div></div>')
    page = _declared_body(f"{PARAGRAPH}{video}{PARAGRAPH}")
    article = parse_article("https://khoahocdoisong.vn/lan-hai.html", page, None, now=NOW)
    assert "Mời quý độc giả" not in article.body_text
    assert "quyết định can thiệp sớm hơn" in article.body_text


def test_an_ad_slot_label_and_the_theme_meta_line_go() -> None:
    page = _declared_body(
        '<div class="post-meta"><span>Người đăng: admin</span> <span>3.402 lượt xem</span>'
        f'</div>{PARAGRAPH}<div class="td-a-rec"><span>- Quảng cáo -</span></div>{PARAGRAPH}')
    article = parse_article("https://sinhhoc.vn/bai-viet.html", page, None, now=NOW)
    assert "Quảng cáo" not in article.body_text
    assert "lượt xem" not in article.body_text
    assert "quyết định can thiệp sớm hơn" in article.body_text


def test_share_buttons_written_as_bare_links_go_and_are_no_byline() -> None:
    share = ('<div class="row"><a class="btn" href="javascript:void(0);" onclick="window.open('
             "'https://www.facebook.com/sharer.php?u=https://lhh.example.vn/tin-1')\">Facebook</a> "
             '<a class="btn" href="javascript:void(0);" onclick="window.open('
             "'https://zalo.me/share?u=https://lhh.example.vn/tin-1')\">Zalo</a></div>")
    page = _declared_body(f"{PARAGRAPH}{PARAGRAPH}{share}")
    article = parse_article("https://lhh.example.vn/tin-1", page, None, now=NOW)
    assert "Facebook" not in article.body_text and "Zalo" not in article.body_text
    assert article.authors == ()
    assert "quyết định can thiệp sớm hơn" in article.body_text


def test_a_headline_printed_as_a_paragraph_leaves_the_date_line_under_it_a_header_line() -> None:
    # The date line sits between the headline (a <p>, not an <h1>) and the text: it is the
    # header's, though a <p> of headline length comes before it.
    page = ('<html><head><meta property="og:title" content="Bệnh viện dùng AI đọc phim chụp '
            'cắt lớp cho người bệnh đột quỵ"></head><body><div class="col-md-9">'
            '<p class="tieude">Bệnh viện dùng AI đọc phim chụp cắt lớp cho người bệnh đột quỵ</p>'
            '<small><b>19/11/2026</b> - Đăng bởi: Nguyễn Văn An - Chuyên mục: Y tế</small>'
            f"{PARAGRAPH}{PARAGRAPH}</div></body></html>")
    article = parse_article("https://benhvien.example.vn/tin-2", page, None, now=NOW)
    assert article.published is not None and article.published.day == 19
    assert "Đăng bởi" not in article.body_text
    assert "quyết định can thiệp sớm hơn" in article.body_text


def test_a_photo_storys_counters_and_zoom_links_leave_its_captions() -> None:
    photos = "".join(
        f'<div class="photo-item"><div class="photo-item__img"><img src="/anh-{i}.jpg" alt="">'
        f'<span class="photo-count">{i}/3</span><a class="photo-zoom" href="javascript:void(0)">'
        f'Xem ảnh lớn</a></div><p class="photo-item__cap">Ảnh {i}: đồi dã quỳ ven hồ Tuyền Lâm '
        "buổi sáng.</p></div>" for i in (1, 2, 3))
    mail = ('<p>Liên hệ ban tổ chức: <a href="javascript:linkTo_UnCryptMailto(\'x\')">'
            "bantochuc@lamdong.vn</a> hoặc số điện thoại đường dây nóng của lễ hội.</p>")
    page = _declared_body(f"{PARAGRAPH}{photos}{mail}")
    article = parse_article("https://baolamdong.vn/anh-da-quy.html", page, None, now=NOW)
    assert "Ảnh 2: đồi dã quỳ ven hồ Tuyền Lâm buổi sáng." in article.body_text.split("\n\n")
    assert "Xem ảnh lớn" not in article.body_text and "2/3" not in article.body_text
    # a script link in the text is a word of it (an obfuscated e-mail address)
    assert "bantochuc@lamdong.vn" in article.body_text



def test_a_call_for_readers_questions_goes_and_leaves_the_answering_lawyer_the_byline() -> None:
    answer = ("<p>Theo quy định của Luật Đất đai, việc chuyển đất trồng lúa sang trồng cây lâu năm "
              "phải đăng ký với Ủy ban nhân dân cấp xã trước khi thực hiện.</p>") * 2
    byline = ('<p style="text-align:right"><strong>Luật sư Võ Minh Khoa</strong><br>'
              "<em>(Đoàn Luật sư tỉnh Đồng Tháp)</em></p>")
    call = ('<div class="box-guicauhoi"><em>Bạn đọc có thắc mắc về pháp luật xin gửi câu hỏi về '
            "chuyên mục Hỏi - đáp pháp luật hoặc qua hộp thư của Hội.</em></div>")
    article = parse_article("https://hnd.example.vn/hoi-dap/1.html",
                            _declared_body(f"{PARAGRAPH}{answer}{byline}{call}"), None, now=NOW)
    assert "gửi câu hỏi" not in article.body_text
    assert article.authors == ("Võ Minh Khoa",)


def _teaser_item(slug: str, headline: str, sapo: str) -> str:
    return (f'<li class="related-item"><a class="related-thumb" href="/{slug}.html"><img src="/thumb/'
            f'{slug}.jpg" alt=""></a><h4 class="related-title"><a href="/{slug}.html">{headline}</a>'
            f'</h4><span class="related-date">28/10/2026</span><p class="related-sapo">{sapo}</p></li>')


def test_a_list_of_teasers_whose_sapos_outweigh_their_links_goes() -> None:
    # Each related item carries a two-line sapo: by its share of links the list reads as prose.
    related = ('<div class="box-news-related"><ul class="related-list">' + _teaser_item(
        "benh-vien-tinh-ghep-than", "Bệnh viện tỉnh ghép thận thành công cho bệnh nhân thứ 20",
        "Sau năm năm triển khai kỹ thuật ghép thận, các bác sĩ của bệnh viện đã làm chủ toàn bộ "
        "quy trình từ chọn người hiến đến theo dõi sau ghép, giúp người bệnh không phải lên "
        "tuyến trên.") + _teaser_item(
        "phan-mem-quan-ly-ho-so", "Ra mắt phần mềm quản lý hồ sơ bệnh án điện tử toàn tỉnh",
        "Phần mềm kết nối dữ liệu khám chữa bệnh của các trạm y tế xã với bệnh viện tỉnh, người "
        "bệnh chỉ cần mang căn cước công dân khi đi khám ở bất kỳ cơ sở nào.") + "</ul></div>")
    page = _declared_body(f"{PARAGRAPH}{PARAGRAPH}{related}{LINKED_PARAGRAPH}{PARAGRAPH}{PARAGRAPH}")
    article = parse_article("https://tuoitre.vn/benh-vien-dung-ai.htm", page, None, now=NOW)
    assert "ghép thận" not in article.body_text and "căn cước" not in article.body_text
    assert "Bệnh viện Chợ Rẫy cho biết" in article.body_text


def test_another_article_dropped_whole_into_the_text_is_not_text() -> None:
    # "Biên tập viên chọn": another article's linked headline, its date line, its paragraphs,
    # inside the text's container after the byline. Read as a whole page by trafilatura too.
    pick = ('<div class="box-editor-pick"><div class="pick-label">Biên tập viên chọn</div>'
            '<h3 class="pick-title"><a href="/phuc-trang-lua-nep.html">Phục tráng giống lúa nếp '
            'đặc sản ở vùng cao</a></h3><div class="pick-date">05/11/2026 15:20</div>'
            + "<p>Trung tâm Ứng dụng tiến bộ khoa học và công nghệ vừa hoàn thành phục tráng "
            "giống lúa nếp cổ truyền của đồng bào vùng cao sau ba vụ chọn lọc liên tiếp.</p>" * 3
            + "</div>")
    byline = '<p style="text-align: right;"><strong>Bế Thu Hà</strong></p>'
    page = _declared_body(PARAGRAPH * 5 + LINKED_PARAGRAPH + byline + pick)
    article = parse_article("https://tuoitre.vn/benh-vien-dung-ai.htm", page, None, now=NOW)
    assert "lúa nếp" not in article.body_text
    assert article.body_text.endswith("Bế Thu Hà")
    assert article.published is None  # its date line is the other article's


def test_a_view_counter_in_the_header_the_body_container_holds_is_not_text() -> None:
    header = ('<span class="ArticleView">&nbsp;|&nbsp;Lượt xem: 318</span>'
              '<div class="news-date">Ngày đăng: 10/11/2026 14:05 &nbsp; <span class="views">'
              "Lượt xem: 532</span></div>")
    page = _declared_body(header + PARAGRAPH * 3)
    body = parse_article("https://tuoitre.vn/benh-vien-dung-ai.htm", page, None, now=NOW).body_text
    assert "Lượt xem" not in body and "Ngày đăng" not in body and body.startswith("Bệnh viện")


def test_a_page_builders_side_column_and_an_unrendered_shortcode_are_not_text() -> None:
    # Flatsome's UX Builder inside the text's container: a narrow column beside a photo holds
    # a facts box whose download button is a shortcode the builder did not render.
    side = ('<div class="row"><div class="col medium-8 large-8"><p><img src="/a.jpg"></p><p>'
            '<em>Các chuyên gia góp ý tại hội thảo.</em></p></div><div class="col medium-4 '
            'large-4"><h4>Thông tin Đề án</h4><p>Cơ quan chủ trì: Sở Nông nghiệp</p><p>'
            '[button text="Tải toàn văn dự thảo" link="/du-thao.pdf" target="_blank"]</p></div>'
            "</div>")
    page = _declared_body(PARAGRAPH * 3 + side + PARAGRAPH * 3)
    body = parse_article("https://tuoitre.vn/benh-vien-dung-ai.htm", page, None, now=NOW).body_text
    assert "Thông tin Đề án" not in body and "Cơ quan chủ trì" not in body
    assert "[button" not in body and "Các chuyên gia góp ý" in body


def test_an_unrendered_shortcode_in_the_text_goes_a_bracketed_word_stays() -> None:
    text = ('<p>[button text="Tải toàn văn dự thảo" link="/du-thao.pdf"]</p><p>Xem phụ lục [1] '
            "và [video] kèm theo bài viết về hội thảo khoa học năm nay.</p>")
    page = _declared_body(PARAGRAPH * 3 + text)
    body = parse_article("https://tuoitre.vn/benh-vien-dung-ai.htm", page, None, now=NOW).body_text
    assert "[button" not in body and "Tải toàn văn" not in body
    assert "phụ lục [1] và [video] kèm theo" in body


def test_a_shops_line_selling_a_product_in_the_text_is_not_text() -> None:
    shop = ('<p><span style="color:#e74c3c;"><strong>Tham khảo sản phẩm:</strong></span> <a href='
            '"/che-pham-trichoderma">Chế phẩm Trichoderma DOTEC-T1 (gói 1kg)</a> – giao hàng toàn '
            "quốc.</p>")
    page = _declared_body(PARAGRAPH * 3 + shop + PARAGRAPH)
    body = parse_article("https://tuoitre.vn/benh-vien-dung-ai.htm", page, None, now=NOW).body_text
    assert "Tham khảo sản phẩm" not in body and "Trichoderma" not in body


def test_a_sharethis_bar_goes_with_its_label_and_print_link() -> None:
    bar = ('<div class="sharethis-inline-share-buttons"><span class="share-label">Chia sẻ bài viết:'
           '</span> <a href="https://www.facebook.com/sharer/sharer.php?u=x">Facebook</a> <a href='
           '"javascript:window.print()">In trang</a></div>')
    page = _declared_body(PARAGRAPH * 3 + bar)
    body = parse_article("https://tuoitre.vn/benh-vien-dung-ai.htm", page, None, now=NOW).body_text
    assert "Chia sẻ" not in body and "In trang" not in body
