"""Article -> :class:`FeedItem`: ids, dates, categories and cleaned text, decided once.

Every text field goes through :func:`xml_safe` here, so no writer ever sees a character that
could make its document invalid.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from html import escape
from posixpath import splitext
from urllib.parse import urlsplit

from aggregator.schema import Article
from feeds.labels import ALSO_PUBLISHED_ON, kind_label, province_label
from feeds.markup import link
from feeds.model import Category, FeedItem
from feeds.xmlsafe import xml_safe

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


def feed_item(article: Article, site_names: Mapping[str, str],
              copies: Sequence[Article] = ()) -> FeedItem:
    """The feed view of ``article``; ``site_names`` maps site ids to display names.

    ``copies`` are other sites' copies of the same story (see ``duplicates.py``): the content
    ends with a line linking them, so a merged feed can show the story once.
    """
    published = feed_time(article.published or article.fetched_at or EPOCH)
    updated = feed_time(article.updated) if article.updated else published
    image = xml_safe(article.image) if article.image else None
    return FeedItem(
        id=ENTRY_ID_PREFIX + xml_safe(article.id),
        title=xml_safe(article.title) or xml_safe(article.url),
        url=xml_safe(article.url),
        published=published,
        updated=updated,
        authors=tuple(_unique(a for a in map(xml_safe, article.authors) if a)),
        summary=xml_safe(article.lead),
        content_html=xml_safe(article.body_html + _copies_note(copies, site_names)),
        categories=_categories(article, site_names),
        image=image or None,
        image_type=image_type(image) if image else _DEFAULT_IMAGE_TYPE,
        language=xml_safe(article.language) or "vi",
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
        Category("province", slug, xml_safe(province_label(slug)))
        for slug in _unique(map(xml_safe, article.provinces)) if slug
    ]
    source = Category("source", xml_safe(article.site_id),
                      xml_safe(site_names.get(article.site_id, article.site_id)))
    kind = Category("kind", article.site_kind, kind_label(article.site_kind))
    return (*provinces, source, kind)


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))
