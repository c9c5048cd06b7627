"""Real crawls over good sample sites mixed with misbehaving ones (``tests.faults.server``).

One crawl covers every fault at once: each faulty ``[[sites]]`` entry targets one route of the
fault server, all sites run concurrently in one subprocess, so the whole run costs about two
download timeouts. The assertions then read the store, the printed summary, the server's
request log and the published feeds.

Article-level faults are listed in a good feed next to a good article, so a faulty site still
yields articles; feed-level faults replace the site's feed or sitemap.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import feedparser
import pytest

from aggregator.sample_sites import SampleSites
from aggregator.schema import Article
from aggregator.store import ArticleStore
from aggregator.urls import canonical_url
from tests.faults.server import (
    CHARSET_TITLES,
    GOOD_ARTICLES,
    HUGE_BYTES,
    PASSWD_MARKERS,
    SOFT_404_TITLE,
    XXE_PROBE,
    FaultServer,
)
from tests.support import SITES_ROOT, expected_for, run_cli, write_config

pytestmark = pytest.mark.slow

DOWNLOAD_TIMEOUT = 2
MAX_PAGE_BYTES = 1024 * 1024
MAX_PAGES_PER_SITE = 15
# Every request runs in parallel, so the run costs a few download timeouts plus Scrapy's start.
CRAWL_SECONDS_LIMIT = 60
GOOD_SLUG = next(iter(GOOD_ARTICLES))
GOOD_PATH = f"/bai-viet/{GOOD_SLUG}.html"
SAMPLE_SITES = sorted(p.name for p in SITES_ROOT.iterdir() if (p / "expected.json").is_file())


@dataclass(frozen=True, slots=True)
class Fault:
    """One faulty site: ``target`` is a fault-server path; ``error`` a regex that one of the
    site's recorded errors must match (None: the fault is survived silently, e.g. salvaged)."""

    site: str
    target: str
    error: str | None
    level: str = "article"
    """Where the fault sits: "article" (listed in a good feed beside a good article), or "feed" /
    "sitemap" (it is the site's only feed or sitemap)."""

    def entry(self, server: FaultServer) -> str:
        if self.level == "article":
            query = urlencode([("item", self.target), ("item", GOOD_PATH)])
            discovery = f'feeds = ["{server.url("feed.rss?" + query, site=self.site)}"]'
        else:
            key = "feeds" if self.level == "feed" else "sitemaps"
            discovery = f'{key} = ["{server.url(self.target, site=self.site)}"]'
        return (f'\n[[sites]]\nid = "{self.site}"\nname = "Báo Lỗi {self.site}"\n'
                f'kind = "newspaper"\nprovince = "cao-bang"\n'
                f'url = "{server.url("", site=self.site)}"\n{discovery}\n')


TIMEOUT = r"(?i)time ?out|timed out|took longer than"
TOO_BIG = r"(?i)max_page_bytes|larger than|too large|max size"
NOT_A_FEED = r"(?i)no items|not a feed|not XML|entit"
ARTICLE_FAULTS = [
    Fault("loi-500", "/status/500", r"HTTP 500"),
    Fault("loi-502", "/status/502", r"HTTP 502"),
    Fault("loi-503", "/status/503", r"HTTP 503"),
    Fault("loi-503-cho-1s", "/status/503?retry_after=1", r"HTTP 503"),
    Fault("loi-503-cho-1h", "/status/503?retry_after=3600", r"HTTP 503"),
    Fault("loi-429-cho-1h", "/status/429?retry_after=3600", r"HTTP 429"),
    Fault("loi-429-cho-den-2099", "/status/429?retry_after=Wed, 21 Oct 2099 07:28:00 GMT",
          r"HTTP 429"),
    Fault("loi-403", "/status/403", r"HTTP 403"),
    Fault("loi-404", "/status/404", r"HTTP 404"),
    Fault("treo", "/hang", TIMEOUT),
    Fault("nho-giot", "/trickle", TIMEOUT),
    Fault("dut-giua-chung", "/truncated", r"(?i)data.?loss|connection.*(lost|closed)|incomplete"),
    Fault("qua-lon", "/huge", TOO_BIG),
    Fault("qua-lon-khong-co-do-dai", "/huge-unsized", TOO_BIG),
    Fault("gzip-hong", "/corrupt-gzip", r"(?i)gzip|decompress|encoding"),
    Fault("vong-chuyen-huong", "/loop/a", r"(?i)redirect"),
    Fault("trang-404-gia", "/soft-404.html", r"(?i)not an article|error page|404|không tìm thấy"),
    Fault("sai-charset-header", "/charset/header-latin1.html", None),
    Fault("sai-charset-meta", "/charset/meta-utf8-body-1258.html", None),
    Fault("chuyen-sang-host-khac", f"/offsite?to={GOOD_SLUG}", None),
]
FEED_FAULTS = [
    Fault("rss-loi-503", "/status/503?retry_after=3600", r"HTTP 503", "feed"),
    Fault("rss-treo", "/hang", TIMEOUT, "feed"),
    Fault("rss-hong", "/rss/malformed.rss", None, "feed"),
    Fault("rss-bi-cat", "/rss/truncated.rss", None, "feed"),
    Fault("rss-la-html", "/rss/not-a-feed.rss", NOT_A_FEED, "feed"),
    # libxml2 aborts at the first expansion, before any item: nothing to salvage, so say so.
    Fault("rss-bom-thuc-the", "/rss/bomb.rss", NOT_A_FEED, "feed"),
    Fault("rss-xxe", "/rss/xxe.rss", None, "feed"),
    Fault("sitemap-hong", "/sitemap/malformed.xml", None, "sitemap"),
    Fault("sitemap-bi-cat", "/sitemap/truncated.xml", None, "sitemap"),
    Fault("sitemap-bom-thuc-the", "/sitemap/bomb.xml", None, "sitemap"),
    Fault("sitemap-xxe", "/sitemap/xxe.xml", None, "sitemap"),
]
# Salvageable XML: the good item before the damage must still be crawled.
SALVAGED = ["rss-hong", "rss-bi-cat", "sitemap-hong", "sitemap-bi-cat", "rss-xxe",
            "sitemap-bom-thuc-the", "sitemap-xxe"]
BUDGET_SITE = "qua-nhieu-bai"
ALL_FAULTS = ARTICLE_FAULTS + FEED_FAULTS
BY_SITE = {fault.site: fault for fault in ALL_FAULTS}


def budget_entry(server: FaultServer) -> str:
    """A site whose feed lists far more pages than ``max_pages_per_site`` allows."""
    query = urlencode([("item", f"/bai-viet/bai-{n}.html") for n in range(3 * MAX_PAGES_PER_SITE)])
    return (f'\n[[sites]]\nid = "{BUDGET_SITE}"\nname = "Báo Rất Nhiều Bài"\n'
            f'url = "{server.url("", site=BUDGET_SITE)}"\n'
            f'feeds = ["{server.url("feed.rss?" + query, site=BUDGET_SITE)}"]\n')


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory, sample_sites: SampleSites,
          fault_server: FaultServer) -> dict[str, Any]:
    tmp_path = tmp_path_factory.mktemp("faults")
    entries = "".join(fault.entry(fault_server) for fault in ALL_FAULTS) + budget_entry(fault_server)
    config = write_config(tmp_path, sample_sites.site_entries_toml() + entries,
                          crawl={"max_page_bytes": MAX_PAGE_BYTES,
                                 "max_pages_per_site": MAX_PAGES_PER_SITE,
                                 "download_timeout": DOWNLOAD_TIMEOUT})
    started = time.monotonic()
    result = run_cli("crawl", config=config, timeout=CRAWL_SECONDS_LIMIT * 2, check=False)
    seconds = time.monotonic() - started
    store = ArticleStore(f"sqlite:///{tmp_path / 'store.db'}")
    try:
        articles = store.latest(limit=10_000)
        runs = {site: store.recent_site_runs(site, limit=1)
                for site in [*SAMPLE_SITES, *BY_SITE, BUDGET_SITE]}
    finally:
        store.close()
    return {"config": config, "result": result, "seconds": seconds, "articles": articles,
            "runs": runs, "out": tmp_path / "public", "sample_sites": sample_sites}


def articles_of(crawl: dict[str, Any], site: str) -> list[Article]:
    return [a for a in crawl["articles"] if a.site_id == site]


def errors_of(crawl: dict[str, Any], site: str) -> tuple[str, ...]:
    runs = crawl["runs"][site]
    assert runs, f"no run recorded for {site}"
    return runs[0].errors


def test_crawl_finishes_in_bounded_time_and_exits_zero(crawl: dict[str, Any]) -> None:
    result = crawl["result"]
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
    assert crawl["seconds"] < CRAWL_SECONDS_LIMIT, f"crawl took {crawl['seconds']:.1f} s"
    assert "Traceback" not in result.stderr, result.stderr


def test_summary_names_every_site(crawl: dict[str, Any]) -> None:
    listed = {line.split()[0] for line in crawl["result"].stdout.splitlines() if line.strip()}
    missing = {*SAMPLE_SITES, *BY_SITE, BUDGET_SITE} - listed
    assert not missing, f"summary lacks {sorted(missing)}:\n{crawl['result'].stdout}"


@pytest.mark.parametrize("site", SAMPLE_SITES)
def test_every_good_sample_article_is_stored(crawl: dict[str, Any], site: str) -> None:
    base = crawl["sample_sites"].base_urls[site]
    stored = {canonical_url(a.url) for a in articles_of(crawl, site)}
    expected = {canonical_url(base + a["path"]) for a in expected_for(site)["articles"]}
    assert expected <= stored, f"{site}: missing {sorted(expected - stored)}"


@pytest.mark.parametrize("fault", [f for f in ALL_FAULTS if f.error], ids=lambda f: f.site)
def test_faulty_site_has_a_clear_recorded_error(crawl: dict[str, Any], fault: Fault) -> None:
    """Clear = the error line says what went wrong (outside the URL) and where."""
    errors = errors_of(crawl, fault.site)
    where = fault.target.split("?", 1)[0]
    assert any(re.search(fault.error or "", re.sub(r"\S+://\S+", "<url>", e)) and where in e
               for e in errors), (
        f"{fault.site} ({fault.target}): no error matching {fault.error!r} naming {where} "
        f"in {errors}")


@pytest.mark.parametrize("fault", ARTICLE_FAULTS, ids=lambda f: f.site)
def test_faulty_site_still_yields_its_good_article(crawl: dict[str, Any], fault: Fault) -> None:
    paths = {urlsplit(a.url).path for a in articles_of(crawl, fault.site)}
    assert f"/s/{fault.site}{GOOD_PATH}" in paths, f"{fault.site}: stored only {sorted(paths)}"


@pytest.mark.parametrize("site", SALVAGED)
def test_damaged_xml_still_yields_the_good_item_before_the_damage(crawl: dict[str, Any],
                                                                   site: str) -> None:
    titles = [a.title for a in articles_of(crawl, site)]
    assert titles == [GOOD_ARTICLES[GOOD_SLUG].title], f"{site}: stored {titles}"


def test_entity_bombs_and_external_entities_leave_no_trace(crawl: dict[str, Any],
                                                          fault_server: FaultServer) -> None:
    texts = [" ".join((a.url, a.title, a.lead, a.body_text, *a.tags)) for a in crawl["articles"]]
    texts += [path for _host, path in fault_server.request_log]
    for text in texts:
        assert "lollol" not in text
        assert not any(marker in text for marker in PASSWD_MARKERS), text[:300]
    probes = [path for _host, path in fault_server.request_log if path.endswith(XXE_PROBE)]
    assert not probes, f"an XML parser fetched an external DTD: {probes}"


def test_soft_404_is_not_stored_as_an_article(crawl: dict[str, Any]) -> None:
    titles = [a.title for a in crawl["articles"]]
    assert not any(SOFT_404_TITLE.lower() in t.lower() for t in titles), titles


@pytest.mark.parametrize(("site", "route"), [("sai-charset-header", "/charset/header-latin1.html"),
                                             ("sai-charset-meta", "/charset/meta-utf8-body-1258.html")])
def test_misdeclared_charset_is_decoded_correctly(crawl: dict[str, Any], site: str,
                                                  route: str) -> None:
    by_path = {urlsplit(a.url).path: a for a in articles_of(crawl, site)}
    article = by_path.get(f"/s/{site}{route}")
    assert article is not None, f"{site}: {route} not stored; stored {sorted(by_path)}"
    assert article.title == CHARSET_TITLES[route]
    assert "ố ồ ổ ỗ ộ, ướ ườ ưở ưỡ ượ" in article.body_text
    assert "\ufffd" not in article.body_text


@pytest.mark.parametrize("route", ["/huge", "/huge-unsized"])
def test_pages_over_max_page_bytes_are_dropped_early(crawl: dict[str, Any],
                                                     fault_server: FaultServer, route: str) -> None:
    site = BY_SITE["qua-lon" if route == "/huge" else "qua-lon-khong-co-do-dai"].site
    assert not [a for a in articles_of(crawl, site) if urlsplit(a.url).path.endswith(route)]
    sent = fault_server.bytes_sent.get(f"/s/{site}{route}")
    assert sent is not None, f"{route} was never requested"
    # Socket buffers let the server write a few MB past the point the crawler gave up.
    assert sent < HUGE_BYTES // 2, f"{route}: the crawler read {sent} bytes"


def test_redirect_loop_is_cut_short(crawl: dict[str, Any], fault_server: FaultServer) -> None:
    hops = [p for p in fault_server.requests_for("vong-chuyen-huong") if p.startswith("/loop/")]
    assert 1 < len(hops) <= 2 * 6, hops  # REDIRECT_MAX_TIMES = 5, one retry at most


def test_redirect_to_another_host_is_followed_and_stored_under_the_final_url(
        crawl: dict[str, Any], fault_server: FaultServer) -> None:
    site = "chuyen-sang-host-khac"
    hosts = {urlsplit(a.url).hostname for a in articles_of(crawl, site)}
    assert hosts == {"localhost"}, hosts
    assert (f"localhost:{fault_server.port}", f"/s/{site}{GOOD_PATH}") in fault_server.request_log


def test_page_budget_bounds_requests_per_site(crawl: dict[str, Any],
                                              fault_server: FaultServer) -> None:
    assert len(fault_server.requests_for(BUDGET_SITE)) <= MAX_PAGES_PER_SITE
    assert any("budget" in e for e in errors_of(crawl, BUDGET_SITE)), errors_of(crawl, BUDGET_SITE)


def test_publish_afterwards_writes_valid_feeds(crawl: dict[str, Any]) -> None:
    run_cli("publish", config=crawl["config"])
    out: Path = crawl["out"]
    for name in ("all.atom", "all.rss"):
        parsed = feedparser.parse((out / name).read_bytes())
        assert parsed.bozo == 0, f"{name}: {parsed.get('bozo_exception')}"
        assert parsed.entries
    data = json.loads((out / "all.json").read_text("utf-8"))
    assert data["version"] == "https://jsonfeed.org/version/1.1" and data["items"]
    published = "".join(p.read_text("utf-8") for p in out.rglob("*") if p.is_file())
    assert "lollol" not in published and not any(m in published for m in PASSWD_MARKERS)
