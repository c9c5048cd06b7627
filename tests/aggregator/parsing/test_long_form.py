"""Long-form pages (held-out round 35): eMagazine, Longform and Megastory templates print a
cover above the text (a kicker, the headline, sometimes only as lettering in an image, a date
line, a scroll hint), split the text into chapters with their numbers, set quotes large, paint
photos as backgrounds with captions over them, and end with a credits block instead of a
byline."""

from __future__ import annotations

from datetime import UTC, datetime

import lxml.html
import pytest

from aggregator.dates import date_alone
from aggregator.parsing.authors import byline_names, credit_line, trailing_byline
from aggregator.parsing.body import clean_body, remove_boilerplate
from aggregator.parsing.extract import parse_article
from aggregator.parsing.second_opinion import drop_unshared_labels, own_lines, prefer_ours

NOW = datetime(2026, 11, 22, tzinfo=UTC)
_PARAGRAPHS = [f"Đoạn {n}: những cánh rừng ngập mặn được đo đếm lượng carbon từng héc-ta để bán "
               f"tín chỉ, và người nuôi tôm dưới tán rừng được chia phần lợi ích." for n in range(1, 7)]
_TEXT = "".join(f"<p>{p}</p>" for p in _PARAGRAPHS[:3])
_MORE = "".join(f"<p>{p}</p>" for p in _PARAGRAPHS[3:])


def _body(html: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(html, create_parent="div")


@pytest.mark.parametrize(("credits", "authors"), [
    # the credit's label in bold, read with its line (not alone, as no name)
    ("<p><strong>Bài:</strong> Hoài Thu - Minh Châu</p><p><strong>Ảnh:</strong> Thành Cường</p>"
     "<p><strong>Trình bày:</strong> Hữu Quân</p>", ["Hoài Thu", "Minh Châu"]),
    # the designer's bold name, read before its line, is not the writer
    ("<p>Nội dung: Mạnh Quân</p><p>Ảnh: Mạnh Quân - Đức Hoàng</p><p><em>Thiết kế:</em> "
     "<strong>Thủy Tiên</strong></p>", ["Mạnh Quân"]),
    # roles joined in one label; the date printed under the credits
    ("<p>Nội dung: Trần Khánh Vân - Huỳnh Phước Lộc</p><p>Ảnh, video: Huỳnh Phước Lộc</p>"
     "<p>Dữ liệu và đồ họa: Tú Anh</p><p>Ngày xuất bản: 14/11/2026</p>",
     ["Trần Khánh Vân", "Huỳnh Phước Lộc"]),
    ("<p><b>Thực hiện:</b> Lê Hà - Ngọc Huấn</p><p><b>Trình bày:</b> Minh Đức</p>"
     "<p><time>09:15 21/10/2026</time></p>", ["Lê Hà", "Ngọc Huấn"]),
])
def test_the_writers_of_a_credits_block(credits: str, authors: list[str]) -> None:
    assert trailing_byline(_body(_TEXT + credits))[0] == authors


def test_a_supervisors_credit_is_no_writer() -> None:
    assert byline_names("Chỉ đạo thực hiện: Trần Quang Huy") == []
    assert credit_line("Chỉ đạo thực hiện: Trần Quang Huy") and credit_line("Bài: Lý Ngọc Trâm")
    assert not credit_line("Theo ông Tỏ, rừng nuôi mình")


def test_a_publication_label_makes_a_date_line() -> None:
    assert date_alone("Ngày xuất bản: 14/11/2026")


def test_an_articles_footer_of_credits_is_kept_and_a_pull_quote_aside_too() -> None:
    body = _body(f'{_TEXT}<aside class="emag-pullquote"><p>Rừng nuôi mình.</p></aside>{_MORE}'
                 '<footer class="story-credits"><p>Bài: Lý Ngọc Trâm</p><p>Ảnh: Y Sơn Byă</p>'
                 '</footer><footer class="meta"><p>Chia sẻ: Facebook</p></footer>')
    remove_boilerplate(body, ())
    text = body.text_content()
    assert "Bài: Lý Ngọc Trâm" in text and "Rừng nuôi mình." in text and "Chia sẻ" not in text


def test_ghosts_callout_is_text_its_signup_and_bookmark_cards_are_not() -> None:
    body = _body(f'{_TEXT}<div class="kg-card kg-callout-card"><div class="kg-callout-text">'
                 "Một mẫu trầm tích 100 g mất cả ngày để đếm thủ công.</div></div>"
                 '<figure class="kg-card kg-bookmark-card"><a href="/huong-dan/">Hướng dẫn quan '
                 'sát</a></figure><div class="kg-card kg-signup-card"><h2>Nhận bài mới qua '
                 "email</h2></div>")
    remove_boilerplate(body, ())
    html = lxml.html.tostring(body, encoding="unicode")
    assert "<blockquote" in html and "Một mẫu trầm tích" in html
    assert "Hướng dẫn quan sát" not in html and "Nhận bài mới" not in html


def test_a_pull_quote_repeating_the_text_is_said_once() -> None:
    sentence = "Công nghệ không thay được đôi tay người thợ, nhưng giúp chúng tôi nhớ lại"
    body = _body(f"<p>“{sentence}”, chị Nhung chia sẻ về những hoa văn cổ được phục dựng.</p>"
                 f'<blockquote class="sp-quote"><span>“</span><p>{sentence}.</p></blockquote>'
                 f"{_TEXT}")
    html = clean_body(body, base_url="https://special.nhandan.vn/a/", lead="")
    assert html.count(sentence) == 1 and "<blockquote" not in html


def test_a_date_line_under_the_credits_is_no_paragraph() -> None:
    body = _body(f"{_TEXT}<p>Nội dung: Phạm Thu Hà</p><p>Ngày xuất bản: 14/11/2026</p>")
    html = clean_body(body, base_url="https://special.nhandan.vn/a/", lead="")
    assert "14/11/2026" not in html and "Nội dung: Phạm Thu Hà" in html


def test_a_photo_painted_as_a_background_with_its_caption_is_a_figure() -> None:
    body = _body(f"{_TEXT}<div class=\"lf-block\" style=\"background-image:url('/lf/nha-kinh.jpg')\">"
                 '<div class="lf-overlay-caption">Những dãy nhà kính trên sườn đồi Lang Biang.</div>'
                 "</div><div class=\"lf-chapter\" style=\"background-image:url('/lf/c2.jpg')\">"
                 "<h2>Từ giàn tưới đến cảm biến</h2></div>")
    html = clean_body(body, base_url="https://baolamdong.vn/longform/a.html", lead="")
    assert '<img src="https://baolamdong.vn/lf/nha-kinh.jpg"' in html
    assert "<figcaption>Những dãy nhà kính trên sườn đồi Lang Biang.</figcaption>" in html
    assert "<h2>Từ giàn tưới đến cảm biến</h2>" in html  # a chapter's cover is no figure


def test_an_image_and_its_classed_caption_in_a_grid_cell_are_a_figure() -> None:
    body = _body(f'{_TEXT}<div class="emg-col-6"><img src="/khay.jpg" alt="">'
                 '<p class="emg-caption">Khay đựng thực phẩm làm từ rơm ép.</p></div>')
    html = clean_body(body, base_url="https://baocantho.com.vn/a.html", lead="")
    assert "<figcaption>Khay đựng thực phẩm làm từ rơm ép.</figcaption>" in html


def test_a_photo_beside_a_paragraph_is_no_figure_of_both() -> None:
    body = _body(f'{_TEXT}<div type="ImageWithText"><figure type="Photo"><img src="/lua.jpg">'
                 '<figcaption>Thu hoạch lúa - tôm.</figcaption></figure><div class="col">'
                 f"<p>{_PARAGRAPHS[4]}</p></div></div>")
    html = clean_body(body, base_url="https://thanhnien.vn/a.htm", lead="")
    assert _PARAGRAPHS[4] in html and "<figcaption>Thu hoạch lúa - tôm.</figcaption>" in html


def test_ours_with_its_credits_pull_quote_and_chapter_numbers_is_kept() -> None:
    ours = "\n\n".join(["I.", _PARAGRAPHS[0], _PARAGRAPHS[1], "Rừng nuôi mình, mình giữ rừng.",
                        _PARAGRAPHS[2], "II.", _PARAGRAPHS[3], "Nội dung: Trần Khánh Vân",
                        "Ảnh: Huỳnh Phước Lộc", "Đồ họa: Tú Anh"])
    theirs = "\n\n".join(_PARAGRAPHS[:4])
    lines = own_lines(f"<p>{_PARAGRAPHS[1]}</p><blockquote><p>Rừng nuôi mình, mình giữ rừng."
                      "</p></blockquote>")
    assert "Rừng nuôi mình, mình giữ rừng." in lines
    assert prefer_ours(ours, theirs, "", lines)
    kept = drop_unshared_labels("<p>II.</p><p>Nhãn lạ</p>" + "".join(
        f"<p>{p}</p>" for p in _PARAGRAPHS[:2]) + "<p>Ảnh: Huỳnh Phước Lộc</p><p>Hết.</p>",
        theirs, frozenset())
    assert "II." in kept and "Ảnh: Huỳnh Phước Lộc" in kept and "Nhãn lạ" not in kept


_CHAPTERS = "".join(
    f'<section class="sp-chapter" id="chuong-{n}"><div class="sp-head"><span>0{n}</span>'
    f'<h2>Chương {n}</h2></div><div class="sp-container sp-text"><p>{_PARAGRAPHS[2 * n - 2]}</p>'
    f"<p>{_PARAGRAPHS[2 * n - 1]}</p></div></section>" for n in (1, 2, 3))


def test_a_text_in_chapters_is_read_whole() -> None:
    page = ('<html><head><meta property="og:title" content="Gốm Việt trên nền tảng số">'
            '<meta property="og:description" content="Nghệ nhân trẻ đưa gốm lên sàn."></head>'
            '<body><section class="sp-cover"><div class="kicker">E-MAGAZINE</div>'
            '<img class="title-img" src="/title.png" alt="Gốm Việt trên nền tảng số">'
            '<p class="date">Thứ Bảy, 14/11/2026 | 06:30</p></section>'
            f'<main class="sp-story">{_CHAPTERS}<section class="sp-credits"><p>Nội dung: Phạm '
            "Thu Hà - Đỗ Quang Vinh</p></section></main></body></html>")
    article = parse_article("https://special.nhandan.vn/gom-viet/index.html", page, None, now=NOW)
    assert all(p in article.body_text for p in _PARAGRAPHS)
    assert list(article.authors) == ["Phạm Thu Hà", "Đỗ Quang Vinh"]
    # the headline is lettering in an image: the date line under it is still found
    assert article.published is not None and article.published.isoformat() == \
        "2026-11-14T06:30:00+07:00"


def test_the_cover_around_a_headline_inside_the_text_container_is_not_text() -> None:
    page = ('<html><head><meta property="og:title" content="Tôm – rừng và tín chỉ carbon">'
            '<meta property="article:published_time" content="2026-11-13T06:00:00+07:00"></head>'
            '<body><article class="ms-article"><section class="ms-cover"><p class="kicker">'
            'MEGASTORY</p><h1>Tôm – rừng và tín chỉ carbon</h1><p class="small">Cà Mau, '
            '13/11/2026 - 06:00</p><span class="hint">Cuộn xuống để đọc</span></section>'
            '<div class="ms-sapo"><p>Dưới tán đước, hộ dân nuôi tôm theo cách ông bà để lại.</p>'
            f"</div>{_TEXT}{_MORE}</article></body></html>")
    article = parse_article("https://baocamau.vn/megastory/a.html", page, None, now=NOW)
    for furniture in ("MEGASTORY", "Cuộn xuống", "Cà Mau, 13/11/2026"):
        assert furniture not in article.body_text
    assert article.body_text.startswith(_PARAGRAPHS[0])


def test_elementors_post_content_widget_is_the_body() -> None:
    # each chapter a section of its own: a heading widget, then a text widget of two paragraphs
    sections = "".join(
        f'<section class="elementor-section elementor-element elementor-element-{n}a{n}f">'
        f'<div class="elementor-container"><div class="elementor-column"><div class="elementor-'
        f'widget-heading"><h2>Chương {n}</h2></div><div class="elementor-widget-text-editor">'
        f'<div class="elementor-widget-container"><p>{_PARAGRAPHS[2 * n]}</p>'
        f"<p>{_PARAGRAPHS[2 * n + 1]}</p></div></div></div></div></section>" for n in range(3))
    page = ('<html><head><meta property="og:title" content="Than sinh học từ vỏ cà phê">'
            '</head><body><h1>Than sinh học từ vỏ cà phê</h1><div class="elementor-element '
            'elementor-widget elementor-widget-theme-post-content"><div class="elementor-widget-'
            f'container">{sections}</div></div></body></html>')
    article = parse_article("https://lienhiephoiquangtri.org.vn/than-sinh-hoc/", page, None,
                            now=NOW)
    assert all(p in article.body_text for p in _PARAGRAPHS)


def test_the_co_writers_the_header_names_beside_json_lds_one() -> None:
    page = ('<html><head><meta property="og:title" content="Mưa sao băng Leonids 2026">'
            '<script type="application/ld+json">{"@context": "https://schema.org", "@type": '
            '"Article", "headline": "Mưa sao băng Leonids 2026", "author": {"@type": "Person", '
            '"name": "Hồ Quang Vinh"}}</script></head><body><article><h1>Mưa sao băng Leonids '
            '2026</h1><h4 class="gh-article-author-name"><a href="/author/vinh/">Hồ Quang Vinh'
            '</a>, <a href="/author/bao-ngoc/">Trịnh Bảo Ngọc</a></h4><section class="gh-content">'
            f"{_TEXT}</section></article></body></html>")
    article = parse_article("https://thienvandanang.org/leonids/", page, None, now=NOW)
    assert list(article.authors) == ["Hồ Quang Vinh", "Trịnh Bảo Ngọc"]


def test_a_line_of_no_word_is_no_furniture_of_ours() -> None:
    ours = "\n\n".join([_PARAGRAPHS[0], "💡", _PARAGRAPHS[1], _PARAGRAPHS[2]])
    assert prefer_ours(ours, "\n\n".join(_PARAGRAPHS[:3]))
