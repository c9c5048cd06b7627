"""Search on the embedded default store: a real SQLite database with its FTS5 index."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from aggregator.search.index import FoldedText
from aggregator.store import ArticleStore
from tests.aggregator.search import behaviour


@pytest.mark.parametrize("check", [
    behaviour.check_diacritic_insensitive, behaviour.check_exact_matches_rank_first,
    behaviour.check_phrase_or_exclusion, behaviour.check_filters, behaviour.check_kept_current,
    behaviour.check_topic_membership,
    behaviour.check_topic_members_are_those_folding_each_candidate_gives,
], ids=lambda check: check.__name__.removeprefix("check_"))
def test_search_behaviour(store: ArticleStore, check) -> None:  # type: ignore[no-untyped-def]
    check(store)


def test_a_database_from_before_search_is_indexed_when_opened(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    store = ArticleStore(url)
    behaviour.fill(store)
    with store.engine.begin() as conn:  # what a database made by an older version looks like
        for statement in ("DROP TRIGGER search_docs_article_deleted", "DROP TABLE search_fts",
                          "DROP TABLE search_docs"):
            conn.execute(text(statement))
    store.close()
    reopened = ArticleStore(url)
    try:
        assert len(behaviour.titles(reopened, "chuyen doi so")) == 4
    finally:
        reopened.close()


def test_an_index_without_the_parts_ends_is_rebuilt_when_opened(tmp_path: Path) -> None:
    """An index made before topic membership read it (no heading and body ends) is made anew."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    store = ArticleStore(url)
    behaviour.fill(store)
    with store.engine.begin() as conn:  # search_docs as an older version made it
        for column in ("heading_end", "body_start"):
            conn.execute(text(f"ALTER TABLE search_docs DROP COLUMN {column}"))
    store.close()
    reopened = ArticleStore(url)
    try:
        assert len(behaviour.titles(reopened, "chuyen doi so")) == 4
        assert set(reopened.folded_texts(["baolangson/4"]).values()) == {
            FoldedText("số hóa hồ sơ hợp tác xã", "nội dung bài viết")}
    finally:
        reopened.close()


def test_newest_first_stops_early_on_a_common_word(store: ArticleStore) -> None:
    """rowids follow time: the newest of many matches come back without sorting them all."""
    store.upsert([behaviour.article(n, f"Tin số {n} về nông nghiệp", day=1 + n % 28)
                  for n in range(300)])
    found = store.search(behaviour.parse_query("nong nghiep"), limit=5)
    assert [a.published for a in found] == sorted((a.published for a in found), reverse=True)
    assert found[0].published is not None and found[0].published.day == 28
