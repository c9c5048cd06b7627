"""The store's tables: one SQLAlchemy Core ``MetaData`` that creates a new database and that
:mod:`aggregator.store.migrations` compares an older database against.

Datetimes are kept as ISO 8601 text (to keep the page's own +07:00 offset) next to an integer
UTC timestamp used for ordering and filtering.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Float,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    text,
)

metadata = MetaData()

articles = Table(
    "articles",
    metadata,
    Column("id", String(300), primary_key=True),
    Column("site_id", String(100), nullable=False),
    Column("site_kind", String(20), nullable=False),
    Column("url", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("lead", Text, nullable=False),
    Column("body_html", Text, nullable=False),
    Column("body_text", Text, nullable=False),
    Column("authors", Text, nullable=False),
    Column("published", String(40)),
    Column("updated", String(40)),
    Column("provinces", Text, nullable=False),
    Column("tags", Text, nullable=False),
    Column("image", Text),
    Column("language", String(20), nullable=False),
    Column("fetched_at", String(40)),
    Column("content_hash", String(64), nullable=False),
    # Timestamps are BIGINT: PostgreSQL's INTEGER ends in 2038 and cannot hold the year 1 of
    # .NET's empty date, which some sites print (SQLite integers are 64-bit whatever the type).
    Column("sort_ts", BigInteger, nullable=False),
    Column("first_seen_ts", BigInteger, nullable=False),
    # Added with province feeds by aboutness; NULL (rows stored before) = not determined.
    Column("about_provinces", Text, nullable=True),
    # Added when publishing stopped computing copy sketches (aggregator.copy_sketch): the body's
    # sketch in encode_sketch's form; NULL (rows stored before) = not computed, so publishing
    # computes it.
    Column("copy_sketch", LargeBinary, nullable=True),
    Index("ix_articles_sort", "sort_ts", "id"),
    Index("ix_articles_site_sort", "site_id", "sort_ts"),
    Index("ix_articles_kind_sort", "site_kind", "sort_ts"),
    # Partial: only articles whose feed provinces are not determined yet (stored by an older
    # version), so the crawl's look for them costs nothing once they are all placed.
    Index("ix_articles_about_unknown", "id", sqlite_where=text("about_provinces IS NULL"),
          postgresql_where=text("about_provinces IS NULL")),
    # Partial, likewise: only articles stored before copy sketches were, until they are filled.
    Index("ix_articles_sketch_missing", "id", sqlite_where=text("copy_sketch IS NULL"),
          postgresql_where=text("copy_sketch IS NULL")),
)

article_provinces = Table(
    "article_provinces",
    metadata,
    Column("article_id", String(300), primary_key=True),
    Column("province", String(40), primary_key=True),
    Column("sort_ts", BigInteger, nullable=False),
    Index("ix_article_provinces_sort", "province", "sort_ts", "article_id"),
)

store_revision = Table(
    "store_revision",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("revision", Integer, nullable=False),
    # The sketch_marker() the stored copy sketches were last checked against: when the code
    # that makes them changes, the stale ones are set back to NULL once, and filled again.
    Column("copy_sketch_marker", LargeBinary, nullable=True),
)

site_runs = Table(
    "site_runs",
    metadata,
    Column("run_id", Integer, primary_key=True, autoincrement=True),
    Column("site_id", String(100), nullable=False),
    Column("started_at", String(40), nullable=False),
    Column("finished_at", String(40), nullable=False),
    Column("requests", Integer, nullable=False),
    Column("fetched", Integer, nullable=False),
    Column("new", Integer, nullable=False),
    Column("updated", Integer, nullable=False),
    Column("failed", Integer, nullable=False),
    Column("errors", Text, nullable=False),
    # Added with incremental crawling: a default, so databases made before can gain them.
    Column("not_modified", Integer, nullable=False, server_default=text("0")),
    Column("skipped_known", Integer, nullable=False, server_default=text("0")),
    # Added with crawl stats: the run's drops, fix-ups and fallbacks (aggregator.crawl_stats).
    Column("stats", Text, nullable=False, server_default=text("'{}'")),
    Index("ix_site_runs_site", "site_id", "run_id"),
)

FETCH_URL_MAX = 2048
"""Longest URL fetch state keeps (Scrapy lets through up to 2083 characters)."""
LAST_MODIFIED_MAX = 64
"""Longest ``Last-Modified`` kept; an HTTP date has 29 characters."""

fetch_state = Table(
    "fetch_state",
    metadata,
    Column("url", String(FETCH_URL_MAX), primary_key=True),
    Column("site_id", String(100), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("etag", Text),
    Column("last_modified", String(LAST_MODIFIED_MAX)),
    Column("fetched_at", String(40), nullable=False),
    Column("fetched_ts", BigInteger, nullable=False),
    Column("article_id", String(300)),
    Column("content_hash", String(64)),
    Column("source_ts", BigInteger),
    Index("ix_fetch_state_site", "site_id", "kind"),
)
"""What the crawler fetched, keyed by (canonical) URL: the HTTP validators of feeds, sitemaps
and listings for conditional GETs, and for article pages the article they became and the
feed/sitemap date of the version fetched (``source_ts``), so unchanged articles are not
downloaded again."""

site_schedule = Table(
    "site_schedule",
    metadata,
    Column("site_id", String(100), primary_key=True),
    Column("next_due_ts", BigInteger, nullable=False),
    Column("interval_s", Integer, nullable=False),
    Column("reason", Text, nullable=False),
)
"""When ``aggregator run`` crawls each site next, the adaptive interval that led there and why
(:mod:`aggregator.polling`); kept in the store so a restart keeps every site's schedule."""

article_freshness = Table(
    "article_freshness",
    metadata,
    Column("article_id", String(300), primary_key=True),
    Column("site_id", String(100), nullable=False),
    Column("published_ts", BigInteger, nullable=False),
    Column("stored_ts", BigInteger, nullable=False),
    Column("feed_ts", BigInteger),
    Index("ix_article_freshness_site", "site_id", "stored_ts"),
    Index("ix_article_freshness_feed", "feed_ts"),
)
"""Per new article: publication, storing and first publish (``feed_ts``) times, for the delay
figures of ``status`` and ``/metrics`` (:mod:`aggregator.freshness`). Only articles that
appeared after the site's first crawl: that crawl's back catalogue says nothing about polling."""

metric_counters = Table(
    "metric_counters",
    metadata,
    Column("key", String(300), primary_key=True),
    Column("value", Float, nullable=False),
)
"""Monotonic counters for ``/metrics`` (:mod:`aggregator.counters`)."""
