"""Shared fixtures: the sample sites served on 127.0.0.1, and a fresh SQLite store (tests on
PostgreSQL or with another store shape define their own ``store``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from aggregator.sample_sites import SampleSites
from aggregator.store import ArticleStore
from tests.support import SITES_ROOT


@pytest.fixture(scope="session")
def sample_sites() -> Iterator[SampleSites]:
    with SampleSites(SITES_ROOT) as sites:
        yield sites


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ArticleStore]:
    store = ArticleStore(f"sqlite:///{tmp_path / 'store.db'}")
    yield store
    store.close()
