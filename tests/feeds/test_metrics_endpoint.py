"""``/metrics`` scraped over 127.0.0.1 from the server ``aggregator serve`` runs, parsed by
prometheus_client's own parser."""

from __future__ import annotations

import threading
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from aggregator.commands.serve_command import dynamic_pages
from aggregator.config import load_config
from aggregator.freshness import mark_published
from aggregator.schema import Article
from aggregator.store import ArticleStore, SiteRun
from feeds.server import FeedServer

T0 = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)


def test_metrics_are_served_in_prometheus_text_format(tmp_path: Path) -> None:
    (tmp_path / "aggregator.toml").write_text(
        f'builtin_sites = false\n[storage]\nurl = "sqlite:///{tmp_path / "store.db"}"\n'
        f'[publish]\ndir = "{tmp_path / "public"}"\n'
        '[[sites]]\nid = "a"\nurl = "https://a.example.vn/"\n', "utf-8")
    config = load_config(str(tmp_path / "aggregator.toml"))
    store = ArticleStore(config.storage_url)
    store.record_site_runs([SiteRun("a", T0, T0 + timedelta(minutes=1), requests=5, fetched=3,
                                    new=2, updated=1)])
    store.record_site_runs([SiteRun("a", T0 + timedelta(hours=1), T0 + timedelta(hours=1),
                                    requests=2, failed=2,
                                    errors=("HTTP 503 for https://a.example.vn/rss",
                                            "DNS failure for https://a.example.vn/"))])
    store.upsert([Article(id="a/1", site_id="a", site_kind="newspaper",
                          url="https://a.example.vn/1.html", title="Tin mới",
                          published=T0 + timedelta(hours=2))], now=T0 + timedelta(hours=2))
    mark_published(store, T0 + timedelta(hours=2, minutes=4))
    try:
        with FeedServer(tmp_path / "public", "127.0.0.1", 0, dynamic_pages(config, store)) as server:
            threading.Thread(target=server.serve_forever, daemon=True).start()
            try:
                with urllib.request.urlopen(server.url + "metrics", timeout=10) as response:
                    content_type = response.headers["Content-Type"]
                    text = response.read().decode()
            finally:
                server.shutdown()
    finally:
        store.close()
    assert content_type.startswith("text/plain; version=")  # the text exposition format
    samples = {(s.name, tuple(sorted(s.labels.items()))): s.value
               for family in text_string_to_metric_families(text) for s in family.samples}
    site = (("site", "a"),)
    assert samples[("aggregator_site_requests_total", site)] == 7
    assert samples[("aggregator_site_articles_new_total", site)] == 2
    assert samples[("aggregator_site_articles_updated_total", site)] == 1
    assert samples[("aggregator_site_crawls_total", site)] == 2
    assert samples[("aggregator_site_failures_total", (("kind", "http_5xx"), ("site", "a")))] == 1
    assert samples[("aggregator_site_failures_total", (("kind", "dns"), ("site", "a")))] == 1
    assert samples[("aggregator_site_last_success_timestamp_seconds", site)] == (
        T0 + timedelta(minutes=1)).timestamp()
    assert samples[("aggregator_freshness_seconds_count", site)] == 1
    assert samples[("aggregator_freshness_seconds_sum", site)] == 240
    assert samples[("aggregator_freshness_seconds_bucket", (("le", "300"), ("site", "a")))] == 1
    assert samples[("aggregator_freshness_seconds_bucket", (("le", "60"), ("site", "a")))] == 0
    assert samples[("aggregator_store_articles", ())] == 1
    assert samples[("aggregator_store_size_bytes", ())] > 0
