"""Shared fixtures: the sample sites served on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from aggregator.sample_sites import SampleSites
from tests.support import SITES_ROOT


@pytest.fixture(scope="session")
def sample_sites() -> Iterator[SampleSites]:
    with SampleSites(SITES_ROOT) as sites:
        yield sites
