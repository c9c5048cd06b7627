"""The loopback server behind the test suite and ``aggregator demo``, and the fixture sites'
own consistency (entries parse, expected pages exist, robots rules cover what they claim)."""

from __future__ import annotations

import http.client
import json
import re
import tomllib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import protego
import pytest

from aggregator.provinces import PROVINCES
from aggregator.registry import parse_site_entries
from aggregator.sample_sites import SampleSites, default_sample_root

ROOT = default_sample_root()
SITES = ("baolangson", "baolaocai", "husta", "vusta")
FAMILIES = {"content-detail", "mcms", "a-id", "cat-yyyymm", "wordpress-sahifa", "wordpress",
            "vusta"}
WIN1258_PAGE = "/tap-huan-ky-thuat-nuoi-ong-lay-mat-cho-hoi-vien-nong-dan-5068102.html"
NFD_SLUG = ("/ho%CC%A3%CC%82i-nghi%CC%A3-ta%CC%A3%CC%82p-hua%CC%82%CC%81n-ky%CC%83-na%CC%86ng-"
            "pha%CC%89n-bie%CC%A3%CC%82n-xa%CC%83-ho%CC%A3%CC%82i-na%CC%86m-2026/")


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes


def fetch(base_url: str, path: str, method: str = "GET",
          headers: dict[str, str] | None = None) -> Reply:
    """One request with the path sent exactly as given (no client-side normalisation)."""
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, body)
    finally:
        connection.close()


def expected(site: str) -> dict:
    return json.loads((ROOT / site / "expected.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def sites() -> Iterator[SampleSites]:
    with SampleSites(ROOT) as served:
        yield served


# ---- the server ------------------------------------------------------------------------------


def test_every_site_folder_gets_its_own_origin(sites: SampleSites) -> None:
    assert set(sites.base_urls) == set(SITES)
    ports = set()
    for url in sites.base_urls.values():
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", url)
        ports.add(urlsplit(url).port)
    assert len(ports) == len(SITES)
    robots = {name: fetch(url, "/robots.txt").body for name, url in sites.base_urls.items()}
    assert b"Disallow: /ban-in/" in robots["baolangson"]
    assert b"Disallow: /ban-in/" not in robots["husta"]


def test_placeholder_replaced_in_served_feed(sites: SampleSites) -> None:
    base = sites.base_urls["baolangson"]
    reply = fetch(base, "/rss/home.rss")
    assert reply.status == 200
    assert reply.headers["content-type"] == "application/rss+xml"
    assert b"__BASE__" not in reply.body
    assert f"{base}/ban-in/".encode() in reply.body
    assert reply.body.count(base.encode()) >= 10


def test_content_types_by_extension(sites: SampleSites) -> None:
    base = sites.base_urls
    assert fetch(base["husta"], "/").headers["content-type"] == "text/html; charset=utf-8"
    assert fetch(base["vusta"], "/robots.txt").headers["content-type"] == \
        "text/plain; charset=utf-8"
    assert fetch(base["baolaocai"], "/sitemap.xml").headers["content-type"] == "application/xml"


def test_missing_files_are_404(sites: SampleSites) -> None:
    husta = sites.base_urls["husta"]
    assert fetch(husta, "/feed/").status == 404
    assert fetch(husta, "/wp-json/wp/v2/posts").status == 404
    assert fetch(sites.base_urls["baolangson"], "/tim-kiem/").status == 404


def test_headers_json_overrides_content_type(sites: SampleSites) -> None:
    reply = fetch(sites.base_urls["baolangson"], WIN1258_PAGE)
    assert reply.status == 200
    assert reply.headers["content-type"] == "text/html; charset=windows-1258"
    with pytest.raises(UnicodeDecodeError):
        reply.body.decode("utf-8")
    text = unicodedata.normalize("NFC", reply.body.decode("cp1258"))
    assert "Tập huấn kỹ thuật nuôi ong lấy mật cho hội viên nông dân" in text


def test_headers_json_status_and_header_values(tmp_path: Path) -> None:
    site = tmp_path / "demo"
    site.mkdir()
    (site / "gone.html").write_text("<p>cũ</p>", "utf-8")
    (site / "_headers.json").write_text(json.dumps({
        "/gone.html": {"status": 410},
        "/moved": {"status": 301, "Location": "__BASE__/gone.html"},
    }), "utf-8")
    with SampleSites(tmp_path) as served:
        base = served.base_urls["demo"]
        assert fetch(base, "/gone.html").status == 410
        moved = fetch(base, "/moved")
        assert moved.status == 301
        assert moved.headers["location"] == f"{base}/gone.html"


@pytest.mark.parametrize("path", [
    "/site.toml", "/expected.json", "/_headers.json", "/../site.toml", "/../README.md",
    "/%2e%2e/README.md", "/..%2fREADME.md", "/rss/../site.toml", "/%00robots.txt",
])
def test_private_files_and_traversal_are_not_served(sites: SampleSites, path: str) -> None:
    reply = fetch(sites.base_urls["baolangson"], path)
    assert reply.status == 404
    assert b"[[sites]]" not in reply.body
    assert b"Sample sites" not in reply.body


def test_symlink_out_of_the_site_is_not_followed(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("secret", "utf-8")
    site = tmp_path / "demo"
    site.mkdir()
    (site / "link.txt").symlink_to(tmp_path / "secret.txt")
    with SampleSites(tmp_path, only=["demo"]) as served:
        assert fetch(served.base_urls["demo"], "/link.txt").status == 404


def test_directory_index_and_slash_redirect(sites: SampleSites) -> None:
    husta = sites.base_urls["husta"]
    listing = fetch(husta, "/category/tin-tuc/")
    assert listing.status == 200
    assert b'class="pagination"' in listing.body
    redirect = fetch(husta, "/category/tin-tuc")
    assert redirect.status == 301
    assert redirect.headers["location"] == f"{husta}/category/tin-tuc/"
    assert fetch(husta, "/category/tin-tuc/?paged=1").body == listing.body


def test_nfd_slug_served_under_its_own_bytes_only(sites: SampleSites) -> None:
    husta = sites.base_urls["husta"]
    page = fetch(husta, NFD_SLUG)
    assert page.status == 200
    assert unicodedata.normalize("NFD", "Hội nghị tập huấn").encode() in page.body
    assert fetch(husta, NFD_SLUG.lower()).status == 200  # hex case does not matter
    nfc = NFD_SLUG.replace("o%CC%A3%CC%82", "%E1%BB%99")  # "ộ" precomposed
    assert nfc != NFD_SLUG
    assert fetch(husta, nfc).status == 404


def test_conditional_get(sites: SampleSites) -> None:
    base = sites.base_urls["vusta"]
    first = fetch(base, "/tin-tuc-su-kien-c37.html")
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert first.status == 200 and etag and modified
    not_modified = fetch(base, "/tin-tuc-su-kien-c37.html", headers={"If-None-Match": etag})
    assert not_modified.status == 304
    assert not_modified.body == b""
    assert not_modified.headers["etag"] == etag
    assert fetch(base, "/tin-tuc-su-kien-c37.html",
                 headers={"If-Modified-Since": modified}).status == 304
    assert fetch(base, "/tin-tuc-su-kien-c37.html",
                 headers={"If-None-Match": '"stale"'}).status == 200
    assert fetch(base, "/tin-tuc-su-kien-c37.html",
                 headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}).status == 200


def test_etag_follows_the_served_bytes(tmp_path: Path) -> None:
    site = tmp_path / "demo"
    site.mkdir()
    page = site / "index.html"
    page.write_text("<a href='__BASE__/x.html'>x</a>", "utf-8")
    with SampleSites(tmp_path) as served:
        base = served.base_urls["demo"]
        first = fetch(base, "/")
        assert first.body == f"<a href='{base}/x.html'>x</a>".encode()
        page.write_text("<a href='__BASE__/y.html'>y</a>", "utf-8")
        second = fetch(base, "/", headers={"If-None-Match": first.headers["etag"]})
        assert second.status == 200
        assert second.headers["etag"] != first.headers["etag"]


def test_head_has_get_headers_without_body(sites: SampleSites) -> None:
    base = sites.base_urls["baolaocai"]
    get = fetch(base, "/sitemaps/news.xml")
    head = fetch(base, "/sitemaps/news.xml", method="HEAD")
    assert head.status == 200
    assert head.body == b""
    assert head.headers["content-length"] == str(len(get.body))
    assert head.headers["etag"] == get.headers["etag"]
    assert fetch(base, "/nothing-here.html", method="HEAD").status == 404


def test_request_log_records_site_and_raw_path(capfd: pytest.CaptureFixture[str]) -> None:
    with SampleSites(ROOT, only=["vusta", "husta"]) as served:
        assert set(served.base_urls) == {"vusta", "husta"}
        fetch(served.base_urls["vusta"], "/robots.txt")
        fetch(served.base_urls["husta"], "/feed/")
        fetch(served.base_urls["husta"], NFD_SLUG, method="HEAD")
        assert served.request_log == [("vusta", "/robots.txt"), ("husta", "/feed/"),
                                      ("husta", NFD_SLUG)]
    assert capfd.readouterr().err == ""


def test_response_log_records_status_and_body_bytes() -> None:
    with SampleSites(ROOT, only=["vusta"]) as served:
        base = served.base_urls["vusta"]
        page = fetch(base, "/tin-tuc-su-kien-c37.html")
        fetch(base, "/tin-tuc-su-kien-c37.html", headers={"If-None-Match": page.headers["etag"]})
        fetch(base, "/tin-tuc-su-kien-c37.html", method="HEAD")
        missing = fetch(base, "/nothing-here.html")
        assert [(r.site, r.path, r.status, r.body_bytes) for r in served.take_responses()] == [
            ("vusta", "/tin-tuc-su-kien-c37.html", 200, len(page.body)),
            ("vusta", "/tin-tuc-su-kien-c37.html", 304, 0),
            ("vusta", "/tin-tuc-su-kien-c37.html", 200, 0),
            ("vusta", "/nothing-here.html", 404, len(missing.body)),
        ]
        assert served.take_responses() == []  # taken means gone; the next batch starts afresh
        fetch(base, "/robots.txt")
        assert [r.path for r in served.response_log] == ["/robots.txt"]


def test_only_rejects_unknown_sites_and_entries_need_a_running_server() -> None:
    with pytest.raises(ValueError, match="no-such-site"):
        SampleSites(ROOT, only=["no-such-site"])
    with pytest.raises(RuntimeError):
        SampleSites(ROOT).site_entries_toml()


def test_servers_stop_on_exit() -> None:
    with SampleSites(ROOT, only=["vusta"]) as served:
        base = served.base_urls["vusta"]
        assert fetch(base, "/").status == 200
    with pytest.raises(OSError):
        fetch(base, "/")


# ---- the fixture sites -----------------------------------------------------------------------


def test_site_entries_parse_with_the_registry(sites: SampleSites) -> None:
    text = sites.site_entries_toml()
    assert "__BASE__" not in text
    entries = {e.id: e for e in parse_site_entries(tomllib.loads(text)["sites"], source="fixtures")}
    assert set(entries) == set(SITES)
    for name, entry in entries.items():
        base = sites.base_urls[name]
        assert entry.url == f"{base}/"
        for url in entry.feeds + entry.sitemaps + entry.listings:
            assert url.startswith(f"{base}/")
        assert entry.family in FAMILIES
        assert entry.article_url is not None
    assert entries["baolangson"].feeds == (f"{sites.base_urls['baolangson']}/rss/home.rss",)
    assert entries["husta"].listings == (f"{sites.base_urls['husta']}/category/tin-tuc/",)
    assert entries["baolaocai"].discovery_methods == ("auto",)
    assert entries["vusta"].province is None


@pytest.mark.parametrize("site", SITES)
def test_expected_pages_exist_and_match_the_entry(sites: SampleSites, site: str) -> None:
    data = expected(site)
    base = sites.base_urls[site]
    entry = tomllib.loads(sites.site_entries_toml())["sites"][SITES.index(site)]
    assert entry["id"] == site
    article_url = re.compile(entry["article_url"])
    assert data["articles"]
    for article in data["articles"]:
        assert fetch(base, article["path"]).status == 200, article["path"]
        assert article_url.search(base + article["path"]), article["path"]
        assert re.fullmatch(r"2\d{3}-\d\d-\d\dT\d\d:\d\d:00\+07:00", article["published"])
        assert set(article["provinces"]) <= set(PROVINCES)
        assert len(set(article["provinces"])) == len(article["provinces"])
        if "province" in entry:
            assert article["provinces"][0] == entry["province"]
        for text in (article["title"], *article["body_contains"], *article["body_excludes"]):
            assert unicodedata.is_normalized("NFC", text)
    for path in data["not_articles"] + data["robots_disallowed"]:
        assert fetch(base, path).status == 200, path
    for path in data["not_articles"]:
        assert not article_url.search(base + path), path


@pytest.mark.parametrize("site", SITES)
def test_robots_rules_block_exactly_the_listed_paths(sites: SampleSites, site: str) -> None:
    data = expected(site)
    base = sites.base_urls[site]
    robots = protego.Protego.parse(fetch(base, "/robots.txt").body.decode("utf-8"))
    agent = "vn-news-aggregator/0.1"
    for article in data["articles"]:
        assert robots.can_fetch(base + article["path"], agent)
    for path in data["robots_disallowed"]:
        assert not robots.can_fetch(base + path, agent)
    if data["robots_disallowed"]:
        feed = fetch(base, "/rss/home.rss").body.decode("utf-8")
        assert all(base + path in feed for path in data["robots_disallowed"])
