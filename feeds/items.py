"""Article -> :class:`FeedItem`: ids, dates, categories and cleaned text, decided once.

Publishing is the trust boundary: an article may come from a store written by an older version
or a custom parser, so nothing upstream is assumed clean. Every text field goes through
:func:`xml_safe` (no writer ever sees a character that could make its document invalid),
plain-text fields through :func:`plain_text`, the body through the sanitizer again, and URLs
through :func:`safe_url`; an article whose link is not http(s) is not published at all.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from html import escape
from posixpath import splitext
from urllib.parse import urlsplit

import lxml.html

from aggregator.parsing.sanitize import sanitize_html
from aggregator.provinces import PROVINCES
from aggregator.schema import Article
from aggregator.text import match_key
from feeds.labels import ALSO_PUBLISHED_ON, kind_label, province_label
from feeds.markup import link, safe_url
from feeds.model import Category, FeedItem
from feeds.xmlsafe import plain_text, xml_safe

ENTRY_ID_PREFIX = "tag:vn-news-aggregator,2025:"
"""Entry ids are this + ``Article.id``: a tag URI (RFC 4151) that never depends on the URL or
``base_url``, so an article keeps its id across crawls, title edits and a moved output."""

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
"""Stands in for a missing date: an article with neither a publication nor a fetch time."""

# A fixed table, not ``mimetypes``: that module reads the host's /etc/mime.types, and the same
# store must give the same bytes on every machine.
_IMAGE_TYPES = {
    ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif",
    ".webp": "image/webp", ".avif": "image/avif", ".svg": "image/svg+xml", ".bmp": "image/bmp",
}
# Lead images without an extension are overwhelmingly JPEG photos (og:image of news sites).
_DEFAULT_IMAGE_TYPE = "image/jpeg"
_TEXT_BLOCKS = ("p", "h2", "h3", "h4", "blockquote")
"""Blocks that can hold a repeated lead (the parser's rule; figures and captions are skipped)."""
_MIN_TRUNCATED_COPY = 40
"""A shorter opening block that the lead merely starts with is the body's own first line."""
_DATELINE_SLACK = 12
"""Characters a body may have before its copy of the lead: a dateline tag ("(LSO) - ")."""
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
"""The shape of a BCP 47 tag; anything else in ``Article.language`` is replaced by ``vi``."""


def publishable(article: Article) -> bool:
    """False for an article whose link is not an http(s) URL: a feed entry must link to it."""
    return safe_url(article.url) is not None


def feed_item(article: Article, site_names: Mapping[str, str],
              copies: Sequence[Article] = (), *, scope: str = "") -> FeedItem:
    """The feed view of ``article``; ``site_names`` maps site ids to display names.

    ``copies`` are other sites' copies of the same story (see ``duplicates.py``): the content
    ends with a line linking them, so a merged feed can show the story once. ``scope`` (a feed
    path) is appended to the id as a fragment, see :func:`entry_id`.
    """
    published = feed_time(article.published or article.fetched_at or EPOCH)
    updated = feed_time(article.updated) if article.updated else published
    url = safe_url(article.url)
    if url is None:
        raise ValueError(f"{article.id}: not publishable, link is {article.url!r}")
    image = safe_url(article.image) if article.image else None
    summary = plain_text(article.lead)
    body = sanitize_html(article.body_html, base_url=url)
    return FeedItem(
        id=entry_id(article.id, scope),
        title=plain_text(article.title) or url,
        url=url,
        published=published,
        updated=updated,
        authors=tuple(_unique(a for a in map(plain_text, article.authors) if a)),
        summary=summary,
        content_html=full_text(summary, body) + _copies_note(copies, site_names),
        categories=_categories(article, site_names),
        image=image,
        image_type=image_type(image) if image else _DEFAULT_IMAGE_TYPE,
        language=article.language if _LANGUAGE_TAG.match(article.language) else "vi",
    )


class FeedItems:
    """:func:`feed_item` for one publish, each article rendered once: an article is in its
    site's feed, its provinces', the merged feeds and any topic's, and sanitising and
    checking its HTML is most of the cost of an entry. Only the scoped id differs."""

    def __init__(self, site_names: Mapping[str, str]) -> None:
        self._site_names = site_names
        self._items: dict[tuple[Article, tuple[Article, ...]], FeedItem] = {}

    def item(self, article: Article, copies: Sequence[Article] = (), *,
             scope: str = "") -> FeedItem:
        key = (article, tuple(copies))
        found = self._items.get(key)
        if found is None:
            found = self._items[key] = feed_item(article, self._site_names, copies)
        return replace(found, id=entry_id(article.id, scope)) if scope else found


def entry_id(article_id: str, scope: str = "") -> str:
    """The entry id of an article in a feed: its tag URI, plus ``#<feed path>`` when scoped.

    Readers such as newsboat keep each id in one feed only: an article present in a source,
    a province and the merged feed with one id would show in just one of them and leave the
    others looking empty. So only an article's own site feed uses the bare tag URI; every
    other feed scopes it (``...:baolangson/1#province/lang-son``), still stable and unique.
    """
    base = ENTRY_ID_PREFIX + xml_safe(article_id)
    return f"{base}#{scope}" if scope else base


def full_text(lead: str, body_html: str) -> str:
    """Content HTML: the lead as the opening paragraph, then the body.

    Many readers show only the content when there is one, so a lead kept in the summary
    alone would never be read. The parser drops a lead the page repeats at the top of the
    body, but a stored article may predate that rule: a body whose first block already
    starts with the lead (give or take a dateline tag such as "LSO-") is not given it twice.
    """
    if not lead or _opens_with(body_html, lead):
        return body_html
    return f"<p>{escape(lead, quote=False)}</p>{body_html}"


def _opens_with(body_html: str, lead: str) -> bool:
    """True when one of the body's first two text blocks is a copy of ``lead``: the whole
    lead after at most a dateline tag, or a truncated copy of its beginning."""
    lead_key = match_key(lead).rstrip(".… ")
    if not lead_key or not body_html.strip():
        return False
    fragment = lxml.html.fragment_fromstring(body_html, create_parent="div")
    texts = (match_key(block.text_content()) for block in fragment.iter(*_TEXT_BLOCKS))
    for text in itertools.islice(filter(None, texts), 2):
        position = text.find(lead_key)
        prefix = text.rstrip(".… ")
        if 0 <= position <= _DATELINE_SLACK or (
                len(prefix) >= _MIN_TRUNCATED_COPY and lead_key.startswith(prefix)):
            return True
    return False


def feed_time(value: datetime) -> datetime:
    """``value`` to whole seconds, keeping its own offset (+07:00 stays +07:00).

    An offset with seconds (local mean time from a zone database, for very old dates) cannot be
    written in RFC 3339 or RFC 822, so only such a value is converted to UTC.
    """
    value = value.replace(microsecond=0)
    offset = value.utcoffset()
    if offset is not None and offset.seconds % 60:
        return value.astimezone(UTC)
    return value


def newest_update(items: Sequence[FeedItem]) -> datetime:
    """The feed-level ``updated`` of a feed with entries: the newest entry's. (An empty feed
    is dated by the publisher, see ``publish.py``.)"""
    return max((item.updated for item in items), key=lambda d: d.timestamp())


def image_type(url: str) -> str:
    """Media type of an image URL, from its extension."""
    extension = splitext(urlsplit(url).path)[1].lower()
    return _IMAGE_TYPES.get(extension, _DEFAULT_IMAGE_TYPE)


def _copies_note(copies: Sequence[Article], site_names: Mapping[str, str]) -> str:
    if not copies:
        return ""
    links = ", ".join(
        link(copy.url, site_names.get(copy.site_id, copy.site_id)) for copy in copies)
    return f"<p>{escape(ALSO_PUBLISHED_ON)} {links}</p>"


def _categories(article: Article, site_names: Mapping[str, str]) -> tuple[Category, ...]:
    provinces = [
        Category("province", slug, province_label(slug))
        for slug in _unique(article.provinces) if slug in PROVINCES
    ]
    source = Category("source", xml_safe(article.site_id),
                      plain_text(site_names.get(article.site_id, article.site_id)))
    kind = Category("kind", article.site_kind, kind_label(article.site_kind))
    return (*provinces, source, kind)


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))
