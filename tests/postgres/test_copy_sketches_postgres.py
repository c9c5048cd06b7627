"""Copy sketches kept in a PostgreSQL store: BYTEA written by upsert, read back as the sketch,
and the column added to a database made before it; stale sketches made again."""

from __future__ import annotations

from sqlalchemy import inspect

from aggregator.copy_sketch import encode_sketch, sketch, sketch_marker
from aggregator.store import ArticleStore, articles, store_revision
from tests.copy_sketch_samples import BODY, SEEN, make
from tests.support import drop_article_column


def test_upsert_keeps_each_articles_sketch(pg_url: str) -> None:
    store = ArticleStore(pg_url)
    try:
        batch = [make(f"husta/{n}", body=f"{BODY} Bài số {n}.") for n in range(1100)]
        batch.append(make("husta/short", body="Xem video"))
        store.upsert(batch, now=SEEN)
        found = store.copy_sketches(batch)
        assert found == {article.id: sketch(article.body_text) for article in batch}
        assert found["husta/short"].values == ()
        edited = make("husta/0", body=BODY.replace("Lạng Sơn", "Cao Bằng"))
        store.upsert([edited], now=SEEN)
        assert store.copy_sketches([edited]) == {"husta/0": sketch(edited.body_text)}
        assert sketch(edited.body_text) != found["husta/0"]
        assert store.copy_sketches([batch[0]]) == {}  # the text it was made from is gone
    finally:
        store.close()


def test_a_database_made_before_copy_sketches_gains_the_column(pg_url: str) -> None:
    old = ArticleStore(pg_url)
    old.upsert([make("husta/1")], now=SEEN)
    old.close()
    drop_article_column(pg_url, "copy_sketch")
    upgraded = ArticleStore(pg_url)
    try:
        assert "copy_sketch" in {column["name"]
                                 for column in inspect(upgraded.engine).get_columns("articles")}
        assert upgraded.copy_sketches([make("husta/1")]) == {}
        upgraded.upsert([make("husta/1", body=BODY + " Cập nhật.")], now=SEEN)
        assert upgraded.copy_sketches([make("husta/1", body=BODY + " Cập nhật.")]) == {
            "husta/1": sketch(BODY + " Cập nhật.")}
    finally:
        upgraded.close()


def test_stale_and_missing_sketches_are_made_again(pg_url: str) -> None:
    store = ArticleStore(pg_url)
    try:
        batch = [make(f"husta/{n}", body=f"{BODY} Bài số {n}.") for n in range(3)]
        store.upsert(batch, now=SEEN)
        stale = bytes(b ^ 0xFF for b in sketch_marker())
        with store.engine.begin() as conn:  # as a version with other sketch code left them
            conn.execute(articles.update().where(articles.c.id == "husta/0")
                         .values(copy_sketch=stale + encode_sketch(sketch(BODY))[len(stale):]))
            conn.execute(articles.update().where(articles.c.id == "husta/1")
                         .values(copy_sketch=None))
            conn.execute(store_revision.update().values(copy_sketch_marker=stale))
        assert set(store.copy_sketches(batch)) == {"husta/2"}
        assert store.fill_copy_sketches() == 2
        assert store.copy_sketches(batch) == {a.id: sketch(a.body_text) for a in batch}
        assert store.fill_copy_sketches() == 0
    finally:
        store.close()
