"""Article or listing: the shapes that the held-out round's listing rules must not catch.

The gold set holds the listings these rules refuse (a Blogger label page, a tag page whose
featured teaser has a long sapo). Replaying trafilatura's evaluation set showed the article
pages the first versions of those rules refused by mistake; each is written here in its own
shape, beside the listing it must still be told from.
"""

from __future__ import annotations

from datetime import UTC, datetime

import lxml.html
import pytest
from lxml.etree import _Element

from aggregator.errors import NotAnArticle
from aggregator.parsing.article_or_not import prose_outside_teasers
from aggregator.parsing.evidence import Measures
from aggregator.parsing.extract import parse_article
from aggregator.text import normalize_text

NOW = datetime(2026, 11, 22, tzinfo=UTC)
URL = "https://blog.example.vn/2026/11/hoi-thao-nong-nghiep.html"
PARAGRAPH = ("Hội thảo thu hút hơn một trăm nhà khoa học, doanh nghiệp và nông dân tham dự, "
             "trao đổi kinh nghiệm ứng dụng công nghệ sinh học trong sản xuất nông nghiệp.")


def _page(body: str, *, og_type: str = "article") -> str:
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
            f'<meta property="og:type" content="{og_type}">'
            '<meta property="og:title" content="Hội thảo ứng dụng công nghệ sinh học">'
            f"</head><body>{body}</body></html>")


def _post_card(number: int, excerpt: str) -> str:
    """A related post marked up as a post of its own (schema.org BlogPosting)."""
    return (f'<article class="post-card" itemscope itemtype="https://schema.org/BlogPosting">'
            f'<h3><a href="/2026/10/bai-lien-quan-so-{number}.html">Bài viết liên quan số {number} '
            f'về nông nghiệp công nghệ cao</a></h3>'
            f'<div itemprop="articleBody">{excerpt}</div></article>')


def test_an_article_beside_related_posts_marked_up_as_posts_is_kept() -> None:
    # stackoverflow.blog's shape: the article carries no articleBody, its three related
    # cards do (similar excerpts), so the cards are not the page.
    cards = "".join(_post_card(n, PARAGRAPH[:150]) for n in range(1, 4))
    page = _page('<h1>Hội thảo ứng dụng công nghệ sinh học</h1><div class="post-content">'
                 + f"<p>{PARAGRAPH}</p>" * 6 + f"</div><section>{cards}</section>")
    article = parse_article(URL, page, None, now=NOW)
    assert article.title == "Hội thảo ứng dụng công nghệ sinh học"
    assert article.body_text.count(PARAGRAPH) == 6


def test_one_article_split_into_several_body_parts_is_kept() -> None:
    # NZZ's shape: one item, its body in several articleBody blocks between ads.
    parts = "".join(f'<div itemprop="articleBody"><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></div>'
                    '<div class="ad">Quảng cáo</div>' for _ in range(4))
    page = _page('<article itemscope itemtype="https://schema.org/NewsArticle">'
                 f'<h1 itemprop="headline">Hội thảo ứng dụng công nghệ sinh học</h1>{parts}'
                 "</article>")
    assert PARAGRAPH in parse_article(URL, page, None, now=NOW).body_text


def test_a_page_of_comparable_post_openings_is_refused() -> None:
    # Blogger's label page: every post's opening under its own item, no article beside them.
    posts = "".join(_post_card(n, PARAGRAPH) for n in range(1, 5))
    page = _page(f'<h1>Liên hiệp hội tỉnh</h1><div class="blog-posts">{posts}</div>')
    with pytest.raises(NotAnArticle, match="posts, each with its own"):
        parse_article(URL, page, None, now=NOW)


def test_a_short_post_with_previous_and_next_links_a_level_up_is_kept() -> None:
    # A short blog post (a few hundred characters) whose title links to itself and whose
    # wrapper also holds the previous/next post links: no listing around it (a body holding no
    # teaser headline is only read against the block right around it).
    navigation = ('<div class="navigation"><a href="/2026/10/bai-truoc.html">« Bài trước: Gặp mặt '
                  'trí thức tiêu biểu năm 2026</a> <a href="/2026/12/bai-sau.html">Bài sau: Trao '
                  'giải sáng tạo kỹ thuật lần thứ X »</a> <a href="/2026/09/bai-khac.html">Tập huấn '
                  'chuyển đổi số cho cán bộ hội viên</a></div>')
    page = _page(f'<div id="content"><div class="post"><h2><a href="{URL}">Hội thảo ứng dụng '
                 'công nghệ sinh học</a></h2><div class="entry">'
                 f"<p>{PARAGRAPH}</p><p>{PARAGRAPH[:120]}</p></div></div>{navigation}</div>")
    assert PARAGRAPH in parse_article(URL, page, None, now=NOW).body_text


def test_a_featured_teaser_with_a_long_sapo_does_not_make_a_tag_page_an_article() -> None:
    teasers = "".join(
        f'<article class="item"><a class="link-title" href="/tin/bai-{n}.html"><h2>Tin số {n} '
        f'về tự động hóa trong nhà máy</h2></a><span class="time">1{n}/11/2026</span>'
        f'<p class="chappeau">Doanh nghiệp đẩy mạnh đầu tư máy móc tự động số {n}.</p></article>'
        for n in range(1, 8))
    featured = ('<article class="large"><div class="info"><a class="link-title" '
                'href="/tin/bai-noi-bat.html"><h2>Công nhân học vận hành robot để giữ việc làm</h2>'
                f'</a><p class="chappeau">{PARAGRAPH} {PARAGRAPH[:90]}</p></div></article>')
    page = _page(f'<h1>#Tự động hóa</h1><div class="list-main">{featured}{teasers}</div>')
    with pytest.raises(NotAnArticle, match="listing"):
        parse_article(URL, page, None, now=NOW)


def _templated(body_class: str, body: str) -> str:
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
            '<meta property="og:title" content="Tin hoạt động"></head>'
            f'<body class="{body_class}">{body}</body></html>')


def test_a_list_page_by_its_template_is_refused_though_its_leading_item_is_long() -> None:
    # Joomla K2's item list: the leading item prints a long intro under its own headline link.
    leading = ('<div class="catItemView groupLeading"><div class="catItemHeader"><h3 '
               'class="catItemTitle"><a href="/tin-hoat-dong/item/901-hoi-thao.html">Hội thảo ứng '
               'dụng công nghệ sinh học</a></h3></div><div class="catItemBody"><div '
               f'class="catItemIntroText">{f"<p>{PARAGRAPH}</p>" * 4}</div></div></div>')
    items = "".join(f'<div class="catItemView"><h3><a href="/tin-hoat-dong/item/{n}-tin.html">'
                    f"Tin hoạt động số {n} của Liên hiệp hội</a></h3></div>" for n in range(3))
    page = _templated("site com_k2 view-itemlist", f"<h1>Tin hoạt động</h1>{leading}{items}")
    with pytest.raises(NotAnArticle, match="by its template"):
        parse_article(URL, page, None, now=NOW)


def test_one_whole_post_on_a_page_whose_template_says_archive_is_kept() -> None:
    # A blog's front page showing its one latest post whole: WordPress puts "archive" on it.
    page = _templated("archive home blog", '<h1>Hội thảo ứng dụng công nghệ sinh học</h1>'
                      '<div class="entry-content">' + f"<p>{PARAGRAPH}</p>" * 4 + "</div>")
    assert PARAGRAPH in parse_article(URL, page, None, now=NOW).body_text


def _tag_page_body() -> _Element:
    teasers = "".join(
        f'<div class="b-grid"><h3 class="b-grid__title"><a href="/tin-so-{n}-10312{n}.html">Tin số '
        f'{n} về chuyển đổi số ở các xã miền núi</a></h3><span class="b-grid__time">1{n}/11/2026'
        f'</span><div class="b-grid__desc">(BNA) - Người dân xã số {n} dùng dịch vụ công trực '
        'tuyến.</div></div>' for n in range(1, 6))
    return lxml.html.fromstring(f'<html><body><nav>Trang chủ Thời sự Kinh tế</nav>{teasers}'
                                '</body></html>').find("body")


def test_a_listing_read_as_one_run_of_text_holds_no_prose_outside_its_teasers() -> None:
    # What trafilatura's fallback gives for a tag page: menu, teasers and pager in one paragraph.
    page_body = _tag_page_body()
    glued = normalize_text(page_body.text_content()) + " 1 2 3 Xem thêm"
    assert prose_outside_teasers(glued, page_body, Measures()) == 0


def test_the_rows_of_a_table_listing_are_its_teasers_not_prose() -> None:
    # A Drupal view listing technology offers as table rows; another extractor reads each row
    # as a line, its cells apart ("1 Headline Field Unit Date"), where the row's own text runs
    # them together ("1Headline…").
    rows = "".join(
        f'<tr><td>{n}</td><td><a href="/cong-nghe/{n}">Quy trình công nghệ chào bán số {n} cho '
        f"nông dân</a></td><td>Nông nghiệp - Môi trường</td><td>Trung tâm Ứng dụng tiến bộ "
        f"KH&amp;CN Cần Thơ</td><td>1{n}/10/2026</td></tr>" for n in range(1, 6))
    page_body = lxml.html.fromstring(f"<html><body><table>{rows}</table></body></html>").find("body")
    lines = "\n\n".join(" ".join(row.itertext()) for row in page_body.iter("tr"))
    assert prose_outside_teasers(lines, page_body, Measures()) == 0


def test_an_article_paragraph_naming_one_teasers_headline_is_still_prose() -> None:
    page_body = _tag_page_body()
    text = (f"{PARAGRAPH} Bài trước, Tin số 1 về chuyển đổi số ở các xã miền núi, đã nêu "
            "kết quả bước đầu của mô hình.")
    assert prose_outside_teasers(text, page_body, Measures()) == len(text)


def test_text_written_after_floated_photos_is_prose_on_a_page_declaring_a_website() -> None:
    # An old portal's column: two floated photos, then the text straight in the <div>, split
    # by <br> (no <p>); og:type=website. The footer's address is the page's only <p>.
    column = ('<div class="col-md-9"><p class="tieude">Hội thảo ứng dụng công nghệ sinh học</p>'
              '<small><b>19/11/2026</b> - Đăng bởi: Lò Thị Hương</small><br>'
              '<img src="/a.jpg" style="float:right"><img src="/b.jpg" style="float:left">'
              f"{PARAGRAPH}<br><br>Các đại biểu đề nghị tỉnh hỗ trợ vốn để nhân rộng mô hình "
              "sấy nông sản bằng năng lượng mặt trời trong năm tới.<br></div>")
    footer = ('<div class="footer"><p>Liên hiệp các Hội KH&amp;KT tỉnh - Số 8 đường Tô Hiệu, '
              "phường Tô Hiệu - Điện thoại: (0212) 3852 123</p></div>")
    article = parse_article(URL, _page(column + footer, og_type="website"), None, now=NOW)
    assert PARAGRAPH in article.body_text
    assert "nhân rộng mô hình" in article.body_text
    assert "Đăng bởi" not in article.body_text
    assert "Tô Hiệu" not in article.body_text


def test_a_category_whose_teasers_are_headline_and_date_lines_only_is_refused() -> None:
    # A poem category: each teaser a thumbnail, a headline link (poems' titles are too short
    # to count as other articles' headlines) and "Author - date"; no body of ours, and
    # trafilatura's answer would be the twelve date lines.
    teasers = "".join(
        f'<div class="item-cate"><a class="thumb" href="/tho-{n}.html"><img src="/t{n}.jpg" '
        f'alt="Bài thơ {n}"></a><h3 class="title-cate"><a href="/tho-{n}.html">Thơ: Chiều số {n}'
        f'</a></h3><div class="info-cate"><span class="author">Nguyễn Văn Tác Giả {n}</span> - '
        f'<span class="date">{n + 1:02d}/11/2026 08:15</span></div></div>' for n in range(12))
    menu = "".join(f'<li><a href="/muc-{n}/">Chuyên mục số {n}</a></li>' for n in range(30))
    page = ('<html lang="vi"><head><title>Thơ - Báo Ninh Bình</title></head><body>'
            f"<nav><ul>{menu}</ul></nav><div id='main'><h1 class='cate-name'><a href='/tho/'>Thơ"
            f"</a></h1><div class='list-cate'>{teasers}</div></div></body></html>")
    with pytest.raises(NotAnArticle, match="date lines"):
        parse_article("https://baoninhbinh.example.vn/tho/", page, None, now=NOW)


def test_a_drupal_views_archive_whose_sapos_sit_four_levels_below_the_row_is_refused() -> None:
    # Drupal 7 Views: each row wraps its sapo three blocks deep (views-field-body >
    # field-content > p), beside the row's headline link; the sapos are teasers, not prose.
    rows = "".join(
        f'<div class="views-row"><div class="views-field views-field-title"><h3 '
        f'class="field-content"><a href="/ky-yeu/hoi-thao-so-{n}">Kỷ yếu hội thảo quốc gia về '
        f'công nghệ số lần thứ {n}</a></h3></div><div class="views-field views-field-created">'
        f'<span class="field-content">T5, {n + 1:02d}/10/2026 - 10:37</span></div><div '
        f'class="views-field views-field-body"><div class="field-content"><p>{PARAGRAPH}</p>'
        f'</div></div><div class="views-field views-field-view-node"><span class="field-content">'
        f'<a href="/ky-yeu/hoi-thao-so-{n}">Xem tiếp</a></span></div></div>' for n in range(6))
    page = ('<html lang="vi"><head><title>Kỷ yếu hội thảo | Hội Tin học</title></head><body>'
            '<div id="main"><h1 class="title">Kỷ yếu hội thảo</h1><div class="view view-ky-yeu">'
            f'<div class="view-content">{rows}</div></div></div></body></html>')
    with pytest.raises(NotAnArticle, match="listing"):
        parse_article("https://hoitinhoc.example.vn/ky-yeu", page, None, now=NOW)


def test_a_menu_read_as_one_line_is_not_prose() -> None:
    # An old table-layout category page: another extractor reads the menu as one line of
    # text ("Tin tức | Thời sự | …"), long enough to pass for a paragraph of prose.
    page_body = lxml.html.fromstring(f"<html><body><p>{PARAGRAPH}</p></body></html>").find("body")
    menu = " | ".join(("Tin tức", "Thời sự", "Chính trị", "Kinh tế", "Nông nghiệp - Nông thôn",
                       "Xã hội", "Văn hóa", "Giáo dục", "Y tế", "Khoa học - Công nghệ", "Du lịch",
                       "Dân tộc - Miền núi", "Quốc phòng - An ninh", "Biên giới", "Pháp luật"))
    assert prose_outside_teasers(menu, page_body, Measures()) == 0
    assert prose_outside_teasers(PARAGRAPH + " Kết thúc | hội thảo.", page_body, Measures()) > 0


def test_a_menu_of_link_names_without_separators_is_not_prose() -> None:
    menu = ("Trang chủ", "Giới thiệu", "Lịch sử Đảng bộ", "Tổ chức bộ máy", "Tin hoạt động",
            "Xây dựng Đảng", "Chính trị", "Kinh tế", "Văn hóa - Xã hội", "Quốc phòng - An ninh")
    links = "".join(f'<a href="/{n}">{name}</a>' for n, name in enumerate(menu))
    page_body = lxml.html.fromstring(f"<html><body><div class=menu>{links}</div><p>{PARAGRAPH}"
                                     "</p></body></html>").find("body")
    assert prose_outside_teasers(" ".join(menu), page_body, Measures()) == 0
    assert prose_outside_teasers(PARAGRAPH, page_body, Measures()) > 0


def test_a_category_page_whose_footer_lines_trafilatura_reads_as_prose_is_refused() -> None:
    # An old ASP.NET portal's category: teasers in table cells (headline link, date, sapo), and
    # the footer's address and licence lines, which are no teaser's.
    rows = "".join(
        f'<tr><td class="list_item"><a href="/Default.aspx?NewsID={n}" class="list_title"><b>Ban '
        f"Thường vụ Tỉnh ủy làm việc với Đảng ủy xã số {n} về kinh tế rừng</b></a> <span>"
        f"({n + 1:02d}/11/2026 17:05)</span><br/><font size=2>Đoàn công tác làm việc với Đảng ủy "
        f"xã về kết quả thực hiện nghị quyết đại hội đảng bộ xã.</font></td></tr>"
        for n in range(10))
    footer = ('<tr><td class="footer">Cơ quan chủ quản: Ban Thường vụ Tỉnh ủy. Cơ quan thường '
              "trực: Ban Tuyên giáo và Dân vận Tỉnh ủy<br/>Địa chỉ: Số 2 đường Trường Thi, phường "
              "Thành Vinh, tỉnh Nghệ An. Điện thoại: 0238.3844.xxx - Email: bbt@nghean.dcs.vn<br/>"
              "Giấy phép số 118/GP-TTĐT do Sở Thông tin và Truyền thông cấp. Ghi rõ nguồn khi "
              "phát hành lại thông tin từ website này.<br/>Chịu trách nhiệm nội dung: Trưởng "
              "ban Tuyên giáo và Dân vận Tỉnh ủy. Thiết kế và vận hành kỹ thuật: Trung tâm Công "
              "nghệ thông tin tỉnh.</td></tr>")
    page = ('<html lang="vi"><head><title>Hoạt động của lãnh đạo tỉnh</title></head><body><table>'
            f"<tr><td><h1>Hoạt động của lãnh đạo tỉnh</h1></td></tr>{rows}{footer}</table>"
            "</body></html>")
    with pytest.raises(NotAnArticle):
        parse_article("https://tinhuy.example.vn/Default.aspx?tabid=127", page, None, now=NOW)


BIO = ("Phóng viên ban Khoa học, hơn mười năm viết về nông nghiệp công nghệ cao, chuyển đổi số ở "
       "nông thôn và các mô hình hợp tác xã kiểu mới ở vùng trung du và miền núi phía Bắc.")


TEASER_SAPO = ("Nông dân đầu tư nhà màng và tưới tiết kiệm, năng suất tăng rõ rệt sau hai vụ, "
               "thu nhập mỗi héc-ta cao gấp đôi so với trồng lúa, nhiều hộ đã trả xong vốn vay.")


def _teasers(count: int) -> str:
    return "".join(f'<li><a class="thumb" href="/tin/bai-{n}-d27{n}.html"><img src="/{n}.jpg">'
                   f'</a><div class="desc"><a class="fs22 fbold" href="/tin/bai-{n}-d27{n}.html">'
                   f"Mô hình nông nghiệp công nghệ cao số {n} mang lại thu nhập ổn định</a>"
                   f'<div class="info"><a class="author" href="/author/thu-ha/">Thu Hà</a> <span '
                   f'class="time">- 19/11/2026 16:4{n}</span></div><div class="sapo">'
                   f"{TEASER_SAPO}</div></div></li>" for n in range(count))


def test_an_author_page_declaring_a_profile_is_refused_though_its_bio_is_prose() -> None:
    ld = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": '
          '"ProfilePage", "mainEntity": {"@type": "Person", "name": "Thu Hà"}}</script>')
    page = _page(f'{ld}<h1>Thu Hà</h1><div class="author-bio"><p>{BIO}</p><p>{BIO}</p></div>'
                 f'<ul class="author-posts">{_teasers(6)}</ul>')
    with pytest.raises(NotAnArticle, match="ProfilePage"):
        parse_article("https://bao.example.vn/tac-gia/thu-ha", page, None, now=NOW)
