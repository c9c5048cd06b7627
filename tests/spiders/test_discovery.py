"""Discovery keeps the dates that tell a known article was edited: Atom/RSS ``<updated>`` and
sitemap ``<lastmod>`` besides the publication date."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from spiders.discovery import Discovered, feed_entries, parse_xml, sitemap_entries

VN = timezone(timedelta(hours=7))
BASE = "https://baotinh.vn/"


def test_rss_item_with_atom_updated() -> None:
    root = parse_xml("""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
<item><title>Khánh thành cầu treo dân sinh</title><link>https://baotinh.vn/cau-treo-1234.html</link>
<pubDate>Fri, 20 Nov 2026 09:30:00 +0700</pubDate>
<atom:updated>2026-11-29T09:00:00+07:00</atom:updated></item>
<item><title>Hội nghị tổng kết</title><link>https://baotinh.vn/tong-ket-1235.html</link>
<pubDate>Thu, 19 Nov 2026 15:20:00 +0700</pubDate></item>
</channel></rss>""".encode())
    assert root is not None
    edited, plain = feed_entries(root, BASE)
    assert edited.published == datetime(2026, 11, 20, 9, 30, tzinfo=VN)
    assert edited.updated == edited.changed_at == datetime(2026, 11, 29, 9, 0, tzinfo=VN)
    assert plain.updated is None and plain.changed_at == plain.published


def test_sitemap_lastmod_is_the_change_date() -> None:
    root = parse_xml("""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://baotinh.vn/cau-treo-1234.html</loc><lastmod>2026-11-29T09:00:00+07:00</lastmod>
<news:news><news:publication_date>2026-11-20T09:30:00+07:00</news:publication_date>
<news:title>Khánh thành cầu treo dân sinh</news:title></news:news></url>
</urlset>""".encode())
    assert root is not None
    _children, (page,) = sitemap_entries(root, BASE)
    assert page.changed_at == datetime(2026, 11, 29, 9, 0, tzinfo=VN)


def test_changed_at_is_the_later_date_or_none() -> None:
    early, late = datetime(2026, 11, 1, tzinfo=VN), datetime(2026, 11, 2, tzinfo=VN)
    assert Discovered(BASE, published=late, updated=early).changed_at == late
    assert Discovered(BASE).changed_at is None


def test_news_sitemap_publication_date_wins_over_an_earlier_lastmod_tag() -> None:
    root = parse_xml(b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://baotinh.vn/a-1234.html</loc><lastmod>2026-11-29T09:00:00+07:00</lastmod>
<news:news><news:publication_date>2026-11-20T09:30:00+07:00</news:publication_date></news:news>
</url><url><loc>https://baotinh.vn/b-1235.html</loc><lastmod>2026-11-21</lastmod></url></urlset>""")
    assert root is not None
    _children, (news, plain) = sitemap_entries(root, BASE)
    assert news.published == datetime(2026, 11, 20, 9, 30, tzinfo=VN)
    assert plain.published is not None and plain.published == plain.updated
