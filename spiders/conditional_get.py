"""Conditional GETs of index pages: the validators an earlier run kept become the request's
``If-None-Match``/``If-Modified-Since``, so an unchanged feed costs a 304 and no parsing."""

from __future__ import annotations

from aggregator.store import Validators

CONDITIONAL_KINDS = frozenset({"feed", "sitemap", "listing"})
"""Index pages re-fetched conditionally. A sitemap index is not among them: its children
change while it does not, so it is always read to reach them."""


def conditional_headers(known: Validators | None) -> dict[str, str]:
    """The request headers that make a GET conditional on ``known`` (none without them)."""
    headers: dict[str, str] = {}
    if known is not None and known.kind in CONDITIONAL_KINDS:
        if known.etag:
            headers["If-None-Match"] = known.etag
        if known.last_modified:
            headers["If-Modified-Since"] = known.last_modified
    return headers
