"""The printed sapo found by what the page says of it.

As the text's bold first paragraph (Vietnamese WordPress sites): it is the lead, and leaves the
body, when it says so by a dateline tag or by the meta description being its text or its
opening cut short, or when it is written as sentences and the page prints its description
nowhere; a bold first paragraph the page's printed description contradicts, a bold title line
and an editor's note stay the body's. As
the element printing the meta description: also when it is a ``<p>`` alone in a block of its
own above the text (a theme's "entry-excerpt"), and when the description is its opening cut
at a length, mid-word and without "…"."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from aggregator.parsing.extract import parse_article
from aggregator.registry import SiteEntry

NOW = datetime(2026, 11, 22, tzinfo=UTC)
URL = "https://vaa.example.vn/hoi-thao-tu-dong-hoa/"
SAPO = ("Ngày 27/10, tại Hà Nội, Hội Tự động hóa phối hợp với Đại học Bách khoa tổ chức hội "
        "thảo quốc gia về tự động hóa và chuyển đổi số trong nhà máy thông minh.")
REST = ("<p>Hội thảo nhận được 64 báo cáo khoa học về robot công nghiệp, điều khiển quá trình và "
        "hệ thống sản xuất linh hoạt từ các trường đại học và doanh nghiệp.</p>") * 3


def _page(description: str, first: str) -> str:
    return ('<html><head><meta property="og:title" content="Hội thảo tự động hóa">'
            f'<meta property="og:description" content="{description}"></head><body>'
            f'<article><h1 class="entry-title">Hội thảo tự động hóa</h1><div class="entry-content">'
            f"{first}{REST}</div></article></body></html>")


def test_a_bold_first_paragraph_cut_short_in_the_description_is_the_whole_sapo() -> None:
    article = parse_article(URL, _page(SAPO[:120] + "…", f"<p><strong>{SAPO}</strong></p>"),
                            None, now=NOW)
    assert article.lead == SAPO
    assert "Ngày 27/10" not in article.body_text
    assert "64 báo cáo" in article.body_text


def test_a_bold_first_paragraph_with_a_dateline_tag_is_the_sapo() -> None:
    article = parse_article(URL, _page("Hội thảo về tự động hóa.",
                                       f"<p><strong>THVL - {SAPO}</strong></p>"), None, now=NOW)
    assert article.lead == SAPO
    assert "Ngày 27/10" not in article.body_text


def test_a_bold_first_paragraph_stays_in_the_body_when_the_description_is_printed_further_on(
) -> None:
    # The description is the text's third paragraph: the page's summary is its own text, and
    # the bold opening one of its facts.
    later = ("Các đại biểu đã thảo luận về chuẩn kết nối giữa máy công cụ và hệ thống quản lý "
             "sản xuất trong nhà máy.")
    page = _page(later, f"<p><strong>{SAPO}</strong></p>{REST}<p>{later}</p>")
    article = parse_article(URL, page, None, now=NOW)
    assert article.lead == later
    assert SAPO in article.body_text


def test_a_bold_first_paragraph_is_the_sapo_where_the_page_prints_no_description() -> None:
    """Lao Động prints its sapo as the text's bold first paragraph while the description is a
    sentence of its own, printed nowhere: the bold paragraph is the summary a reader sees."""
    description = "Hội thảo quốc gia về tự động hóa thu hút nhiều nhà khoa học tham dự năm nay."
    article = parse_article(URL, _page(description, f"<p><strong>{SAPO}</strong></p>"),
                            None, now=NOW)
    assert article.lead == SAPO
    assert "Ngày 27/10" not in article.body_text


def test_a_bold_title_line_editors_note_or_salutation_opening_the_text_stays_in_the_body(
) -> None:
    # A press release's event title (no full stop) and an editor's note are the text's own.
    title = ("Hội thảo khoa học “Tự động hóa và chuyển đổi số trong nhà máy thông minh: cơ hội "
             "và thách thức”")
    note = f"LTS: {SAPO}"
    # A greeting letter's salutation, set bold and centred above the letter.
    salutation = ("Kính gửi: Các nhà giáo, nhà khoa học là hội viên các hội thành viên của Liên "
                  "hiệp các Hội Khoa học và Kỹ thuật thành phố!")
    for first in (title, note, salutation):
        article = parse_article(URL, _page("Một hội thảo khoa học.",
                                           f"<p><strong>{first}</strong></p>"), None, now=NOW)
        assert article.lead == "Một hội thảo khoa học."
        assert first in article.body_text


def test_a_bold_first_paragraph_before_the_text_the_description_excerpts_is_the_sapo() -> None:
    # The description is the NEXT paragraph's opening: an excerpt of the text that starts after
    # the sapo, which the theme prints from a field of its own.
    text = ("Hội thảo nhận được 64 báo cáo khoa học về robot công nghiệp, điều khiển quá trình "
            "và hệ thống sản xuất linh hoạt")
    article = parse_article(URL, _page(text[:90] + "…", f"<p><strong>{SAPO}</strong></p>"),
                            None, now=NOW)
    assert article.lead == SAPO
    assert "Ngày 27/10" not in article.body_text


def _excerpt_page(description: str, excerpt: str) -> str:
    return ('<html><head><meta property="og:title" content="Hội thảo tự động hóa">'
            f'<meta property="og:description" content="{description}"></head><body>'
            '<article><h1 class="entry-title">Hội thảo tự động hóa</h1>'
            f'<nav class="crumbs"><a href="/">Trang chủ</a></nav>{excerpt}'
            f'<div class="entry-content"><p>{SAPO}</p>{REST}</div></article></body></html>')


def test_a_paragraph_alone_in_its_block_above_the_text_is_the_printed_sapo() -> None:
    article = parse_article(URL, _excerpt_page(SAPO, f'<div class="entry-excerpt"><p>{SAPO}</p></div>'),
                            None, now=NOW)
    assert article.lead == SAPO
    # printed, so its repeat as the text's first paragraph leaves the body
    assert "Ngày 27/10" not in article.body_text
    assert "64 báo cáo" in article.body_text


def test_the_description_as_the_texts_first_paragraph_stays_in_the_body() -> None:
    article = parse_article(URL, _excerpt_page(SAPO, ""), None, now=NOW)
    assert article.lead == SAPO
    assert article.body_text.startswith("Ngày 27/10")


def test_a_description_cut_mid_word_gives_the_whole_printed_sapo() -> None:
    cut = SAPO[:SAPO.index("chuyển đổi") + 6]  # "… và chuyể": a CMS's cut at a length
    article = parse_article(URL, _excerpt_page(cut, f'<div class="news_desc"><b>{SAPO}</b></div>'),
                            None, now=NOW)
    assert article.lead == SAPO
    assert "Ngày 27/10" not in article.body_text


def test_a_short_description_without_a_full_stop_is_not_a_cut_one() -> None:
    subtitle = "Hội thảo quốc gia về tự động hóa và chuyển đổi số"
    printed = f"{subtitle} Xem chi tiết"
    article = parse_article(URL, _excerpt_page(subtitle, f'<div class="news_desc">{printed}</div>'),
                            None, now=NOW)
    assert article.lead == subtitle


def test_a_description_naming_only_the_site_is_no_lead_and_a_trichdan_cell_is_the_sapo(
) -> None:
    # A classic ASP union site: every page's description is "Trang thông tin điện tử" and
    # the union's name; the sapo is printed in a table cell classed "trichdan" (excerpt).
    site = SiteEntry(id="lhhvinhphuc", name="Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Vĩnh Phúc",
                     kind="federation", url="http://www.lhhvinhphuc.example.vn/",
                     province="phu-tho")
    description = f"Trang thông tin điện tử {site.name}"
    page = (f"<html><head><title>Hội thảo tự động hóa | {site.name}</title>"
            f'<meta name="description" content="{description}"></head><body><table>'
            '<tr><td class="tieude"><b>Hội thảo tự động hóa</b></td></tr>'
            f'<tr><td class="trichdan"><b><i>{SAPO}</i></b></td></tr>'
            f'<tr><td class="noidung">{REST}</td></tr></table></body></html>')
    assert parse_article(URL, page, site, now=NOW).lead == SAPO
    without_sapo = page.replace(f'<tr><td class="trichdan"><b><i>{SAPO}</i></b></td></tr>', "")
    assert parse_article(URL, without_sapo, site, now=NOW).lead == ""


def test_a_related_items_sapo_is_not_the_lead_but_the_articles_own_sapo_is() -> None:
    # No sapo printed: the "related-sapo" under another article's headline link is that
    # article's. The article's own sapo sits in the header block with its (self-linked) headline.
    related = ('<ul class="related-list"><li class="related-item"><a href="/robot-han.html"><img '
               'src="/t.jpg" alt=""></a><h4><a href="/robot-han.html">Doanh nghiệp trong tỉnh đưa '
               'robot hàn vào dây chuyền sản xuất</a></h4><p class="related-sapo">Sau một năm vận '
               "hành, robot hàn giúp doanh nghiệp giảm một nửa phế phẩm và rút ngắn thời gian giao "
               "hàng.</p></li></ul>")
    page = ('<html><head><meta property="og:title" content="Hội thảo tự động hóa"></head><body>'
            '<article><h1><a href="/hoi-thao-tu-dong-hoa/">Hội thảo tự động hóa</a></h1>'
            f'<div class="entry-content">{REST}{related}{REST}</div></article></body></html>')
    assert parse_article(URL, page, None, now=NOW).lead == ""
    with_sapo = page.replace("</h1>", f'</h1><p class="sapo">{SAPO}</p>')
    assert parse_article(URL, with_sapo, None, now=NOW).lead == SAPO


def test_a_description_escaped_twice_still_says_the_bold_opening_is_the_sapo() -> None:
    # Old Joomla escapes the description twice: "&amp;quot;" is '"' once parsed again; the
    # printed sapo has curly quotes and a soft hyphen.
    sapo = ("Từ 5 hộ liên kết ban đầu, Tổ hợp tác “Cam sạch Châu Quang” nay có 38 hộ hội viên, "
            "canh tác hơn 60 ha cam theo tiêu chuẩn Viet&shy;GAP, thu về trên 12 tỷ đồng.")
    description = ("Từ 5 hộ liên kết ban đầu, Tổ hợp tác &amp;quot;Cam sạch Châu Quang&amp;quot; "
                   "nay có 38 hộ hội viên, canh tác hơn 60 ha cam theo tiêu chuẩn VietGAP&amp;hellip;")
    page = _page(description, f"<p><strong>{sapo}</strong></p>")
    article = parse_article(URL, page, None, now=NOW)
    assert article.lead.startswith("Từ 5 hộ") and article.lead.endswith("12 tỷ đồng.")
    assert "Từ 5 hộ" not in article.body_text


def test_the_newspaper_themes_post_subtitle_is_the_sapo() -> None:
    """WordPress's Newspaper theme (tagDiv) prints the sapo as the post's subtitle, under the
    headline, while the meta description is an SEO summary of its own."""
    page = ('<html><head><meta property="og:title" content="Hội thảo tự động hóa">'
            '<meta property="og:description" content="Hội thảo quốc gia về tự động hóa năm 2026 '
            'với 64 báo cáo khoa học."></head><body><article><div class="td-post-header">'
            '<h1 class="entry-title">Hội thảo tự động hóa</h1>'
            f'<p class="td-post-sub-title">{SAPO}</p></div><div class="td-post-content">{REST}'
            "</div></article></body></html>")
    assert parse_article(URL, page, None, now=NOW).lead == SAPO


@pytest.mark.parametrize("sapo_block", [
    # Drupal's summary field named in Vietnamese, after a breadcrumb
    '<div class="field field--name-field-tom-tat field--label-hidden field__item"><p>{}</p></div>',
    # DNN's EasyDNNnews module
    '<div class="edn_articleSummary">{}</div>',
])
def test_a_summary_field_of_drupal_or_dnn_is_the_sapo(sapo_block: str) -> None:
    page = ('<html><head><meta property="og:title" content="Hội thảo tự động hóa">'
            '<meta name="description" content="Hội thảo nhận được 64 báo cáo khoa học về robot '
            'công nghiệp, điều khiển quá trình..."></head><body><h1>Hội thảo tự động hóa</h1>'
            '<div class="breadcrumb"><a href="/">Trang chủ</a> › Hội thảo tự động hóa</div>'
            f'{sapo_block.format(SAPO)}<div class="node__content">{REST}</div></body></html>')
    assert parse_article(URL, page, None, now=NOW).lead == SAPO


def test_a_paragraph_with_a_dateline_tag_printed_apart_above_the_text_is_the_sapo() -> None:
    """Báo Phú Thọ's ``p.pHead`` ("Baophutho.vn - …") above ``div#dcontent``, not in bold, its
    description another sentence: the printed sapo, and not the text's first paragraph."""
    page = ('<html><head><meta property="og:title" content="Hội thảo tự động hóa">'
            '<meta name="description" content="Hội thảo quốc gia về tự động hóa năm nay."></head>'
            '<body><h1>Hội thảo tự động hóa</h1>'
            f'<p class="pHead">THVL - {SAPO}</p><div id="dcontent">{REST}</div></body></html>')
    article = parse_article(URL, page, None, now=NOW)
    assert article.lead == SAPO
    assert "Ngày 27/10" not in article.body_text


def test_a_summary_classed_wrapper_of_the_whole_text_is_no_sapo() -> None:
    """ColorMag names its post content ``cm-entry-summary``: a block of many paragraphs is the
    text, not a sapo, whatever its class."""
    page = ('<html><head><meta property="og:title" content="Hội thảo tự động hóa">'
            f'<meta name="description" content="{SAPO}"></head><body><h1>Hội thảo tự động hóa'
            f'</h1><div class="cm-entry-summary"><p>{SAPO}</p>{REST}</div></body></html>')
    article = parse_article(URL, page, None, now=NOW)
    assert article.lead == SAPO
    assert "64 báo cáo" in article.body_text


@pytest.mark.parametrize("sapo_block", [
    '<span class="newssummary"><b>{}</b></span>',  # an old ASP.NET site's summary label
    '<div class="gioithieu"><p>{}</p></div>',  # a block of its own no selector knows
])
def test_a_description_cut_with_three_dots_gives_the_whole_printed_sapo(sapo_block: str) -> None:
    page = ('<html><head><meta property="og:title" content="Hội thảo tự động hóa">'
            f'<meta name="description" content="{SAPO[:130]}..."></head><body><h1>Hội thảo tự '
            f'động hóa</h1>{sapo_block.format(SAPO)}<div class="content">{REST}</div>'
            "</body></html>")
    assert parse_article(URL, page, None, now=NOW).lead == SAPO
