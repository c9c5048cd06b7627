"""Copy sketches read from the store: the same feeds, byte for byte, as when they are computed.

The store is the benchmark's generator in small (``bench/serve.py``): 40 sites, a few percent
of the articles other sites' lightly edited copies, so merged feeds do fold stories.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from aggregator.copy_sketch import Sketch, encode_sketch, sketch, sketch_marker
from aggregator.schema import Article
from aggregator.store import ArticleStore, articles
from bench.serve import BASE_URL, bench_sites, generate_articles
from feeds import duplicates
from feeds.duplicates import DuplicateFinder
from feeds.labels import ALSO_PUBLISHED_ON
from feeds.publish import publish
from tests.support import drop_article_column

ARTICLES = 1500
MAX_ENTRIES = 40


class WithoutStoredSketches:
    """The store without ``copy_sketches``: a publish computes every sketch, as before."""

    def __init__(self, store: ArticleStore) -> None:
        self._store = store

    def __getattr__(self, name: str) -> Any:
        if name == "copy_sketches":
            raise AttributeError(name)
        return getattr(self._store, name)


@pytest.fixture(scope="module")
def store_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sketches") / "store.db"
    store = ArticleStore(f"sqlite:///{path}")
    store.upsert(generate_articles(ARTICLES, bench_sites()))
    store.close()
    return path


@pytest.fixture
def store(store_file: Path, tmp_path: Path) -> Iterator[ArticleStore]:
    path = tmp_path / "store.db"
    shutil.copyfile(store_file, path)
    store = ArticleStore(f"sqlite:///{path}")
    yield store
    store.close()


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Ids of the articles whose sketch the publish computes."""
    ids: list[str] = []
    compute = duplicates.article_sketch

    def counting(article: Article) -> Sketch:
        ids.append(article.id)
        return compute(article)

    monkeypatch.setattr(duplicates, "article_sketch", counting)
    return ids


def _publish(query: object, out_dir: Path) -> dict[str, bytes]:
    """The published files' bytes, by path."""
    publish(query, bench_sites(), out_dir=out_dir, base_url=BASE_URL,  # type: ignore[arg-type]
            max_entries=MAX_ENTRIES)
    # Not the publish state (a hidden file): it records the files' modification times.
    return {str(path.relative_to(out_dir)): path.read_bytes()
            for path in sorted(out_dir.rglob("*")) if path.is_file() and path.name[0] != "."}


def _copy_pair(store: ArticleStore) -> tuple[Article, Article]:
    """A generated story and another site's copy of it, as stored."""
    stories = DuplicateFinder().clusters(store.latest(limit=ARTICLES))
    first, copy = next((story.first, story.copies[0]) for story in stories if story.copies)
    return first, copy


def test_stored_sketches_publish_the_same_bytes_without_computing_any(
        store: ArticleStore, tmp_path: Path, computed: list[str]) -> None:
    with_stored = _publish(store, tmp_path / "stored")
    assert computed == []
    folded = [name for name, data in with_stored.items() if ALSO_PUBLISHED_ON.encode() in data]
    assert len(folded) > 20  # merged feeds did fold copies
    without = _publish(WithoutStoredSketches(store), tmp_path / "computed")
    assert len(set(computed)) > 500
    assert with_stored.keys() == without.keys()
    assert [name for name in with_stored if with_stored[name] != without[name]] == []


def test_a_store_from_before_copy_sketches_publishes_the_same_bytes(
        store: ArticleStore, store_file: Path, tmp_path: Path, computed: list[str]) -> None:
    with_stored = _publish(store, tmp_path / "stored")
    old_file = tmp_path / "old.db"
    shutil.copyfile(store_file, old_file)
    drop_article_column(f"sqlite:///{old_file}", "copy_sketch", index="ix_articles_sketch_missing")
    upgraded = ArticleStore(f"sqlite:///{old_file}")
    try:
        from_old = _publish(upgraded, tmp_path / "old")
    finally:
        upgraded.close()
    assert len(set(computed)) > 500  # every row is NULL: computed, as before
    assert from_old == with_stored


def test_a_stale_or_outdated_stored_sketch_is_computed_instead(store: ArticleStore) -> None:
    first, copy = _copy_pair(store)
    unrelated = encode_sketch(sketch(" ".join(f"từ{n}" for n in range(100))))

    def clusters_with_stored(data: bytes, content_hash: str | None = None) -> int:
        values: dict[str, object] = {"copy_sketch": data}
        if content_hash is not None:
            values["content_hash"] = content_hash
        with store.engine.begin() as conn:
            conn.execute(articles.update().where(articles.c.id == copy.id).values(**values))
        return len(DuplicateFinder(store).clusters([copy, first]))

    # What is stored is what is used: another text's sketch parts the copies...
    assert clusters_with_stored(unrelated) == 2
    # ...unless it was made by other code or an interpreter (marker), or for another text.
    stale = bytes(b ^ 0xFF for b in sketch_marker())
    assert clusters_with_stored(stale + unrelated[len(stale):]) == 1
    assert clusters_with_stored(unrelated, content_hash="0" * 64) == 1
