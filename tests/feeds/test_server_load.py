"""``FeedServer`` under many parallel readers polling with conditional GETs."""

from __future__ import annotations

import threading

import pytest

from aggregator.registry import SiteEntry
from aggregator.schema import Article
from bench.serve import conditional_get_load
from feeds.publish import publish
from feeds.server import FeedServer
from tests.feeds.conftest import MemoryQuery

CLIENTS = 50
REQUESTS = 2_000


@pytest.fixture
def served(feed_server: FeedServer, sites: list[SiteEntry],
           articles: list[Article]) -> tuple[FeedServer, list[str]]:
    publish(MemoryQuery(articles), sites, out_dir=feed_server.root, base_url=feed_server.url)
    paths = sorted(p.relative_to(feed_server.root).as_posix()
                   for p in feed_server.root.rglob("*")
                   if p.is_file() and not p.name.startswith("."))
    return feed_server, paths


def test_fifty_parallel_pollers_all_get_304(served: tuple[FeedServer, list[str]]) -> None:
    server, paths = served
    result = conditional_get_load(server.url, paths, clients=CLIENTS, requests=REQUESTS)
    assert dict(result.statuses) == {304: REQUESTS}
    assert len(result.latencies) == REQUESTS


def test_pollers_see_a_republished_feed_and_no_errors(
        served: tuple[FeedServer, list[str]], sites: list[SiteEntry],
        articles: list[Article]) -> None:
    server, paths = served
    republish = threading.Timer(0.05, publish, args=(MemoryQuery(articles[:3]), sites),
                                kwargs={"out_dir": server.root, "base_url": server.url})
    republish.start()
    result = conditional_get_load(server.url, paths, clients=CLIENTS, requests=REQUESTS)
    republish.join()
    assert set(result.statuses) <= {200, 304}
    assert sum(result.statuses.values()) == REQUESTS
