"""Article -> :class:`FeedItem`: ids, dates, categories and cleaned text, decided once.

Publishing is the trust boundary: an article may come from a store written by an older version
or a custom parser, so nothing upstream is assumed clean. Every text field goes through
:func:`xml_safe` (no writer ever sees a character that could make its document invalid),
plain-text fields through :func:`plain_text`, the body through the sanitizer again, and URLs
through :func:`safe_url`; an article whose link is not http(s) is not published at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from html import escape
from posixpath import splitext
from urllib.parse import urlsplit

from aggregator.parsing.sanitize import sanitize_html
from aggregator.provinces import PROVINCES
from aggregator.schema import Article
from feeds.labels import ALSO_PUBLISHED_ON, kind_label, province_label
from feeds.markup import link, safe_url
from feeds.model import Category, FeedItem
from feeds.xmlsafe import plain_text, xml_safe

ENTRY_ID_PREFIX = "tag:vn-news-aggregator,2025:"
"""Entry ids are this + ``Article.id``: a tag URI (RFC 4151) that never depends on the URL or
``base_url``, so an article keeps its id across crawls, title edits and a moved output."""

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
"""Stands in for a missing date: an article with neither a publication nor a fetch time, and
the ``updated`` of an empty feed (so it too is reproducible)."""

# A fixed table, not ``mimetypes``: that module reads the host's /etc/mime.types, and the same
# store must give the same bytes on every machine.
_IMAGE_TYPES = {
    ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif",
    ".webp": "image/webp", ".avif": "image/avif", ".svg": "image/svg+xml", ".bmp": "image/bmp",
}
# Lead images without an extension are overwhelmingly JPEG photos (og:image of news sites).
_DEFAULT_IMAGE_TYPE = "image/jpeg"
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
"""The shape of a BCP 47 tag; anything else in ``Article.language`` is replaced by ``vi``."""


def publishable(article: Article) -> bool:
    """False for an article whose link is not an http(s) URL: a feed entry must link to it."""
    return safe_url(article.url) is not None


def feed_item(article: Article, site_names: Mapping[str, str],
              copies: Sequence[Article] = ()) -> FeedItem:
    """The feed view of ``article``; ``site_names`` maps site ids to display names.

    ``copies`` are other sites' copies of the same story (see ``duplicates.py``): the content
    ends with a line linking them, so a merged feed can show the story once.
    """
    published = feed_time(article.published or article.fetched_at or EPOCH)
    updated = feed_time(article.updated) if article.updated else published
    url = safe_url(article.url)
    if url is None:
        raise ValueError(f"{article.id}: not publishable, link is {article.url!r}")
    image = safe_url(article.image) if article.image else None
    return FeedItem(
        id=ENTRY_ID_PREFIX + xml_safe(article.id),
        title=plain_text(article.title) or url,
        url=url,
        published=published,
        updated=updated,
        authors=tuple(_unique(a for a in map(plain_text, article.authors) if a)),
        summary=plain_text(article.lead),
        content_html=sanitize_html(article.body_html, base_url=url) + _copies_note(copies, site_names),
        categories=_categories(article, site_names),
        image=image,
        image_type=image_type(image) if image else _DEFAULT_IMAGE_TYPE,
        language=article.language if _LANGUAGE_TAG.match(article.language) else "vi",
    )


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


def newest_update(items: Iterable[FeedItem]) -> datetime:
    """The feed-level ``updated``: the newest entry's, or :data:`EPOCH` for an empty feed."""
    return max((item.updated for item in items), key=lambda d: d.timestamp(), default=EPOCH)


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
