"""Standing pages that say what they are (held-out round 31): about and contact pages by their
address, Drupal's static and event nodes and a comment page by their template, a document's
record by its fields. Articles at ordinary addresses, and articles quoting a decision, stay
articles."""

from __future__ import annotations

from datetime import UTC, datetime

import lxml.html
import pytest

from aggregator.errors import NotAnArticle
from aggregator.parsing.extract import parse_article
from aggregator.parsing.page_kind import other_page_kind

NOW = datetime(2026, 11, 22, tzinfo=UTC)
_TEXT = "".join(f"<p>Đoạn {n}: Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh được thành lập năm "
                f"1991, tập hợp trí thức khoa học và công nghệ của tỉnh trong nhiều lĩnh vực.</p>"
                for n in range(1, 6))


def _body(classes: str = "", inner: str = _TEXT) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(
        f'<html><body class="{classes}"><h1>Giới thiệu</h1>{inner}</body></html>').body


@pytest.mark.parametrize(("url", "standing"), [
    ("https://lhhnghean.vn/gioi-thieu/", True),
    ("https://www.lhhcantho.vn/lien-he", True),
    ("https://vtv.vn/lich-phat-song.htm?kenh=vtv2&ngay=22-11-2026", True),
    ("https://lienhiephoihanoi.vn/ban-thuong-vu/", True),
    ("https://vlusta.org.vn/vi/page/ban-chap-hanh-khoa-vi-nhiem-ky-2025-2030.html", True),
    # an article's slug that starts with a standing page's word is an article's
    ("https://lhhnghean.vn/tin-tuc/gioi-thieu-mo-hinh-tuoi-tiet-kiem-123.html", False),
    ("https://baolangson.vn/lien-he-cong-tac-kieu-bao-5068102.html", False),
    # a pager is a listing's page, left to the listing evidence
    ("https://lhhnghean.vn/tin-tuc/page/2/", False),
])
def test_standing_pages_by_their_address(url: str, standing: bool) -> None:
    assert (other_page_kind(url, _body(), has_article_ld=False) is not None) is standing


@pytest.mark.parametrize(("classes", "standing"), [
    ("path-node page-node-type-event", True),
    ("path-node page-node-type-page", True),
    ("page-comment", True),
    ("path-node page-node-type-article", False),
    ("post-template-default single single-post postid-4821", False),
])
def test_standing_pages_by_their_template(classes: str, standing: bool) -> None:
    reason = other_page_kind("https://veea.org.vn/su-kien/hoi-thao-123", _body(classes),
                             has_article_ld=False)
    assert (reason is not None) is standing


def test_a_drupal_page_with_article_json_ld_is_left_to_the_evidence() -> None:
    body = _body("path-node page-node-type-page")
    assert other_page_kind("https://vaip.org.vn/node/12", body, has_article_ld=True) is None


_RECORD = ('<table class="vbpq-detail"><tr><th>Số ký hiệu</th><td>3125/QĐ-UBND</td></tr>'
           '<tr><th>Ngày ban hành</th><td>05/11/2026</td></tr><tr><th>Loại văn bản</th>'
           '<td>Quyết định</td></tr><tr><th>Cơ quan ban hành:</th><td>UBND tỉnh</td></tr>'
           '<tr><th>Người ký</th><td>Lê Văn A</td></tr></table>')
_DOCUMENT_LIST = ('<table><tr><th>Số ký hiệu</th><th>Trích yếu</th><th>Ngày ban hành</th></tr>'
                  '<tr><td>86/QĐ-HĐL</td><td>Quyết định khen thưởng hội viên</td>'
                  '<td>28/10/2026</td></tr></table>')
_DECISION_TEXT = ("<p>QUYẾT ĐỊNH Về việc khen thưởng</p><p>Căn cứ Điều lệ Hội;</p>"
                  "<p>Điều 1. Khen thưởng 12 hội viên có thành tích xuất sắc.</p>")


@pytest.mark.parametrize(("inner", "record"), [
    (_RECORD + _TEXT, True),
    # a notice listing documents by column, or pasting a decision's text, is no record
    (_DOCUMENT_LIST + _TEXT, False),
    (_DECISION_TEXT + _TEXT, False),
])
def test_a_documents_record_by_its_fields(inner: str, record: bool) -> None:
    reason = other_page_kind("https://skhcn.thanhhoa.gov.vn/van-ban/chi-tiet/48213",
                             _body(inner=inner), has_article_ld=False)
    assert (reason is not None) is record


def _page(ld_type: str | None = None) -> str:
    ld = (f'<script type="application/ld+json">{{"@context": "https://schema.org", '
          f'"@type": "{ld_type}", "name": "Giới thiệu"}}</script>') if ld_type else ""
    return (f'<html><head><meta property="og:type" content="article">'
            f'<meta property="og:title" content="Giới thiệu Liên hiệp hội">'
            f'<meta property="article:published_time" content="2026-11-02T08:00:00+07:00">{ld}'
            f'</head><body><h1>Giới thiệu Liên hiệp hội</h1><div class="entry-content">{_TEXT}'
            f'</div></body></html>')


def test_an_about_page_is_refused_by_its_address() -> None:
    with pytest.raises(NotAnArticle, match="standing page"):
        parse_article("https://lhhnghean.vn/gioi-thieu/", _page(), None, now=NOW)


def test_an_about_page_is_refused_by_its_json_ld_type() -> None:
    url = "https://lhhnghean.vn/tin-tuc/lhh-tinh-35-nam-123.html"
    assert parse_article(url, _page(), None, now=NOW).title == "Giới thiệu Liên hiệp hội"
    with pytest.raises(NotAnArticle, match="AboutPage"):
        parse_article(url, _page("AboutPage"), None, now=NOW)
