"""The body chosen among candidates by evidence: inside the ``<article>`` that holds the
headline when that article holds prose, since a block of related posts beside it (its own
``<article>``) may hold more excerpt text than a short post."""

from __future__ import annotations

from datetime import UTC, datetime

from aggregator.parsing.extract import extract_article, parse_article
from aggregator.registry import Selectors, SiteEntry

NOW = datetime(2026, 11, 22, tzinfo=UTC)
URL = "https://hoi.example.vn/phan-bon-vi-sinh"
POST = ("Hội Nông học phối hợp với Viện Khoa học Kỹ thuật Nông Lâm nghiệp Tây Nguyên tổ chức "
        "hội thảo về phân bón hữu cơ vi sinh cho cây sầu riêng trên đất bazan bị chai cứng, "
        "giúp giữ ẩm và hạn chế bệnh thối rễ trong mùa mưa.")
EXCERPT = ("Nhiều vườn cà phê đã trồng trên hai mươi lăm năm, cây già cỗi và năng suất giảm mạnh; "
           "bà con có thể cưa đốn, ghép chồi bằng các dòng cao sản để vườn cho trái ổn định sau "
           "hai năm mà không phải trồng mới …")


def _page(main: str) -> str:
    return ('<!DOCTYPE html><html><head><meta charset="utf-8"><meta property="og:type" '
            'content="article"><meta property="og:title" content="Phân bón vi sinh cho sầu '
            f'riêng"></head><body>{main}</body></html>')


def test_the_headlines_article_wins_over_a_longer_block_of_related_post_excerpts() -> None:
    cards = "".join(f'<article class="postbox"><img src="/{n}.jpg"><p>{EXCERPT}</p></article>'
                    for n in range(3))
    page = _page('<article class="articlebox"><h1>Phân bón vi sinh cho sầu riêng</h1>'
                 f'<p>{POST}</p><p>{POST}</p></article><article class="postbox"><h3>Bạn cũng có thể thích'
                 f"</h3>{cards}</article>")
    body = parse_article(URL, page, None, now=NOW).body_text
    assert body.count(POST) == 2
    assert "vườn cà phê" not in body


def test_a_body_outside_the_headlines_article_is_still_found() -> None:
    # The <article> holds only the header; the text follows in its own block.
    page = _page('<article class="header"><h1>Phân bón vi sinh cho sầu riêng</h1>'
                 '<span class="date">18/11/2026</span></article>'
                 f'<div class="noidung"><p>{POST}</p><p>{POST}</p></div>')
    assert parse_article(URL, page, None, now=NOW).body_text.count(POST) == 2


SECOND_HALF = ("Bên cạnh đó, Hội khuyến cáo bà con bón phân theo từng giai đoạn sinh trưởng, kết hợp "
               "tủ gốc bằng rơm rạ để giữ ẩm trong mùa khô và theo dõi độ pH của đất mỗi quý.")
AD = ('<div class="ads-incontent"><div class="ads-label">Quảng cáo</div><a href="/ads/1">'
      '<img src="/ads/1.jpg" alt="Khuyến mãi"></a>'
      "<script>(adsbygoogle=window.adsbygoogle||[]).push({});</script></div>")


# A site entry naming the text's container: the fast path, trafilatura never asked.
SITE = SiteEntry(id="hoinonghoc", name="Hội Nông học", kind="federation",
                 url="https://hoi.example.vn/", selectors=Selectors(body="div.content-detail"))


def test_a_body_split_by_an_in_content_ad_is_read_on_past_the_ad() -> None:
    # The ad slot closes the text's container; the template opens the same one again after it.
    page = _page('<div class="news"><h1>Phân bón vi sinh cho sầu riêng</h1>'
                 f'<div class="content-detail"><p>{POST}</p><p>{POST}</p></div>{AD}'
                 f'<div class="content-detail"><p>{SECOND_HALF}</p>'
                 '<p class="author" align="right"><b>Minh Khoa</b></p></div></div>')
    article = parse_article(URL, page, SITE, now=NOW)
    assert SECOND_HALF in article.body_text
    assert "Quảng cáo" not in article.body_text
    assert article.authors == ("Minh Khoa",)


def test_a_block_of_the_same_class_past_other_text_is_not_the_body() -> None:
    # A related-news box between them: the next block is another article's, not the text's.
    related = ('<div class="tin-khac"><h3>Tin khác</h3><ul><li><a href="/a">Nông dân Tây Nguyên '
               "chuyển đổi cây trồng thích ứng hạn mặn</a></li></ul></div>")
    page = _page('<div class="news"><h1>Phân bón vi sinh cho sầu riêng</h1>'
                 f'<div class="content-detail"><p>{POST}</p><p>{POST}</p></div>{related}'
                 f'<div class="content-detail"><p>{SECOND_HALF}</p></div></div>')
    assert SECOND_HALF not in parse_article(URL, page, SITE, now=NOW).body_text


def test_paragraphs_a_stray_end_tag_leaves_after_the_bodys_container_are_text() -> None:
    # A caption's extra </div> closed div.content-detail: a browser shows the rest of the text
    # on after it, loose in the parent, before the share bar.
    page = _page('<div class="news"><h1>Phân bón vi sinh cho sầu riêng</h1>'
                 f'<div class="content-detail"><p>{POST}</p><div class="wp-caption"><img src="/a.jpg">'
                 f'<p class="wp-caption-text">Vườn sầu riêng</p></div></div><p>{POST}</p>'
                 f'<p>{SECOND_HALF}</p><p align="right"><b>Minh Khoa</b></p>'
                 '<div class="share">Chia sẻ: <a href="#">Facebook</a></div></div>')
    article = parse_article(URL, page, SITE, now=NOW)
    assert SECOND_HALF in article.body_text and "Chia sẻ" not in article.body_text
    assert article.authors == ("Minh Khoa",)


def test_a_credit_line_beside_the_only_date_after_the_text_names_the_writers() -> None:
    # Thái surnames (Lò, Cầm) are not among the commonest: the "Tin:" credit says they wrote it.
    text = "".join(f"<p>{POST}</p><p><img src='/{n}.jpg'></p><p><em>Vườn số {n}</em></p>"
                   for n in range(20))  # the author box far from the headline
    page = _page('<div class="news"><h1>Phân bón vi sinh cho sầu riêng</h1>'
                 f'<div class="news-detail-content">{text}</div>'
                 '<div class="news-detail-author"><strong>Tin: Lò Văn Thanh - Ảnh: Cầm Thị Mai'
                 '</strong> <span class="news-date">(21/10/2026 15:20)</span></div></div>')
    article = parse_article(URL, page, None, now=NOW)
    assert article.authors == ("Lò Văn Thanh", "Cầm Thị Mai")
    assert article.published == datetime(2026, 10, 21, 8, 20, tzinfo=UTC)


def test_text_written_a_paragraph_per_one_cell_table_is_found_not_the_page_wrapper() -> None:
    # An old editor's habit; the page's only <p>s are its footer's address lines, which made
    # the page's wrapper look like the densest block of prose.
    tables = "".join(f'<table style="width:100%"><tr><td style="text-align: justify;"><span>{text}'
                     "</span></td></tr></table>" for text in (POST, SECOND_HALF, POST))
    footer = ('<div id="footer"><p>Trang thông tin điện tử Sở Y tế tỉnh Gia Lai. Địa chỉ: 09 Trần '
              "Hưng Đạo, phường Pleiku, tỉnh Gia Lai.</p><p>Giấy phép số 05/GP-TTĐT do Sở Thông "
              "tin và Truyền thông cấp ngày 12/02/2019. Chịu trách nhiệm chính: Giám đốc.</p></div>")
    page = _page('<div id="container"><div id="main"><h1>Phân bón vi sinh cho sầu riêng</h1>'
                 f'<div class="news-content">{tables}</div></div>{footer}</div>')
    extraction = extract_article(URL, page, None, now=NOW)
    body = extraction.article.body_text
    assert SECOND_HALF in body and body.count(POST) == 2
    assert "Giấy phép" not in body
    # found by our own evidence (--explain says where), not left to trafilatura
    assert "div.news-content" in extraction.sources["body"]


SAPO = ("Hội Nông học vừa tổng kết mô hình bón phân hữu cơ vi sinh cho 120 ha sầu riêng, năng "
        "suất tăng 15% so với cách bón truyền thống.")
CAPTION = "Cán bộ Hội Nông học hướng dẫn nông dân ủ phân vi sinh tại vườn."
POINTS = ("Năng suất sầu riêng tăng 15% sau hai vụ.", "Chi phí phân bón giảm khoảng một phần tư.")


def _header(between: str) -> str:
    return _page('<div class="detail"><h1>Phân bón vi sinh cho sầu riêng</h1>'
                 '<div class="date">Thứ Hai, 16/11/2026 | 08:20</div>'
                 f'{between}<div class="content-detail"><p>{POST}</p><p>{POST}</p></div></div>')


def test_a_lead_photo_and_a_key_points_list_between_header_and_text_open_the_body() -> None:
    """A lead photo with its caption above the sapo (an ASP.NET paper's ``div.avatar-detail``)
    and a key-points box under it (its bullets, not its title) are the article's own, though
    printed outside the text's container: the body opens with them, in page order."""
    box = ('<div class="box-noidungchinh"><div class="title-ndc">Nội dung chính</div><ul>'
           + "".join(f"<li>{point}</li>" for point in POINTS) + "</ul></div>")
    photo = (f'<div class="avatar-detail"><img src="/anh/sau-rieng.jpg"><div class="caption-avatar">'
             f"<span>{CAPTION}</span></div></div>")
    article = parse_article(URL, _header(f'{photo}<div class="sapo-detail"><span>{SAPO}</span>'
                                         f"</div>{box}"), None, now=NOW)
    assert article.lead == SAPO
    assert article.body_text.split("\n\n")[:4] == [CAPTION, *POINTS, POST]
    assert "<figcaption>" in article.body_html
    assert "Nội dung chính" not in article.body_text


def test_blocks_above_the_text_that_are_links_or_furniture_stay_out_of_the_body() -> None:
    # Under the sapo: a list of related links; a photo above a share bar (the header's
    # furniture ends the article's own blocks there); a photo right above the text (a stock
    # photo and its credit, left to the image field).
    related = ('<ul class="list-related">' + "".join(
        f'<li><a href="/tin/{n}">{point}</a></li>' for n, point in enumerate(POINTS)) + "</ul>")
    photo = (f'<div class="avatar-detail"><img src="/anh/sau-rieng.jpg"><div class="caption-avatar">'
             f"{CAPTION}</div></div>")
    share = '<div class="share"><a href="#">Facebook</a> <a href="#">Zalo</a></div>'
    for between in (related, f"{photo}{share}", photo):
        body = parse_article(URL, _header(f'<div class="sapo">{SAPO}</div>{between}'), None,
                             now=NOW).body_text
        assert body.split("\n\n")[0] == POST
        assert POINTS[0] not in body and CAPTION not in body
    # Above the sapo: an opinion column's author box, its avatar beside the name and the date
    # (the page's date taken from its metadata), and a photo whose caption is its credit alone.
    author = ('<div class="opinion-author"><img src="/tacgia/1.jpg" width="64"><span>Phan Quốc '
              "Hưng</span><span>17/11/2026 05:30</span></div>")
    credit = '<div class="photo"><img src="/anh/1.jpg"><p>Ảnh: Hoàng Lam</p></div>'
    for above in (author, credit):
        page = _page('<div class="detail"><h1>Phân bón vi sinh cho sầu riêng</h1>'
                     f'{above}<div class="sapo">{SAPO}</div><div class="content-detail"><p>'
                     f"{POST}</p><p>{POST}</p></div></div>").replace(
            "</head>", '<meta property="article:published_time" '
                       'content="2026-11-17T05:30:00+07:00"></head>')
        body = parse_article(URL, page, None, now=NOW).body_text
        assert body.split("\n\n")[0] == POST


HALF = ("Ông Giàng A Tủa, Giám đốc Hợp tác xã nông nghiệp, cho biết hợp tác xã đang tính tới "
        "việc thuê dịch vụ drone theo mùa vụ để giảm công phun thuốc cho bà con vùng cao.")


def test_the_second_half_of_a_text_split_by_an_ad_may_add_a_class_and_the_byline_follows_it(
) -> None:
    """Báo Lào Cai's second half is ``cms-body part-2``; the byline block after it ends the
    text. With no family to name the container, the first half and its continuation hold the
    text, and are tighter than the article's wrapper with its newsletter box."""
    ad = '<div class="ads-incontent"><div class="ad-label">Quảng cáo</div></div>'
    page = _page('<article class="detail"><h1>Phân bón vi sinh cho sầu riêng</h1>'
                 f'<div class="detail__content"><p>{POST}</p><p>{POST}</p></div>{ad}'
                 f'<div class="detail__content detail__content--more"><p>{HALF}</p><p>{HALF}</p>'
                 '</div><div class="t1"><span class="t2">Mai Lan</span></div>'
                 '<div class="box-subscribe"><h3>Nhận bản tin mỗi sáng</h3><p>Những tin nổi '
                 "bật nhất của ngày được gửi tới hộp thư của bạn lúc 6 giờ sáng, miễn phí.</p>"
                 "</div></article>")
    site = SiteEntry(id="hoinonghoc", name="Hội Nông học", kind="federation",
                     url="https://hoi.example.vn/", selectors=Selectors(author="div.t1 span.t2"))
    body = parse_article(URL, page, site, now=NOW).body_text
    assert body.split("\n\n") == [POST, POST, HALF, HALF, "Mai Lan"]


def test_a_site_builders_paragraphs_each_in_blocks_of_their_own_are_one_text() -> None:
    """LadiPage wraps every paragraph in ``div.ladi-element > div.ladi-paragraph``; the text is
    the block holding them all, not its longest paragraph. (A block of paragraphs in a single
    wrapper, Elementor's widget, stays the text without the column around it.)"""
    blocks = "".join(f'<div class="ladi-element"><div class="ladi-paragraph">{text}</div></div>'
                     for text in (POST, f"{HALF}<br><br>{HALF}", POST))
    page = _page('<div class="ladi-container"><div class="ladi-element"><h1 class="ladi-headline">'
                 f"Phân bón vi sinh cho sầu riêng</h1></div>{blocks}</div>")
    assert parse_article(URL, page, None, now=NOW).body_text.split("\n\n") == \
        [POST, HALF, HALF, POST]
    comments = "".join(f'<div class="comment-item"><p>{EXCERPT}</p></div>' for _ in range(3))
    elementor = _page('<div class="elementor-column"><h1>Phân bón vi sinh cho sầu riêng</h1>'
                      '<div class="elementor-widget-theme-post-content"><div class="elementor-'
                      f'widget-container"><p>{POST}</p><p>{HALF}</p></div></div>'
                      f'<div class="elementor-widget-comments">{comments}</div></div>')
    body = parse_article(URL, elementor, None, now=NOW).body_text
    assert body.split("\n\n") == [POST, HALF]
