"""Headline and sapo as portals' publishing fields print them: SharePoint puts each field's
label ("Tiêu đề", "Tóm tắt") in the field, hidden, before its text, and its summary in a
``div.article-summary``; Liferay's Asset Publisher prints a web content's title in a
``span.asset-title`` under the portlet's own heading, with og:title naming the page."""

from __future__ import annotations

from datetime import UTC, datetime

from aggregator.parsing.extract import parse_article
from aggregator.registry import SiteEntry

NOW = datetime(2026, 11, 22, tzinfo=UTC)
URL = "https://skhcn.example.gov.vn/Pages/nghiem-thu-de-tai-giong-sen.aspx"
HEADLINE = "Nghiệm thu đề tài chọn lọc giống sen cho hạt năng suất cao"
SAPO = ("Hội đồng khoa học và công nghệ cấp tỉnh vừa nghiệm thu đề tài chọn lọc và phát triển "
        "giống sen cho hạt, kết quả xếp loại xuất sắc.")
TEXT = ("<p>Qua ba năm thực hiện, nhóm nghiên cứu đã tuyển chọn được hai dòng sen cho năng suất "
        "hạt cao hơn giống địa phương từ 20 đến 25%, thích nghi tốt với vùng đất phèn.</p>") * 3


def test_a_sharepoint_fields_hidden_labels_are_not_part_of_the_headline_or_the_sapo() -> None:
    page = ("<html><head><title>Nghiệm thu đề tài</title></head><body><div class='article'>"
            "<h1 class='article-title'><div style='display:none'>Tiêu đề</div>"
            f"<div style='display:inline'>{HEADLINE}</div></h1><div class='article-summary'>"
            f"<div style='display: none'>Tóm tắt</div><div class='ms-rtestate-field'><p>{SAPO}</p>"
            f"</div></div><div class='article-content'>{TEXT}</div></div></body></html>")
    article = parse_article(URL, page, None, now=NOW)
    assert article.title == HEADLINE
    assert article.lead == SAPO


def test_liferays_asset_title_is_the_headline_not_the_page_name_in_og_title() -> None:
    page = ("<html><head><title>Tin tức - Liên hiệp hội</title><meta property='og:title' "
            "content='Tin tức - Liên hiệp hội'></head><body><section class='portlet'>"
            "<h2 class='portlet-title-text'>Tin tức</h2><div class='asset-full-content'><p "
            f"class='component-title h4'><span class='asset-title d-inline'>{HEADLINE}</span></p>"
            f"<div class='journal-content-article'>{TEXT}</div></div></section></body></html>")
    assert parse_article(URL, page, None, now=NOW).title == HEADLINE


def test_an_old_table_layouts_title_cell_its_motto_description_and_posting_stamp() -> None:
    # A FrontPage-era association site: <title> holds only the site and the section, the
    # headline is a cell classed "tieude", the description is "Website <site> - <motto>" on
    # every page, and a site builder's "Ngày đăng: …" text box sits in the text.
    site = SiteEntry(id="dongythanhhoa", name="Hội Đông y tỉnh Thanh Hoá", kind="federation",
                     url="http://hoidongy.example.vn/", province="thanh-hoa")
    page = ("<html><head><title>Hội Đông y tỉnh Thanh Hoá - Tin tức</title><meta name="
            "'description' content='Website Hội Đông y tỉnh Thanh Hoá - Kế thừa, phát huy y học "
            "cổ truyền dân tộc'></head><body><table><tr><td class='tieude'><font><b>"
            f"{HEADLINE}</b></font></td></tr><tr><td><font>[05/11/2026 - 15:20]</font></td></tr>"
            f"<tr><td><p>Ngày đăng: 05/11/2026</p>{TEXT}</td></tr></table></body></html>")
    article = parse_article(URL, page, site, now=NOW)
    assert article.title == HEADLINE
    assert article.lead == ""
    assert "Ngày đăng" not in article.body_text and "dòng sen" in article.body_text
    assert article.published is not None and article.published.hour == 15


def test_liferays_publish_date_with_a_two_digit_year() -> None:
    page = ("<html><head><title>Tin tức</title></head><body><div class='top-bar'>Chủ Nhật, "
            "22/11/2026</div><section class='portlet'><div class='asset-full-content'><span "
            f"class='asset-title'>{HEADLINE}</span><div class='journal-content-article'>{TEXT}"
            "</div><div class='asset-metadata'><span class='metadata-publish-date'>Ngày xuất bản "
            "18/11/26 09:30</span></div></div></section></body></html>")
    published = parse_article(URL, page, None, now=NOW).published
    assert published is not None
    assert published.strftime("%Y-%m-%d %H:%M") == "2026-11-18 09:30"


def test_the_mastheads_logo_in_an_h1_is_not_the_headline() -> None:
    # The logo links to the home page inside an h1; og:title is shortened for social media,
    # so no heading agrees with it.
    page = ("<html><head><title>Nghiệm thu đề tài | Báo</title><meta property='og:title' "
            "content='Nghiệm thu giống sen'></head><body><div id='header'><h1 class='logo'><a "
            "href='https://skhcn.example.gov.vn/'><img src='/logo.png'><span>BÁO ĐIỆN TỬ</span>"
            f"</a></h1></div><div class='detail'><h1 class='title-detail'>{HEADLINE}</h1>"
            f"{TEXT}</div></body></html>")
    assert parse_article(URL, page, None, now=NOW).title == HEADLINE


def test_the_credit_line_under_the_headline_names_the_writer_not_the_interviewee_at_the_end(
) -> None:
    page = ("<html><head><title>Phỏng vấn</title></head><body><div class='detail'><h1>"
            f"{HEADLINE}</h1><div class='author-top'>Bài và ảnh: <strong>Phan Bình</strong> "
            "<span>Ngày đăng: 10/11/2026 16:20</span></div><div class='bodytext'>"
            f"{TEXT}<p style='text-align: right;'><strong>Nguyễn Thị Hạnh</strong></p></div>"
            "</div></body></html>")
    assert parse_article(URL, page, None, now=NOW).authors == ("Phan Bình",)
