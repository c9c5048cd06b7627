"""Article store on SQLAlchemy Core: SQLite by default, any SQLAlchemy URL (e.g. PostgreSQL).

:class:`ArticleStore` is the one object callers hold; each concern lives in a module of its
own and is mixed in here, so a caller never needs to know which:

- :mod:`~aggregator.store.tables` the tables, :mod:`~aggregator.store.migrations` creating
  and upgrading them, :mod:`~aggregator.store.engine` opening the database;
- :mod:`~aggregator.store.article_writes` upserts and pruning,
  :mod:`~aggregator.store.article_queries` feeds, search and counts,
  :mod:`~aggregator.store.rows` an article as a row;
- :mod:`~aggregator.store.runs` crawl runs, counters and freshness;
- :mod:`~aggregator.store.fetches` conditional-GET validators and known articles;
- :mod:`~aggregator.store.space` the database's size. The crawl schedule (``site_schedule``)
  is read and written by :mod:`aggregator.site_schedule`.
"""

from __future__ import annotations

from aggregator.search.index import search_index_for
from aggregator.store.article_queries import ArticleQueries
from aggregator.store.article_writes import ArticleWrites, PruneHook, UpsertResult
from aggregator.store.engine import open_engine
from aggregator.store.fetches import FetchRecord, FetchStateLog, SiteFetchState, Validators
from aggregator.store.runs import RunLog, SiteRun
from aggregator.store.space import StoreSpace
from aggregator.store.tables import (
    FETCH_URL_MAX,
    LAST_MODIFIED_MAX,
    article_freshness,
    article_provinces,
    articles,
    fetch_state,
    metadata,
    metric_counters,
    site_runs,
    site_schedule,
    store_revision,
)

__all__ = [
    "FETCH_URL_MAX", "LAST_MODIFIED_MAX", "ArticleStore", "FetchRecord", "PruneHook",
    "SiteFetchState", "SiteRun", "UpsertResult", "Validators", "article_freshness",
    "article_provinces", "articles", "fetch_state", "metadata", "metric_counters", "open_engine",
    "site_runs", "site_schedule", "store_revision",
]


class ArticleStore(ArticleWrites, ArticleQueries, RunLog, FetchStateLog, StoreSpace):
    """Upserts and queries articles, crawl runs and fetch state; implements the feed builder's
    ``ArticleQuery``."""

    def __init__(self, url: str) -> None:
        self.engine = open_engine(url)
        self.prune_hooks = []
        self.search_index = search_index_for(self.engine)
        with self._transaction() as conn:
            created = self.search_index.ensure_schema(conn)
        if created and self.count():  # a database from before search: index it once
            self.rebuild_search_index()

    def close(self) -> None:
        self.engine.dispose()
