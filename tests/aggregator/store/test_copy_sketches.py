"""Copy sketches kept with the articles: written by every upsert that writes a row, read back only
for the text they were made from and by code that makes the same."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect, select

from aggregator.copy_sketch import decode_sketch, encode_sketch, sketch, sketch_marker
from aggregator.store import ArticleStore, articles, store_revision
from tests.copy_sketch_samples import BODY, EDITED, SEEN, make
from tests.support import drop_article_column


@pytest.fixture
def store(tmp_path: Path) -> ArticleStore:
    return ArticleStore(f"sqlite:///{tmp_path / 'a.db'}")


def _stored(store: ArticleStore, article_id: str) -> bytes | None:
    with store.engine.connect() as conn:
        return conn.execute(select(articles.c.copy_sketch)
                            .where(articles.c.id == article_id)).scalar_one()


def _overwrite(store: ArticleStore, article_id: str, data: bytes | None) -> None:
    with store.engine.begin() as conn:
        conn.execute(articles.update().where(articles.c.id == article_id)
                     .values(copy_sketch=data))


def test_upsert_stores_the_sketch_of_the_body_else_the_lead(store: ArticleStore) -> None:
    batch = [make("husta/1"), make("husta/2", body="", lead=EDITED),
             make("husta/3", body="Xem video")]
    store.upsert(batch, now=SEEN)
    expected = {"husta/1": sketch(BODY), "husta/2": sketch(EDITED), "husta/3": sketch("")}
    assert expected["husta/3"].values == ()  # too short: stored as an empty sketch, not NULL
    for article_id, wanted in expected.items():
        stored = _stored(store, article_id)
        assert stored is not None and decode_sketch(stored) == wanted, article_id
    assert store.copy_sketches(batch) == expected


def test_an_updated_article_gets_the_sketch_of_its_new_text(store: ArticleStore) -> None:
    first = make("husta/1")
    store.upsert([first], now=SEEN)
    edited = make("husta/1", body=EDITED)
    assert store.upsert([edited], now=SEEN + timedelta(hours=1)).updated == 1
    assert store.copy_sketches([edited]) == {"husta/1": sketch(EDITED)}
    assert sketch(EDITED) != sketch(BODY)
    # The version a caller still holds is not the one stored: its sketch is not there.
    assert store.copy_sketches([first]) == {}


def test_a_sketch_for_other_text_or_by_other_code_is_not_read(store: ArticleStore) -> None:
    article = make("husta/1")
    store.upsert([article], now=SEEN)
    assert store.copy_sketches([article.with_changes(body_text=EDITED)]) == {}
    stale = bytes(b ^ 0xFF for b in sketch_marker())
    _overwrite(store, "husta/1", stale + encode_sketch(sketch(BODY))[len(stale):])
    assert store.copy_sketches([article]) == {}
    _overwrite(store, "husta/1", encode_sketch(sketch(EDITED)))  # whatever is stored is read
    assert store.copy_sketches([article]) == {"husta/1": sketch(EDITED)}


def test_more_articles_than_one_look_up_chunk(store: ArticleStore) -> None:
    batch = [make(f"husta/{n}", body=f"{BODY} Bài số {n}.") for n in range(1203)]
    store.upsert(batch, now=SEEN)
    found = store.copy_sketches(batch)
    assert len(found) == 1203
    assert found["husta/1202"] == sketch(f"{BODY} Bài số 1202.")


def test_a_database_made_before_copy_sketches_gains_the_column(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    old = ArticleStore(url)
    old.upsert([make("husta/1"), make("husta/2")], now=SEEN)
    old.close()
    drop_article_column(url, "copy_sketch", index="ix_articles_sketch_missing")
    upgraded = ArticleStore(url)
    assert "copy_sketch" in {column["name"]
                             for column in inspect(upgraded.engine).get_columns("articles")}
    assert _stored(upgraded, "husta/1") is None
    assert upgraded.copy_sketches([make("husta/1"), make("husta/2")]) == {}
    # The next write of a row fills it; a row stored unchanged keeps none.
    upgraded.upsert([make("husta/1", body=EDITED), make("husta/2")], now=SEEN)
    assert upgraded.copy_sketches([make("husta/1", body=EDITED), make("husta/2")]) == {
        "husta/1": sketch(EDITED)}
    upgraded.close()


def test_articles_stored_without_a_sketch_are_filled_once(store: ArticleStore) -> None:
    batch = [make("husta/1"), make("husta/2", body="", lead=EDITED), make("husta/3")]
    store.upsert(batch, now=SEEN)
    for article_id in ("husta/1", "husta/2"):
        _overwrite(store, article_id, None)  # as a version before sketches left them
    revision = store.revision()
    assert store.fill_copy_sketches(batch=1) == 2
    assert store.copy_sketches(batch) == {"husta/1": sketch(BODY), "husta/2": sketch(EDITED),
                                          "husta/3": sketch(BODY)}
    assert store.revision() == revision  # the feeds' bytes do not change: nothing to republish
    assert store.fill_copy_sketches() == 0


def test_sketches_made_by_other_code_are_made_again_once(store: ArticleStore) -> None:
    batch = [make("husta/1"), make("husta/2", body=EDITED), make("husta/3")]
    store.upsert(batch, now=SEEN)
    assert store.fill_copy_sketches() == 0  # all current: the marker is recorded
    stale = bytes(b ^ 0xFF for b in sketch_marker())
    for article_id in ("husta/1", "husta/2"):  # as a version whose sketch code differed
        _overwrite(store, article_id, stale + encode_sketch(sketch(BODY))[len(stale):])
    with store.engine.begin() as conn:  # ... and was the last to check the store
        conn.execute(store_revision.update().values(copy_sketch_marker=stale))
    revision = store.revision()
    assert store.copy_sketches(batch) == {"husta/3": sketch(BODY)}
    assert store.fill_copy_sketches() == 2
    assert store.copy_sketches(batch) == {"husta/1": sketch(BODY), "husta/2": sketch(EDITED),
                                          "husta/3": sketch(BODY)}
    assert store.revision() == revision
    # Checked against this marker now: a stale row written later is left to the publish's
    # own check (decode_sketch) rather than making every crawl read the whole table.
    _overwrite(store, "husta/3", stale + encode_sketch(sketch(BODY))[len(stale):])
    assert store.fill_copy_sketches() == 0


def test_a_new_store_records_the_marker_without_a_revision_of_its_own(tmp_path: Path) -> None:
    fresh = ArticleStore(f"sqlite:///{tmp_path / 'new.db'}")
    assert fresh.fill_copy_sketches() == 0
    assert fresh.revision() == "0"
    fresh.upsert([make("husta/1")], now=SEEN)
    assert fresh.revision() == "1"
    fresh.close()
