"""htmldate as the last date source: its day where none of our sources finds a date (metadata
names ours does not read), but never a date from reader comments or the page footer."""

from __future__ import annotations

from datetime import UTC, datetime

from aggregator.parsing.extract import extract_article

NOW = datetime(2026, 11, 22, tzinfo=UTC)
URL = "https://hoi.example.vn/tin-tuc/hoi-thao-nang-luong.html"
TEXT = ("<p>Hội thảo bàn về giải pháp tiết kiệm năng lượng trong các nhà máy chế biến nông sản, "
        "với nhiều mô hình đã áp dụng thành công ở các tỉnh đồng bằng.</p>") * 3


def _published(head: str = "", headline: str = "Hội thảo về năng lượng", after: str = ""):
    page = (f'<html><head><meta property="og:title" content="{headline}">{head}</head><body>'
            f'<div class="main"><h1>{headline}</h1><div class="noidung">{TEXT}</div></div>'
            f"{after}</body></html>")
    extraction = extract_article(URL, page, None, now=NOW)
    return extraction.article.published, extraction.sources.get("published", "")


def test_a_metadata_date_only_htmldate_reads_is_the_day() -> None:
    published, source = _published('<meta name="dcterms.created" content="2026-11-14">')
    assert published is not None and published.isoformat() == "2026-11-14T00:00:00+07:00"
    assert source.startswith("htmldate")


def test_a_date_in_reader_comments_or_the_page_footer_is_not_the_date() -> None:
    comments = ('<div class="comments"><div class="comment"><b>Lan</b> <time '
                'datetime="2026-11-20">20/11/2026</time><p>Bài viết rất hữu ích.</p></div></div>')
    assert _published(after=comments)[0] is None
    footer = '<div id="footer">Cập nhật lúc <time datetime="2026-11-21">21/11/2026</time></div>'
    assert _published(after=footer)[0] is None
