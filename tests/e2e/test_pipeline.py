"""End to end: the real command line crawls the sample sites on 127.0.0.1 and publishes feeds
that feedparser reads without complaint, with the hand-checked fields of every article."""

from __future__ import annotations

import json
from datetime import datetime
from html import escape
from pathlib import Path

import feedparser
import lxml.html
import pytest

from aggregator.sample_sites import SampleSites
from aggregator.urls import canonical_url
from tests.support import SITES_ROOT, expected_for, run_cli, write_config

pytestmark = pytest.mark.slow

SITES = sorted(p.name for p in SITES_ROOT.iterdir() if (p / "expected.json").is_file())
DEAD_SITE = """
[[sites]]
id = "dead-site"
name = "Báo Không Tồn Tại"
province = "ca-mau"
url = "http://127.0.0.1:9/"
feeds = ["http://127.0.0.1:9/rss/home.rss"]
"""


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory, sample_sites: SampleSites):
    tmp_path = tmp_path_factory.mktemp("e2e")
    sample_sites.request_log.clear()
    config = write_config(tmp_path, sample_sites.site_entries_toml() + DEAD_SITE)
    first = run_cli("crawl", config=config)
    run_cli("publish", config=config)
    return {"config": config, "out": tmp_path / "public", "first": first,
            "requests": list(sample_sites.request_log), "sites": sample_sites}


def parse(path: Path) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, f"{path.name}: {parsed.get('bozo_exception')}"
    return parsed


def test_crawl_summary_reports_every_site_and_the_dead_one(crawled) -> None:
    out = crawled["first"].stdout
    for site in [*SITES, "dead-site"]:
        assert site in out
    header, *rows = out.splitlines()
    assert header.split() == ["SITE", "FETCHED", "NOT", "MODIFIED", "NEW", "UPDATED", "FAILED",
                              "ERRORS"]
    dead_line = next(line for line in rows if line.startswith("dead-site"))
    assert dead_line.split()[1:3] == ["0", "0"]  # nothing fetched, nothing answered 304
    assert "refused" in dead_line.lower() or "error" in dead_line.lower()
    assert f"{len(SITES) + 1} site(s): " in out and ", 1 unreachable" in out


def test_crawl_stderr_has_no_scrapy_chatter(crawled) -> None:
    """Without -v a crawl prints its summary; Scrapy's start-up INFO lines (version dump,
    "Using CrawlerProcess") and stats stay out of the terminal and the cron mail."""
    err = crawled["first"].stderr
    assert err.startswith(f"crawling {len(SITES) + 1} site(s)...\n")
    assert "Scrapy" not in err and "Versions:" not in err
    assert not [line for line in err.splitlines() if " INFO " in line or " DEBUG " in line], err


def test_every_feed_is_valid(crawled) -> None:
    out: Path = crawled["out"]
    xml_feeds = sorted([*out.rglob("*.atom"), *out.rglob("*.rss")])
    assert out / "all.atom" in xml_feeds and out / "province" / "lang-son.rss" in xml_feeds
    for path in xml_feeds:
        parsed = parse(path)
        ids = [entry.id for entry in parsed.entries]
        assert len(ids) == len(set(ids)), path
    for path in out.rglob("*.json"):
        data = json.loads(path.read_text("utf-8"))
        assert data["version"] == "https://jsonfeed.org/version/1.1"
    # A registered site that produced nothing still has a valid (empty) province feed.
    assert parse(out / "province" / "ca-mau.atom").entries == []


@pytest.mark.parametrize("site", SITES)
def test_articles_have_their_hand_checked_fields(crawled, site: str) -> None:
    base = crawled["sites"].base_urls[site]
    entries = {canonical_url(e.link): e for e in parse(crawled["out"] / "source" / f"{site}.atom").entries}
    expected = expected_for(site)
    for article in expected["articles"]:
        url = canonical_url(base + article["path"])
        assert url in entries, f"{site}: {article['path']} missing from source/{site}.atom"
        entry = entries[url]
        assert entry.title == article["title"]
        published = datetime.fromisoformat(entry.published)
        assert published.utcoffset() == datetime.fromisoformat(article["published"]).utcoffset()
        assert published.replace(second=0) == datetime.fromisoformat(article["published"])
        provinces = [t.term for t in entry.tags if t.scheme.endswith("/province")]
        assert provinces == article["provinces"], f"{site}{article['path']}"
        if article.get("authors"):
            assert [a.name for a in entry.authors] == article["authors"]
        content = entry.content[0].value
        # The full text opens with the lead (the summary): as its own first paragraph, or as
        # the start of a body that already began with it. Expectations are about the body.
        lead = entry.get("summary", "")
        assert lxml.html.fromstring(content).text_content().startswith(lead), \
            f"{site}{article['path']}: content does not open with the lead"
        body = content.removeprefix(f"<p>{escape(lead, quote=False)}</p>")
        for text in article.get("body_contains", []):
            assert text in content, f"{site}{article['path']}: body lacks {text!r}"
        for text in article.get("body_excludes", []):
            assert text not in body, f"{site}{article['path']}: boilerplate {text!r} leaked"
        assert "<script" not in content and "style=" not in content
        if article.get("lead_startswith"):
            assert entry.summary.startswith(article["lead_startswith"])


def test_robots_txt_is_obeyed(crawled) -> None:
    fetched = {(site, path) for site, path in crawled["requests"]}
    for site in SITES:
        for path in expected_for(site).get("robots_disallowed", []):
            assert (site, path) not in fetched, f"{site}{path} fetched despite robots.txt"


def test_second_crawl_adds_nothing_and_keeps_ids(crawled) -> None:
    before = {e.id for e in parse(crawled["out"] / "all.atom").entries}
    second = run_cli("crawl", config=crawled["config"])
    assert "0 new" in second.stdout
    run_cli("publish", config=crawled["config"])
    after = {e.id for e in parse(crawled["out"] / "all.atom").entries}
    assert before == after and before
