"""The headline taken from ``<title>`` on pages that print no heading og:title names: the
site's name may stand before the headline as well as after it, and a headline may hold a
dash itself."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from aggregator.parsing.extract import parse_article

NOW = datetime(2026, 11, 22, tzinfo=UTC)
BODY = ("<p>Mô hình xử lý mụn dừa bằng chế phẩm vi sinh giúp nông dân rút ngắn thời gian ủ từ "
        "ba tháng xuống còn ba tuần, giảm chi phí làm giá thể trồng rau sạch.</p>") * 3


def _page(title: str, printed: str) -> str:
    return (f"<html><head><title>{title}</title></head><body><table><tr><td>"
            f'<font size="4"><b>{printed}</b></font></td></tr><tr><td>{BODY}</td></tr>'
            "</table></body></html>")


@pytest.mark.parametrize(("url", "title", "printed", "headline"), [
    # The site's name before the headline, named after the domain.
    ("https://baodongkhoi.vn/tin/2026/11/che-pham.htm",
     "Báo Đồng Khởi Online - Chế phẩm vi sinh xử lý mụn dừa",
     "Chế phẩm vi sinh xử lý mụn dừa", "Chế phẩm vi sinh xử lý mụn dừa"),
    ("https://www.baodongkhoi.com.vn/tin/che-pham.htm",
     "Báo Đồng Khởi Online - Chế phẩm vi sinh xử lý mụn dừa",
     "Chế phẩm vi sinh xử lý mụn dừa", "Chế phẩm vi sinh xử lý mụn dừa"),
    # After it, as usual; a sub-domain is not the site's name.
    ("https://khuyennong.lhhtinh.org.vn/tin/1.html",
     "Khuyến nông giúp nông dân xử lý mụn dừa | Liên hiệp hội tỉnh",
     "Khuyến nông giúp nông dân xử lý mụn dừa", "Khuyến nông giúp nông dân xử lý mụn dừa"),
    # After " > ", as an old DNN portal writes it.
    ("https://lhhnghean.vn/tin-tuc/tin-buon-1234.aspx",
     "Tin buồn: GS.TS Trần Đình Lương từ trần &gt; Liên hiệp các Hội KH&amp;KT Nghệ An",
     "Tin buồn: GS.TS Trần Đình Lương từ trần", "Tin buồn: GS.TS Trần Đình Lương từ trần"),
    # The site's name first, under a name its domain does not spell, after "::".
    ("http://lhhninhbinh.org.vn/index.php?mod=tintuc&id=1452",
     "Liên hiệp các Hội KH&amp;KT tỉnh Ninh Bình :: Tư vấn đề án làng nghề gắn với du lịch",
     "Tư vấn đề án làng nghề gắn với du lịch", "Tư vấn đề án làng nghề gắn với du lịch"),
    # A dash inside the headline: the part the page prints.
    ("https://example.vn/tin/1.html", "Cần Thơ - Sóc Trăng: mở tuyến xe buýt mới - Báo X",
     "Cần Thơ - Sóc Trăng: mở tuyến xe buýt mới",
     "Cần Thơ - Sóc Trăng: mở tuyến xe buýt mới"),
])
def test_the_headline_is_the_part_of_the_title_that_is_not_the_site(
        url: str, title: str, printed: str, headline: str) -> None:
    assert parse_article(url, _page(title, printed), None, now=NOW).title == headline


def test_a_site_section_headline_path_gives_the_headline_not_the_section() -> None:
    # "Site > Section > Headline", the site known by og:site_name: the section ("Lịch công
    # tác", printed only in the menu) opens what is left, the headline is the part printed.
    headline = "Lịch công tác tuần 47 của Lãnh đạo Sở (từ ngày 16/11/2026 đến ngày 22/11/2026)"
    page = _page(f"Sở Khoa học và Công nghệ tỉnh Phú Thọ &gt; Lịch công tác &gt; {headline}",
                 headline).replace(
        "<head>", '<head><meta property="og:site_name" content="Sở Khoa học và Công nghệ tỉnh '
                  'Phú Thọ">').replace(
        "<body>", '<body><ul class="menu"><li><a href="/lich">Lịch công tác</a></li></ul>')
    article = parse_article("https://sokhcn.phutho.gov.vn/Default.aspx?tabid=412", page, None,
                            now=NOW)
    assert article.title == headline


def test_og_title_loses_the_site_part_the_page_does_not_print_with_the_headline() -> None:
    # An old DNN portal copies the document title into og:title and prints the headline in a
    # <b> of its own; a headline holding a dash that the page prints whole keeps it.
    og = "Chế phẩm vi sinh xử lý mụn dừa - Cổng TTĐT Đảng bộ tỉnh"
    page = _page("Cổng TTĐT", "Chế phẩm vi sinh xử lý mụn dừa").replace(
        "</head>", f'<meta property="og:title" content="{og}"></head>')
    assert parse_article("https://tinhuy.example.vn/tin/1", page, None, now=NOW).title == \
        "Chế phẩm vi sinh xử lý mụn dừa"
    dashed = "Mụn dừa - từ phế phẩm thành giá thể"
    page = _page("Cổng TTĐT", dashed).replace(
        "</head>", f'<meta property="og:title" content="{dashed}"></head>')
    assert parse_article("https://tinhuy.example.vn/tin/2", page, None, now=NOW).title == dashed


def test_a_ward_portals_bold_title_paragraph_when_og_title_is_only_the_portals_name() -> None:
    from aggregator.registry import SiteEntry

    site = SiteEntry(id="hacthanh", name="Cổng thông tin điện tử phường Hạc Thành",
                     kind="newspaper", url="https://hacthanh.example.vn/")
    page = (f"<html><head><title>{site.name}</title><meta property='og:title' content='{site.name}'>"
            f'</head><body><div class="logo">{site.name}</div><div class="news-detail"><p '
            'class="title"><b>Ngày hội “Bình dân học vụ số” cho hơn 600 người dân</b></p>'
            f"{BODY}</div></body></html>")
    assert parse_article("https://hacthanh.example.vn/tin/1", page, site, now=NOW).title == \
        "Ngày hội “Bình dân học vụ số” cho hơn 600 người dân"


def test_a_headline_set_on_two_lines_keeps_a_space_at_the_break() -> None:
    page = ("<html><head><meta property='og:title' content='Khai giảng năm học 2026 - 2027 đón "
            "1.200 tân sinh viên'></head><body><h1>Khai giảng năm học 2026 - 2027<br />đón 1.200 "
            f"tân sinh viên</h1>{BODY}</body></html>")
    assert parse_article("https://cd.example.vn/tin/1", page, None, now=NOW).title == \
        "Khai giảng năm học 2026 - 2027 đón 1.200 tân sinh viên"


def test_a_category_h1_gives_way_to_the_headline_the_page_prints_under_its_own_name() -> None:
    """A Joomla category page's ``h1`` ("Tin hoạt động") over the article's ``h2``, nothing
    but the document title naming the article; a category ``h1`` over a ``div.title`` printing
    og:title on two lines."""
    headline = "Chuyển giao kỹ thuật trồng nấm từ rơm rạ cho nông dân vùng ven biển"
    joomla = (f"<html><head><title>{headline}</title></head><body><div class='page-header'>"
              f"<h1>Tin hoạt động</h1></div><div class='page-header'><h2 itemprop='headline'>"
              f"{headline}</h2></div><div itemprop='articleBody'>{BODY}</div></body></html>")
    assert parse_article("https://lhh.example.vn/tin/1", joomla, None, now=NOW).title == headline
    og = "Gắn mã truy xuất nguồn gốc cho sản phẩm OCOP: Bước đi để nông sản vươn xa"
    two_lines = (f"<html><head><meta property='og:title' content='{og}'></head><body>"
                 "<h1 class='category-title'><a href='/khoa-hoc/'>Khoa học - Công nghệ</a></h1>"
                 "<div class='title'>Gắn mã truy xuất nguồn gốc cho sản phẩm OCOP:<br>Bước đi để "
                 "nông sản vươn xa</div><div class='date'>Thứ Ba, 03/11/2026 - 14:35</div>"
                 "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", "
                 "\"datePublished\": \"2026-11-03\"}</script>"
                 f"<div class='content'>{BODY}</div></body></html>")
    article = parse_article("https://bao.example.vn/tin/2", two_lines, None, now=NOW)
    assert article.title == og
    # The headline set on two lines is where the page's date line is looked for.
    assert article.published is not None and article.published.isoformat() == \
        "2026-11-03T14:35:00+07:00"
    # A short document title (a section's name) is no headline to give way to.
    section = (f"<html><head><title>Tin hoạt động</title></head><body><h1>{headline}</h1>"
               f"<h2>Tin hoạt động</h2>{BODY}</body></html>")
    assert parse_article("https://lhh.example.vn/tin/3", section, None, now=NOW).title == headline


def test_a_heading_marked_as_the_headline_by_microdata_is_the_title_where_no_h1_is() -> None:
    """A Joomla 4 page: no h1, no og:title; the document title holds a dash of its own
    ("Phong Nha - Kẻ Bàng") and the h2 marked ``itemprop=headline`` prints it whole."""
    headline = "Góp ý đề án bảo tồn hệ sinh thái núi đá vôi Phong Nha - Kẻ Bàng"
    page = (f"<html><head><title>{headline}</title></head><body><div class='page-header'><h2 "
            f"itemprop='headline'>{headline}</h2></div><div itemprop='articleBody'>{BODY}</div>"
            "</body></html>")
    assert parse_article("https://lhh.example.vn/tin/4", page, None, now=NOW).title == headline
