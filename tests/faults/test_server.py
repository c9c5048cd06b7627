"""The fault server itself does what its docstring promises (a broken fixture proves nothing)."""

from __future__ import annotations

import http.client
import time
import unicodedata

import pytest

from tests.faults.server import (
    CHARSET_TITLES,
    GOOD_ARTICLES,
    HUGE_BYTES,
    FaultServer,
    encode_windows_1258,
)


def get(server: FaultServer, path: str, *, timeout: float = 5) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    connection.request("GET", path)
    return connection.getresponse()


@pytest.mark.parametrize(("path", "status", "retry_after"), [
    ("/s/x/status/500", 500, None),
    ("/s/x/status/503?retry_after=3600", 503, "3600"),
    ("/status/429?retry_after=1", 429, "1"),
    ("/s/x/bai-viet/khong-co.html", 404, None),
    ("/s/x/loop/a", 302, None),
])
def test_status_routes(fault_server: FaultServer, path: str, status: int,
                       retry_after: str | None) -> None:
    response = get(fault_server, path)
    response.read()
    assert response.status == status
    assert response.getheader("Retry-After") == retry_after


def test_prefix_is_kept_in_links_and_logged(fault_server: FaultServer) -> None:
    body = get(fault_server, "/s/ten-site/feed.rss?item=/status/503").read().decode("utf-8")
    assert f"{fault_server.base_url}/s/ten-site/status/503" in body
    assert "/status/503" in fault_server.requests_for("ten-site")[-1]
    offsite = get(fault_server, "/s/ten-site/offsite")
    assert offsite.getheader("Location", "").startswith(f"http://localhost:{fault_server.port}/s/ten-site/")


def test_truncated_body_is_shorter_than_its_content_length(fault_server: FaultServer) -> None:
    with pytest.raises(http.client.IncompleteRead):
        get(fault_server, "/truncated").read()


def test_huge_page_is_streamed_in_full(fault_server: FaultServer) -> None:
    response = get(fault_server, "/s/to/huge", timeout=30)
    total = 0
    while chunk := response.read(1 << 20):
        total += len(chunk)
    assert total == HUGE_BYTES == int(response.getheader("Content-Length", "0"))


def test_windows_1258_page_decodes_back_to_its_title(fault_server: FaultServer) -> None:
    route = "/charset/meta-utf8-body-1258.html"
    raw = get(fault_server, route).read()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert CHARSET_TITLES[route] in unicodedata.normalize("NFC", raw.decode("cp1258"))
    text = "ặ ộ ượ Đ “x”"
    assert unicodedata.normalize("NFC", encode_windows_1258(text).decode("cp1258")) == text


def test_good_article_has_its_title(fault_server: FaultServer) -> None:
    slug, article = next(iter(GOOD_ARTICLES.items()))
    assert article.title in get(fault_server, f"/bai-viet/{slug}.html").read().decode("utf-8")


def test_stops_promptly_with_hanging_and_trickling_clients() -> None:
    with FaultServer() as server:
        hanging = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        hanging.request("GET", "/hang")
        trickling = get(server, "/trickle", timeout=30)
        assert trickling.read(1) == b"<"
        started = time.monotonic()
    assert time.monotonic() - started < 2
