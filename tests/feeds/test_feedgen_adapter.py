"""Atom and RSS documents: feedgen's traps (order, "now", categories, links) are handled."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import feedparser
from lxml import etree

from aggregator.schema import Article
from feeds.feedgen_adapter import atom_document, rss_document
from feeds.items import feed_item
from feeds.model import FeedItem, FeedMeta

VN = timezone(timedelta(hours=7))
ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
MEDIA = "{http://search.yahoo.com/mrss/}"


def _meta(base_url: str, **changes: object) -> FeedMeta:
    fields: dict[str, object] = {
        "path": "province/lang-son",
        "feed_id": "tag:vn-news-aggregator,2025:feed:province/lang-son",
        "title": "Tin Lạng Sơn — Tin địa phương Việt Nam",
        "description": "Tin mới nhất về Lạng Sơn.",
        "home_url": base_url,
        "author": "Tin địa phương Việt Nam",
        "base_url": base_url,
        "updated": datetime(2025, 6, 17, 9, 0, tzinfo=VN),
        "ttl_minutes": 45,
    }
    fields.update(changes)
    return FeedMeta(**fields)  # type: ignore[arg-type]


def _items(make_article: Callable[..., Article], *numbers: int) -> list[FeedItem]:
    names = {"baolangson": "Báo Lạng Sơn"}
    return [feed_item(make_article(n, 60 - n), names) for n in numbers]


def test_entries_keep_the_given_order(make_article: Callable[..., Article],
                                      base_url: str) -> None:
    items = _items(make_article, 3, 1, 2)
    for document in (atom_document, rss_document):
        parsed = feedparser.parse(document(_meta(base_url), items))
        assert [e.id for e in parsed.entries] == [i.id for i in items]


def test_feed_dates_come_from_meta_not_the_clock(make_article: Callable[..., Article],
                                                 base_url: str) -> None:
    items = _items(make_article, 1)
    first = atom_document(_meta(base_url), items)
    assert atom_document(_meta(base_url), items) == first
    assert rss_document(_meta(base_url), items) == rss_document(_meta(base_url), items)
    root = etree.fromstring(first)
    assert root.findtext(f"{ATOM}updated") == "2025-06-17T09:00:00+07:00"


def test_atom_structure(make_article: Callable[..., Article], base_url: str) -> None:
    item = feed_item(make_article(1, authors=("Minh Anh", "Hoàng Vy"),
                                  image="https://baolangson.vn/anh/cao-toc.png"),
                     {"baolangson": "Báo Lạng Sơn"})
    root = etree.fromstring(atom_document(_meta(base_url), [item]))
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "vi"
    assert root.findtext(f"{ATOM}id") == "tag:vn-news-aggregator,2025:feed:province/lang-son"
    assert root.findtext(f"{ATOM}title") == "Tin Lạng Sơn — Tin địa phương Việt Nam"
    assert root.findtext(f"{ATOM}author/{ATOM}name") == "Tin địa phương Việt Nam"
    self_link = root.find(f"{ATOM}link[@rel='self']")
    assert self_link is not None
    assert self_link.get("href") == f"{base_url}province/lang-son.atom"
    entry = root.find(f"{ATOM}entry")
    assert entry is not None
    assert entry.findtext(f"{ATOM}id") == "tag:vn-news-aggregator,2025:baolangson/1"
    assert [a.findtext(f"{ATOM}name") for a in entry.iterfind(f"{ATOM}author")] == [
        "Minh Anh", "Hoàng Vy"]
    content = entry.find(f"{ATOM}content")
    assert content is not None and content.get("type") == "html"
    assert content.text == item.content_html
    assert entry.findtext(f"{ATOM}summary") == item.summary
    links = [(ln.get("rel", "alternate"), ln.get("href"), ln.get("type"), ln.get("length"))
             for ln in entry.iterfind(f"{ATOM}link")]
    assert sorted(links) == [
        ("alternate", "https://baolangson.vn/tin-tuc-1.html", None, None),
        ("enclosure", "https://baolangson.vn/anh/cao-toc.png", "image/png", None),
    ]
    category = entry.find(f"{ATOM}category")
    assert category is not None
    assert dict(category.attrib) == {"term": "lang-son", "label": "Lạng Sơn",
                                     "scheme": f"{base_url}province"}
    assert entry.findtext(f"{DC}creator") is None


def test_rss_structure(make_article: Callable[..., Article], base_url: str) -> None:
    item = feed_item(make_article(1, authors=("Minh Anh", "Hoàng Vy"),
                                  image="https://baolangson.vn/anh/cao-toc.jpg"),
                     {"baolangson": "Báo Lạng Sơn"})
    root = etree.fromstring(rss_document(_meta(base_url), [item]))
    assert root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel is not None
    assert channel.findtext("link") == base_url
    assert channel.findtext("ttl") == "45"
    assert channel.findtext("language") == "vi"
    assert channel.findtext("lastBuildDate") == "Tue, 17 Jun 2025 09:00:00 +0700"
    self_link = channel.find(f"{ATOM}link[@rel='self']")
    assert self_link is not None
    assert self_link.get("href") == f"{base_url}province/lang-son.rss"
    entry = channel.find("item")
    assert entry is not None
    guid = entry.find("guid")
    assert guid is not None and guid.get("isPermaLink") == "false"
    assert guid.text == "tag:vn-news-aggregator,2025:baolangson/1"
    assert entry.findtext("link") == "https://baolangson.vn/tin-tuc-1.html"
    assert entry.findtext("description") == item.summary
    assert entry.findtext(f"{CONTENT}encoded") == item.content_html
    assert [c.text for c in entry.iterfind(f"{DC}creator")] == ["Minh Anh", "Hoàng Vy"]
    assert entry.find("author") is None  # RSS <author> must be an e-mail address
    # An enclosure needs a byte length we never know: the image is Media RSS content.
    assert entry.find("enclosure") is None
    (image,) = entry.iterfind(f"{MEDIA}content")
    assert dict(image.attrib) == {"url": "https://baolangson.vn/anh/cao-toc.jpg",
                                  "type": "image/jpeg", "medium": "image"}
    assert [(c.get("domain"), c.text) for c in entry.iterfind("category")][-2:] == [
        (f"{base_url}kind", "newspaper"), (f"{base_url}kind#label", "Báo địa phương")]
    assert feedparser.parse(rss_document(_meta(base_url), [item])).entries[0].media_content == [
        {"url": "https://baolangson.vn/anh/cao-toc.jpg", "type": "image/jpeg",
         "medium": "image"}]


def test_a_lead_with_markup_characters_is_text_in_both_formats(
        make_article: Callable[..., Article], base_url: str) -> None:
    """RSS readers read <description> as HTML, so the plain-text lead is escaped there (the W3C
    Feed Validator flagged "Hội KH&KT" as invalid HTML); Atom's summary is typed text."""
    lead = "Liên hiệp các Hội KH&KT tỉnh bàn đề án &copy 2025, tỷ lệ 3 < 5."
    item = feed_item(make_article(1, lead=lead), {})
    description = etree.fromstring(rss_document(_meta(base_url), [item])).findtext(
        "channel/item/description")
    assert description == "Liên hiệp các Hội KH&amp;KT tỉnh bàn đề án &amp;copy 2025, tỷ lệ 3 &lt; 5."
    summary = etree.fromstring(atom_document(_meta(base_url), [item])).find(
        f"{ATOM}entry/{ATOM}summary")
    assert summary is not None and summary.text == lead and summary.get("type") in (None, "text")
    # What a reader gets: the same text, the "&copy" not turned into "©".
    rss_entry = feedparser.parse(rss_document(_meta(base_url), [item])).entries[0]
    assert rss_entry.summary == "Liên hiệp các Hội KH&amp;KT tỉnh bàn đề án &amp;copy 2025, tỷ lệ 3 &lt; 5."
    assert feedparser.parse(atom_document(_meta(base_url), [item])).entries[0].summary == lead


def test_entry_without_lead_or_body_is_still_valid(make_article: Callable[..., Article],
                                                   base_url: str) -> None:
    item = feed_item(make_article(1, lead="", body_html="", authors=()), {})
    for document in (atom_document, rss_document):
        parsed = feedparser.parse(document(_meta(base_url), [item]))
        assert parsed.bozo == 0
        assert parsed.entries[0].link == "https://baolangson.vn/tin-tuc-1.html"
