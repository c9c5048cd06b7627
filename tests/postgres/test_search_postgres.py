"""Search on a real PostgreSQL server (tsvector/GIN): the same behaviour as on SQLite."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from aggregator.store import ArticleStore
from tests.aggregator.search import behaviour


@pytest.fixture
def store(pg_url: str) -> Iterator[ArticleStore]:
    store = ArticleStore(pg_url)
    yield store
    store.close()


@pytest.mark.parametrize("check", [
    behaviour.check_diacritic_insensitive, behaviour.check_exact_matches_rank_first,
    behaviour.check_phrase_or_exclusion, behaviour.check_filters, behaviour.check_kept_current,
], ids=lambda check: check.__name__.removeprefix("check_"))
def test_search_behaviour(store: ArticleStore, check) -> None:  # type: ignore[no-untyped-def]
    check(store)


def test_two_stores_opening_one_new_database_create_the_index_once(pg_url: str) -> None:
    first, second = ArticleStore(pg_url), ArticleStore(pg_url)
    try:
        behaviour.fill(first)
        assert len(behaviour.titles(second, "chuyen doi so")) == 4
    finally:
        first.close()
        second.close()
