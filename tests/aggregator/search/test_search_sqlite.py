"""Search on the embedded default store: a real SQLite database with its FTS5 index."""

from __future__ import annotations

import itertools
import zlib
from pathlib import Path

import pytest
from sqlalchemy import text

from aggregator.search.index import FoldedText
from aggregator.search.query import parse_query
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


def test_an_index_with_fts5s_default_merging_is_given_ours_when_opened(tmp_path: Path) -> None:
    """An index made before the merge settings (FTS5's defaults: no rows in its config) gets
    them when the store is opened, and keeps its entries."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    store = ArticleStore(url)
    behaviour.fill(store)
    settings = text("SELECT k, v FROM search_fts_config WHERE k IN ('automerge', 'crisismerge')")
    with store.engine.begin() as conn:
        assert {key: value for key, value in conn.execute(settings)} == {"automerge": 16,
                                                                         "crisismerge": 64}
        conn.execute(text("DELETE FROM search_fts_config WHERE k IN ('automerge', 'crisismerge')"))
    store.close()
    reopened = ArticleStore(url)
    try:
        with reopened.engine.connect() as conn:
            assert {key: value for key, value in conn.execute(settings)} == {"automerge": 16,
                                                                             "crisismerge": 64}
        assert len(behaviour.titles(reopened, "chuyen doi so")) == 4
    finally:
        reopened.close()


def test_newest_first_stops_early_on_a_common_word(store: ArticleStore) -> None:
    """rowids follow time: the newest of many matches come back without sorting them all."""
    store.upsert([behaviour.article(n, f"Tin số {n} về nông nghiệp", day=1 + n % 28)
                  for n in range(300)])
    found = store.search(behaviour.parse_query("nong nghiep"), limit=5)
    assert [a.published for a in found] == sorted((a.published for a in found), reverse=True)
    assert found[0].published is not None and found[0].published.day == 28


def test_articles_of_one_second_whose_ids_share_a_rowid_each_get_their_own(
        store: ArticleStore) -> None:
    """A rowid is the sort time and 20 bits of the id's CRC: two ids sharing those bits in one
    second (in one batch, or the second in a later one) take the next free rowid, and a third
    the one after."""
    by_bits: dict[int, list[int]] = {}
    for number in itertools.count():
        numbers = by_bits.setdefault(zlib.crc32(f"baolangson/{number}".encode()) & 0xFFFFF, [])
        numbers.append(number)
        if len(numbers) == 3:
            break
    first, second, third = numbers
    store.upsert([behaviour.article(n, f"Chuyển đổi số {n}", day=1) for n in (first, second)])
    store.upsert([behaviour.article(third, f"Chuyển đổi số {third}", day=1)])
    found = store.search(parse_query("chuyển đổi số"), limit=10)
    assert sorted(a.id for a in found) == sorted(f"baolangson/{n}" for n in numbers)
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(DISTINCT doc) FROM search_docs")).scalar() == 3
