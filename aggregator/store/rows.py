"""An :class:`~aggregator.schema.Article` as a row of ``articles`` and back."""

from __future__ import annotations

import json
from typing import Any

from aggregator.copy_sketch import article_sketch, encode_sketch
from aggregator.schema import Article
from aggregator.store.tables import articles
from aggregator.store.values import from_iso, iso, json_or_none, timestamp

ARTICLE_COLUMNS = tuple(column for column in articles.c if column.name != "copy_sketch")
"""The columns :func:`article_from_row` reads: not the copy sketch, which only the search for
syndicated copies needs (``copy_sketches``), so the reads of feeds do not carry it."""


def article_row(article: Article, *, first_seen_ts: int) -> dict[str, Any]:
    """The row of ``article``, with its copy sketch: computed once here, as each publish would
    otherwise compute it for every candidate of the merged feeds."""
    when = article.published or article.fetched_at
    return {
        "id": article.id,
        "site_id": article.site_id,
        "site_kind": article.site_kind,
        "url": article.url,
        "title": article.title,
        "lead": article.lead,
        "body_html": article.body_html,
        "body_text": article.body_text,
        "authors": json.dumps(list(article.authors), ensure_ascii=False),
        "published": iso(article.published),
        "updated": iso(article.updated),
        "provinces": json.dumps(list(article.provinces), ensure_ascii=False),
        "tags": json.dumps(list(article.tags), ensure_ascii=False),
        "image": article.image,
        "language": article.language,
        "fetched_at": iso(article.fetched_at),
        "content_hash": article.content_hash,
        "sort_ts": timestamp(when) if when else first_seen_ts,
        "first_seen_ts": first_seen_ts,
        "about_provinces": json_or_none(article.about_provinces),
        "copy_sketch": encode_sketch(article_sketch(article)),
    }


def article_from_row(row: Any) -> Article:
    return Article(
        id=row.id,
        site_id=row.site_id,
        site_kind=row.site_kind,
        url=row.url,
        title=row.title,
        lead=row.lead,
        body_html=row.body_html,
        body_text=row.body_text,
        authors=tuple(json.loads(row.authors)),
        published=from_iso(row.published),
        updated=from_iso(row.updated),
        provinces=tuple(json.loads(row.provinces)),
        tags=tuple(json.loads(row.tags)),
        image=row.image,
        language=row.language,
        fetched_at=from_iso(row.fetched_at),
        content_hash=row.content_hash,
        about_provinces=(tuple(json.loads(row.about_provinces))
                         if row.about_provinces is not None else None),
    )
