"""``/search`` and ``/search.atom|.rss|.json`` served over 127.0.0.1 from a real SQLite store,
and the search page used in headless chromium."""

from __future__ import annotations

import http.client
import json
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import feedparser
import lxml.html
import pytest

from aggregator.registry import SiteEntry
from aggregator.store import ArticleStore
from feeds.publish import publish
from feeds.search_pages import SearchPages
from feeds.server import FeedServer
from tests.aggregator.search import behaviour

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[FeedServer]:
    store = ArticleStore(f"sqlite:///{tmp_path / 'store.db'}")
    behaviour.fill(store)
    sites = [SiteEntry(id="baolangson", name="Báo Lạng Sơn", kind="newspaper",
                       url="https://baolangson.vn/", province="lang-son")]
    pages = SearchPages(store, sites, "http://placeholder/")
    server = FeedServer(tmp_path / "public", port=0, dynamic=lambda target: pages.respond(target))
    pages.base_url = server.url  # known once the port is chosen
    publish(store, sites, out_dir=server.root, base_url=server.url)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    store.close()


def _get(server: FeedServer, target: str,
         headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(str(host), int(port), timeout=10)
    connection.request("GET", target, headers=headers or {})
    response = connection.getresponse()
    response.read_body = response.read()  # type: ignore[attr-defined]
    connection.close()
    return response


@pytest.mark.parametrize("fmt", ["atom", "rss", "json"])
def test_search_feeds_are_valid_and_answer_304(server: FeedServer, fmt: str) -> None:
    target = f"/search.{fmt}?q={quote('chuyen doi so')}&province=lang-son&kind=newspaper"
    response = _get(server, target)
    assert response.status == 200
    body = response.read_body  # type: ignore[attr-defined]
    if fmt == "json":
        titles = [item["title"] for item in json.loads(body)["items"]]
    else:
        parsed = feedparser.parse(body)
        assert not parsed.bozo, parsed.bozo_exception
        titles = [e.title for e in parsed.entries]
    assert titles == [behaviour.TITLES[n] for n in (6, 2, 1, 0)]  # newest first
    etag = response.getheader("ETag")
    assert _get(server, target, {"If-None-Match": etag}).status == 304
    assert _get(server, f"/search.{fmt}?q=%22abc").status == 400
    assert _get(server, f"/search.{fmt}?q=abc&province=atlantis").status == 400


def test_search_page_lists_exact_matches_first_and_links_its_feeds(server: FeedServer) -> None:
    response = _get(server, "/search?q=" + quote('"chuyển đổi số"'))
    page = lxml.html.fromstring(response.read_body)  # type: ignore[attr-defined]
    assert [a.text_content() for a in page.xpath("//ol[@class='entries']/li/a")] == [
        behaviour.TITLES[2], behaviour.TITLES[0], behaviour.TITLES[1]]
    assert page.xpath("string(//a[@class='feed'][1]/@href)").startswith(f"{server.url}search.atom?q=")
    assert _get(server, "/search?q=OR").status == 400
    assert _get(server, "/search").status == 200
    index = lxml.html.fromstring(_get(server, "/").read_body)  # type: ignore[attr-defined]
    assert index.xpath("string(//form[@role='search']/@action)") == f"{server.url}search"


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (Debian package "
                    "chromium; scripts/system-deps.sh installs it when run as root)")
def test_typing_a_query_in_chromium_shows_results_and_the_feed_link_works(
        server: FeedServer, tmp_path: Path) -> None:
    """The index page's search box as chromium renders it, the results page, its Atom link."""
    first = subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
         f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", server.url],
        capture_output=True, text=True, timeout=90, check=True)
    # Headless --dump-dom cannot type; the form is a plain GET, so what the browser submits is
    # the form's action with its field, built here from the DOM chromium rendered.
    form = lxml.html.fromstring(first.stdout).xpath("//form[@role='search']")[0]
    url = f"{form.get('action')}?{form.xpath('.//input')[0].get('name')}=chuyen+doi+so"
    result = subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
         f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", url],
        capture_output=True, text=True, timeout=90, check=True)
    page = lxml.html.fromstring(result.stdout)
    assert [a.text_content() for a in page.xpath("//ol[@class='entries']/li/a")][:1] == [
        behaviour.TITLES[6]]
    feed_link = page.xpath("string(//a[@class='feed'][1]/@href)")
    feed = feedparser.parse(_get(server, feed_link.removeprefix(server.url.rstrip("/")))
                            .read_body)  # type: ignore[attr-defined]
    assert not feed.bozo and len(feed.entries) == 4
