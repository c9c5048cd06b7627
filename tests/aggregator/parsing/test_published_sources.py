"""The date of a WordPress post whose only date is its ``time.entry-date`` in the post's own
``<footer class="entry-footer">``, wrapped in the post's permalink: the article's own date,
though it sits in a footer and in a link; the same date in the site's footer is not the
article's."""

from __future__ import annotations

from datetime import UTC, datetime

from aggregator.parsing.extract import extract_article, parse_article

NOW = datetime(2026, 11, 22, tzinfo=UTC)
URL = "https://vms.example.vn/tin-tuc/trao-giai-thuong-2026/"
TEXT = ("<p>Hội đồng giải thưởng đã chọn ba giáo viên có nhiều đóng góp cho việc dạy và học "
        "toán ở trường phổ thông, đặc biệt ở các xã vùng cao.</p>") * 3


def _page(footer_link: str) -> str:
    return ('<html><head><meta property="og:title" content="Trao giải thưởng năm 2026"></head>'
            '<body><article class="post type-post"><h1 class="entry-title">Trao giải thưởng năm '
            f'2026</h1><div class="entry-content">{TEXT}</div><footer class="entry-footer">'
            f'<span class="posted-on">Đăng ngày <a href="{footer_link}" rel="bookmark">'
            '<time class="entry-date published" datetime="2026-11-14">14/11/2026</time></a>'
            "</span></footer></article></body></html>")


def test_the_posts_own_footer_date_in_its_permalink_is_the_date() -> None:
    article = parse_article(URL, _page(URL), None, now=NOW)
    assert article.published is not None
    assert article.published.date().isoformat() == "2026-11-14"


def test_a_date_in_the_sites_footer_is_not_the_date() -> None:
    page = _page(URL).replace('<footer class="entry-footer">', '</article><footer class="site-footer">'
                              ).replace("</footer></article>", "</footer>")
    assert parse_article(URL, page, None, now=NOW).published is None


def test_the_date_in_the_articles_own_bem_footer_block_is_the_date() -> None:
    # "detail-news__footer" is the article block's footer (its byline and date), not the page's.
    page = ('<html><head><meta property="og:title" content="Trao giải thưởng năm 2026"></head>'
            '<body><div class="detail-news"><h1>Trao giải thưởng năm 2026</h1>'
            f'<div class="detail-news__content">{TEXT}</div><div class="detail-news__footer">'
            '<p class="detail-news__author"><strong>Phạm Thu Hà</strong></p>'
            '<p class="detail-news__time"><em>10:20 | 22/10/2026</em></p></div></div>'
            '<div class="footer">Bản quyền thuộc Tạp chí, cập nhật 21/11/2026</div></body></html>')
    article = parse_article(URL, page, None, now=NOW)
    assert article.published is not None
    assert (article.published.date().isoformat(), article.published.hour) == ("2026-10-22", 10)


def test_the_bold_name_on_a_date_line_after_the_text_is_the_author_a_weekday_is_not() -> None:
    def page(bold: str) -> str:
        return ('<html><head><meta property="og:title" content="Trao giải thưởng năm 2026">'
                '</head><body><h1>Trao giải thưởng năm 2026</h1>'
                f'<div class="content-detail">{TEXT}</div><div class="author-detail">'
                f'<b>{bold}</b> <span class="time-detail">- 16:20, 05/11/2026</span></div>'
                "</body></html>")

    article = parse_article(URL, page("Trần Quốc Việt"), None, now=NOW)
    assert article.authors == ("Trần Quốc Việt",)
    assert article.published is not None and article.published.hour == 16
    assert parse_article(URL, page("Thứ Tư"), None, now=NOW).authors == ()


def test_an_untitled_portal_page_takes_its_headline_from_the_h2_in_its_title_block() -> None:
    # A SharePoint portal: no og:title, a generic <title>, the headline an h2 in a div whose
    # class names it a title; the date line under it is found beside it.
    page = ("<html><head><title>Sở Khoa học và Công nghệ tỉnh Quảng Ninh - Chi tiết tin tức"
            '</title></head><body><div class="widget-title"><h2>Tin mới</h2></div>'
            '<div class="news-detail-title"><h2>Nghiệm thu nhiệm vụ giám sát chất lượng nước'
            '</h2></div><div class="news-detail-date">14/11/2026 09:25</div>'
            f'<div class="news-detail-content">{TEXT}</div></body></html>')
    article = parse_article(URL, page, None, now=NOW)
    assert article.title == "Nghiệm thu nhiệm vụ giám sát chất lượng nước"
    assert article.published is not None and article.published.hour == 9


def test_a_blogs_own_header_linking_its_headline_over_its_date_dates_the_post() -> None:
    # Weebly: div.blog-header holds the headline linking to the post itself and the date line
    # ("SA": morning). It is the article's own header, not another article dropped in whole.
    url = "https://ttyt.example.vn/tin-tuc/kham-sang-loc"
    text = ("<p>Trung tâm Y tế khu vực tổ chức khám sàng lọc tăng huyết áp và đái tháo đường miễn "
            "phí cho người cao tuổi của ba xã vùng cao trong hai ngày cuối tuần.</p>") * 3
    page = ('<html><head><meta property="og:title" content="Khám sàng lọc miễn phí cho người cao '
            'tuổi"></head><body><div class="blog-post"><div class="blog-header"><h2 class="blog-'
            f'title"><a href="{url}">Khám sàng lọc miễn phí cho người cao tuổi</a></h2><p class='
            '"blog-date"><span class="date-text">07/11/2026 7:55 SA</span></p></div><div class='
            f'"blog-content">{text}</div></div></body></html>')
    published = parse_article(url, page, None, now=NOW).published
    assert published is not None and (published.day, published.hour, published.minute) == (7, 7, 55)


def test_of_two_structured_dates_that_disagree_the_one_the_printed_time_agrees_with() -> None:
    # The meta says 08:20 local, JSON-LD 01:25 UTC (08:25 local); the page prints 08:25.
    ld = '{"@type": "NewsArticle", "headline": "Trao giải thưởng", "datePublished": "2026-11-17T01:25:00Z"}'
    page = ('<html><head><meta property="og:title" content="Trao giải thưởng">'
            '<meta property="article:published_time" content="2026-11-17T08:20:00+07:00">'
            f'<script type="application/ld+json">{ld}</script></head><body><h1>Trao giải thưởng'
            f'</h1><div class="detail-time">08:25 | 17/11/2026</div><div class="content">{TEXT}'
            "</div></body></html>")
    published = parse_article(URL, page, None, now=NOW).published
    assert published == datetime(2026, 11, 17, 1, 25, tzinfo=UTC)


def test_a_blogposting_json_ld_is_the_articles_own_statement() -> None:
    # A shop's blog (Sapo/Bizweb) types its post as schema.org BlogPosting, an Article too: its
    # date gives the time the page prints only the day of.
    ld = ('{"@type": "BlogPosting", "headline": "Trao giải thưởng", "datePublished": '
          '"2026-11-10T10:15:00+07:00", "author": {"@type": "Person", "name": "Hoàng Yến"}}')
    page = ('<html><head><meta property="og:title" content="Trao giải thưởng">'
            f'<script type="application/ld+json">{ld}</script></head><body><h1>Trao giải thưởng'
            f'</h1><div class="time-post">10/11/2026</div><div class="content">{TEXT}</div>'
            "</body></html>")
    article = parse_article(URL, page, None, now=NOW)
    assert article.published == datetime(2026, 11, 10, 3, 15, tzinfo=UTC)
    assert article.authors == ("Hoàng Yến",)


def test_a_date_line_linking_the_print_edition_beside_the_date_is_still_the_date_line() -> None:
    """A magazine's date line prints the online time, then links the print issue ("Số báo in
    ngày 15/11/2026") and the print/share tools: mostly links, but none to another article,
    so it is the article's date line, not a teaser."""
    page = ('<html><head><meta property="og:title" content="Giống lúa chịu mặn mới"></head><body>'
            '<div class="detail-news"><h1 class="title-detail">Giống lúa chịu mặn mới</h1>'
            '<div class="info-detail"><span class="date-detail">Cập nhật lúc 10:25, 17/11/2026'
            '</span> <span><a href="/vn/so-bao-in/11a-2026.aspx">Số báo in ngày 15/11/2026</a>'
            '</span> <a href="javascript:window.print()">In bài</a> <a href="javascript:;">Chia sẻ'
            f'</a></div><div class="content-detail">{TEXT}</div></div></body></html>')
    article = parse_article("https://vjst.example.vn/vn/tin-tuc/1/giong-lua.aspx", page, None,
                            now=NOW)
    assert article.published == datetime.fromisoformat("2026-11-17T10:25:00+07:00")


def test_a_pen_name_set_right_on_the_date_line_of_a_json_ld_dated_page_is_the_author() -> None:
    """The page prints its date (a day only) and the writer's pen name, set to the right and
    without a surname, on a line after the text, and states the same day in JSON-LD: that
    line is the page's date line all the same, and the name on it the writer."""
    def page(name_block: str) -> str:
        return ('<html><head><meta property="og:title" content="Trao giải thưởng năm 2026">'
                '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": '
                '"2026-11-12"}</script></head><body><h1>Trao giải thưởng năm 2026</h1>'
                f'<div class="content-detail">{TEXT}</div><div class="author-date">'
                f'<span class="pubdate">12/11/2026</span> {name_block}</div></body></html>')

    right = parse_article(URL, page('<span class="pull-right text-right"><strong>Khánh Vy'
                                    "</strong></span>"), None, now=NOW)
    assert right.authors == ("Khánh Vy",)
    assert right.published == datetime.fromisoformat("2026-11-12T00:00:00+07:00")
    # not set to the right and no surname: a bold word of the line, not known to be a name
    assert parse_article(URL, page("<strong>Khánh Vy</strong>"), None, now=NOW).authors == ()


def test_a_date_alone_under_the_headline_in_a_short_header_block_is_the_date() -> None:
    """Tia Sáng's header (category, headline, author, a date without a time) is short enough
    to read as one line: the date's line is the meta line under the headline, not the header
    around it, and the top bar's today is not the date."""
    page = ('<html><head><meta property="og:title" content="Khi đề tài cấp tỉnh không chỉ để '
            'nghiệm thu"></head><body><div class="topbar"><span>Chủ Nhật, 22/11/2026</span></div>'
            '<header class="entry-header"><div class="entry-cat"><a href="/ql/">Quản lý</a></div>'
            '<h1 class="entry-title">Khi đề tài cấp tỉnh không chỉ để nghiệm thu</h1><div '
            'class="entry-meta"><span class="byline">Tác giả: Nguyễn Hữu Bình</span> <span '
            'class="posted-on">13/11/2026</span></div></header>'
            f'<div class="entry-content">{TEXT}</div></body></html>')
    extraction = extract_article(URL, page, None, now=NOW)
    published = extraction.article.published
    assert published is not None and published.isoformat() == "2026-11-13T00:00:00+07:00"
    # Read from the page's own date line, not guessed by htmldate's page-wide search.
    assert extraction.sources["published"] == "date printed below the headline"


def test_a_day_alone_in_a_time_elements_datetime_takes_the_time_it_prints() -> None:
    page = ('<html><head><meta property="og:title" content="Trao giải thưởng năm 2026">'
            '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": '
            '"2026-11-17"}</script></head><body><h1 class="cms-title">Trao giải thưởng năm 2026'
            '</h1><div class="meta"><time class="cms-date" datetime="2026-11-17">Thứ Ba, '
            f'17/11/2026 15:20</time></div><div class="cms-body">{TEXT}</div></body></html>')
    article = parse_article(URL, page, None, now=NOW)
    assert article.published is not None and article.published.isoformat() == \
        "2026-11-17T15:20:00+07:00"


def test_the_date_line_in_the_articles_own_footer_block_after_the_byline_is_the_date() -> None:
    """Báo Khánh Hòa's photo story prints its date only in ``div.detail-footer-time`` under the
    byline: the article's footer, not the page's."""
    page = ('<html><head><meta property="og:title" content="Trao giải thưởng năm 2026"></head>'
            '<body><div class="top">Chủ Nhật, 22/11/2026</div><h1 class="title">Trao giải '
            f'thưởng năm 2026</h1><div class="content-detail">{TEXT}<p style="text-align:right">'
            '<strong>Ngọc Mai</strong></p></div><div class="detail-footer-time">Đăng lúc: '
            "08:05, Thứ Tư, 18/11/2026</div></body></html>")
    article = parse_article(URL, page, None, now=NOW)
    assert article.published is not None and article.published.isoformat() == \
        "2026-11-18T08:05:00+07:00"
