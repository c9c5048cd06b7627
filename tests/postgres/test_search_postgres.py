"""Search on a real PostgreSQL server (tsvector/GIN): the same behaviour as on SQLite."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text

from aggregator.search import postgres_index
from aggregator.search.index import FoldedText
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
    behaviour.check_topic_membership,
    behaviour.check_topic_members_are_those_folding_each_candidate_gives,
], ids=lambda check: check.__name__.removeprefix("check_"))
@pytest.mark.parametrize("window", [postgres_index.WINDOW, 1], ids=["time-walk", "gin"])
def test_search_behaviour(store: ArticleStore, check, window: int,  # type: ignore[no-untyped-def]
                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Both plans of a search (the newest rows in time order, then the GIN indexes when they
    hold too few matches) give the same answers: a window of 1 row sends every query with
    more than one match to the second."""
    monkeypatch.setattr(postgres_index, "WINDOW", window)
    check(store)


def test_two_stores_opening_one_new_database_create_the_index_once(pg_url: str) -> None:
    first, second = ArticleStore(pg_url), ArticleStore(pg_url)
    try:
        behaviour.fill(first)
        assert len(behaviour.titles(second, "chuyen doi so")) == 4
    finally:
        first.close()
        second.close()


@pytest.mark.parametrize("older", [
    # before topic membership read the index: no text, no part ends
    "DROP COLUMN exact_text, DROP COLUMN heading_end, DROP COLUMN body_start",
    # before it read the exact form: the loose text instead
    "RENAME COLUMN exact_text TO loose_text",
], ids=["no-text", "loose-text"])
def test_an_index_without_the_exact_text_for_topics_is_rebuilt_when_opened(
        pg_url: str, older: str) -> None:
    """An index made before topic membership read its exact text is made anew; its members
    are then the same as on a new index."""
    store = ArticleStore(pg_url)
    try:
        behaviour.fill(store)
        with store.engine.begin() as conn:  # search_documents as an older version made it
            conn.execute(text(f"ALTER TABLE search_documents {older}"))
    finally:
        store.close()
    reopened = ArticleStore(pg_url)
    try:
        assert len(behaviour.titles(reopened, "chuyen doi so")) == 4
        assert set(reopened.folded_texts(["baolangson/4"]).values()) == {
            FoldedText("số hóa hồ sơ hợp tác xã", "nội dung bài viết")}
    finally:
        reopened.close()
