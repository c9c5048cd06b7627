"""A journal article page names its authors in ``citation_author`` metas (the Highwire Press
tags journal CMSs write for Google Scholar), one each, in order: its byline, with no closing
credit line and no JSON-LD; its publication date and abstract in those tags and in Dublin
Core's, beside the submission and acceptance dates it prints."""

from __future__ import annotations

from datetime import UTC, datetime

from aggregator.parsing.extract import parse_article

NOW = datetime(2026, 11, 22, tzinfo=UTC)
ABSTRACT = ("<p>Nghiên cứu đánh giá khả năng thích ứng của năm giống cà phê chè trồng xen trên đất "
            "dốc, theo dõi sinh trưởng, năng suất và chất lượng hạt trong ba vụ liên tiếp.</p>") * 3


def _page(metas: str) -> str:
    return (f'<html><head><meta property="og:title" content="Giống cà phê chè trên đất dốc">'
            f'{metas}</head><body><h1>Giống cà phê chè trên đất dốc</h1>'
            f'<div class="abstract">{ABSTRACT}</div></body></html>')


def test_the_citation_author_metas_are_the_authors_in_order() -> None:
    metas = ('<meta name="citation_author" content="Lò Văn Thịnh">'
             '<meta name="citation_author_institution" content="Trường Đại học Tây Bắc">'
             '<meta name="citation_author" content="Nguyễn Thị Hải Yến">'
             '<meta name="citation_author" content="Lò Văn Thịnh">')
    article = parse_article("https://vjst.vn/bai-bao/123", _page(metas), None, now=NOW)
    assert article.authors == ("Lò Văn Thịnh", "Nguyễn Thị Hải Yến")


def test_the_issue_date_is_the_publication_not_the_submission_printed_first() -> None:
    metas = ('<meta name="DC.Date.dateSubmitted" content="2026-08-15">'
             '<meta name="DC.Date.issued" content="2026-10-28">'
             '<meta name="citation_date" content="2026/10/28">')
    page = _page(metas).replace(
        "</h1>", "</h1><div class=dates><h2>Ngày nhận bài</h2><span>15/08/2026</span></div>")
    article = parse_article("https://vjst.vn/bai-bao/123", page, None, now=NOW)
    assert article.published == datetime.fromisoformat("2026-10-28T00:00:00+07:00")


def test_the_dublin_core_description_is_the_abstract_printed_as_the_lead() -> None:
    summary = ("Nghiên cứu đánh giá khả năng thích ứng của năm giống cà phê chè trồng xen trên đất "
               "dốc trong ba vụ liên tiếp.")
    page = _page(f'<meta name="DC.Description" content="{summary}">').replace(
        "</h1>", f'</h1><section class="item abstract"><h2>Tóm tắt</h2><p>{summary}</p></section>')
    article = parse_article("https://vjst.vn/bai-bao/123", page, None, now=NOW)
    assert article.lead == summary


def test_a_page_without_them_has_no_author_from_them() -> None:
    article = parse_article("https://vjst.vn/bai-bao/123", _page(""), None, now=NOW)
    assert article.authors == ()


def test_drupals_author_field_gives_one_writer_per_item() -> None:
    """Drupal prints an author field as a label and one item per writer ("Nhóm phóng viên":
    the label, not a name); its "Gửi bởi" uploader login is no writer."""
    field = ('<div class="field field--name-field-author field--label-inline">'
             '<div class="field__label">Nhóm phóng viên</div><div class="field__items">'
             '<div class="field__item">Giang Lam</div><div class="field__item">Thu Phương</div>'
             '</div></div><div class="node__submitted">Gửi bởi bientap_tq</div>')
    page = (f'<html><head><meta property="og:title" content="Số hóa di sản"></head><body>'
            f'<h1>Số hóa di sản</h1>{field}<div class="field--name-body">{ABSTRACT}</div>'
            f'</body></html>')
    article = parse_article("https://baotuyenquang.com.vn/van-hoa/so-hoa-di-san", page, None,
                            now=NOW)
    assert article.authors == ("Giang Lam", "Thu Phương")
