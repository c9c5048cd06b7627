"""Incremental crawling end to end: the real command line crawls a copy of the sample sites three
times. The second crawl finds nothing changed; before the third, one feed entry says its article
was updated and a listing page is edited without new links."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from aggregator.sample_sites import SampleSites, Served
from aggregator.store import ArticleStore, SiteRun
from tests.support import SITES_ROOT, expected_for, run_cli, write_config

pytestmark = pytest.mark.slow

SITES = sorted(p.name for p in SITES_ROOT.iterdir() if (p / "expected.json").is_file())
EDITED_ARTICLE = "/trao-giai-hoi-thi-sang-tao-ky-thuat-tinh-lang-son-lan-thu-x-5068214.html"
LISTING = "/category/tin-tuc/"
LISTING_PAGE_2 = "/category/tin-tuc/page/2/"


@dataclass(frozen=True, slots=True)
class Run:
    stdout: str
    responses: list[Served]
    site_runs: dict[str, SiteRun]
    """What the crawl recorded per site in the store."""

    def status(self, site: str, path: str) -> list[int]:
        """Statuses of every response to ``path`` of ``site`` in this run (none: never asked)."""
        return [r.status for r in self.responses if (r.site, r.path) == (site, path)]

    def article_downloads(self) -> list[tuple[str, str]]:
        paths = {(site, a["path"]) for site in SITES for a in expected_for(site)["articles"]}
        return [(r.site, r.path) for r in self.responses
                if (r.site, r.path) in paths and r.status == 200]


def crawl(config: Path, sites: SampleSites) -> Run:
    stdout = run_cli("crawl", config=config).stdout
    store = ArticleStore(f"sqlite:///{config.parent / 'store.db'}")
    try:
        recorded = {site: store.recent_site_runs(site, limit=1)[0] for site in sites.base_urls}
    finally:
        store.close()
    return Run(stdout, sites.take_responses(), recorded)


def _edit_sites(root: Path) -> None:
    """A newer ``<atom:updated>`` (and a new sentence) for one Lạng Sơn article; a cosmetic
    change to HUSTA's first listing page, which keeps all its article links."""
    feed = root / "baolangson" / "rss" / "home.rss"
    text = feed.read_text("utf-8")
    marker = "<pubDate>Fri, 20 Nov 2026 09:30:00 +0700</pubDate>"
    assert marker in text, "fixture feed changed; pick another item"
    feed.write_text(text.replace(
        marker, marker + "\n<atom:updated>2026-11-29T09:00:00+07:00</atom:updated>"), "utf-8")
    page = root / "baolangson" / EDITED_ARTICLE.lstrip("/")
    html = page.read_text("utf-8")
    paragraph = "<p>Ban tổ chức cho biết sẽ trưng bày các giải pháp đoạt giải tại Bảo tàng tỉnh.</p>"
    page.write_text(html.replace("</p>", "</p>\n" + paragraph, 1), "utf-8")
    listing = root / "husta" / "category" / "tin-tuc" / "index.html"
    listing.write_text(listing.read_text("utf-8").replace(
        "</body>", "<!-- cập nhật giao diện -->\n</body>"), "utf-8")


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> list[Run]:
    tmp_path = tmp_path_factory.mktemp("incremental")
    root = tmp_path / "sites"
    shutil.copytree(SITES_ROOT, root)
    result = []
    with SampleSites(root) as sites:
        config = write_config(tmp_path, sites.site_entries_toml())
        for number in range(3):
            if number == 2:
                _edit_sites(root)
            result.append(crawl(config, sites))
    return result


def test_first_crawl_downloads_every_article_and_both_listing_pages(runs: list[Run]) -> None:
    first = runs[0]
    expected = sum(len(expected_for(site)["articles"]) for site in SITES)
    assert len(first.article_downloads()) == expected
    assert first.status("husta", LISTING_PAGE_2) == [200]


def test_second_crawl_downloads_no_article_and_gets_304_for_indexes(runs: list[Run]) -> None:
    second = runs[1]
    assert second.article_downloads() == []
    assert second.status("baolangson", "/rss/home.rss") == [304]
    assert second.status("husta", LISTING) == [304]
    assert second.status("vusta", "/tin-tuc-su-kien-c37.html") == [304]
    assert second.status("baolaocai", "/sitemaps/news.xml") == [304]
    # A sitemap index is always read: its children change while it does not.
    assert second.status("baolaocai", "/sitemap.xml") == [200]
    assert "0 new, 0 updated" in second.stdout


def test_second_crawl_records_its_304s_and_the_articles_it_skipped(runs: list[Run]) -> None:
    first, second = runs[0], runs[1]
    summary = {line.split()[0]: line.split()[1:3] for line in second.stdout.splitlines()[1:]}
    for site in SITES:
        run = second.site_runs[site]
        assert run.not_modified == sum(1 for r in second.responses
                                       if r.site == site and r.status == 304)
        assert run.not_modified > 0 and not run.errors, run
        assert summary[site] == [str(run.fetched), str(run.not_modified)]
        assert first.site_runs[site].not_modified == first.site_runs[site].skipped_known == 0
    # Lạng Sơn answered with its feed only: a quiet site, reached, nothing downloaded.
    quiet = second.site_runs["baolangson"]
    assert (quiet.fetched, quiet.not_modified) == (0, 1)
    assert quiet.skipped_known == 0  # a 304 feed is not even parsed for links


def test_feed_entry_with_a_newer_date_is_fetched_again(runs: list[Run]) -> None:
    third = runs[2]
    assert third.status("baolangson", "/rss/home.rss") == [200]
    assert third.article_downloads() == [("baolangson", EDITED_ARTICLE)]
    assert "0 new, 1 updated" in third.stdout


def test_listing_stops_paginating_at_known_articles(runs: list[Run]) -> None:
    third = runs[2]
    assert third.status("husta", LISTING) == [200]
    assert third.status("husta", LISTING_PAGE_2) == []
    husta = third.site_runs["husta"]
    assert (husta.fetched, husta.new, husta.updated) == (1, 0, 0)  # the edited listing only
    assert husta.skipped_known > 0  # its article links were known, so not downloaded


def test_robots_disallowed_article_from_the_feed_is_never_requested(runs: list[Run]) -> None:
    (disallowed,) = expected_for("baolangson")["robots_disallowed"]
    for run in runs:
        assert run.status("baolangson", "/robots.txt") == [200]
        assert run.status("baolangson", disallowed) == []


def test_a_feed_cut_short_by_the_page_budget_is_not_answered_304_next_time(
        tmp_path: Path) -> None:
    """The first crawl may request only part of the feed; the rest must not hide behind a 304."""
    root = tmp_path / "sites"
    shutil.copytree(SITES_ROOT / "baolangson", root / "baolangson")
    with SampleSites(root) as sites:
        config = write_config(tmp_path, sites.site_entries_toml(),
                              crawl={"max_pages_per_site": 3})
        runs = []
        for _ in range(2):
            runs.append(crawl(config, sites))
    first, second = runs
    assert "page budget" in first.stdout
    assert second.status("baolangson", "/rss/home.rss") == [200]
    assert set(second.article_downloads()) - set(first.article_downloads())

