"""Which validators make an index request conditional, and how."""

from __future__ import annotations

import pytest

from aggregator.store import Validators
from spiders.conditional_get import conditional_headers

MODIFIED = "Sat, 21 Nov 2026 08:00:00 GMT"


@pytest.mark.parametrize("kind", ["feed", "sitemap", "listing"])
def test_index_pages_send_back_both_validators(kind: str) -> None:
    assert conditional_headers(Validators(kind, '"v1"', MODIFIED)) == {
        "If-None-Match": '"v1"', "If-Modified-Since": MODIFIED}


def test_only_the_validators_kept_are_sent() -> None:
    assert conditional_headers(Validators("feed", None, MODIFIED)) == {"If-Modified-Since": MODIFIED}
    assert conditional_headers(Validators("feed", '"v1"', None)) == {"If-None-Match": '"v1"'}


def test_a_sitemap_index_and_unknown_pages_are_always_fetched_in_full() -> None:
    assert conditional_headers(Validators("sitemapindex", '"v1"', MODIFIED)) == {}
    assert conditional_headers(None) == {}
