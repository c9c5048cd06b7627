"""`aggregator serve`'s HTTP server: caching headers, 304s, gzip, content types, no traversal."""

from __future__ import annotations

import gzip
import http.client
from pathlib import Path

import pytest

from feeds.server import FeedServer


@pytest.fixture
def served(tmp_path: Path, feed_server: FeedServer) -> tuple[Path, FeedServer]:
    root = feed_server.root
    (root / "province").mkdir(parents=True)
    (root / "all.atom").write_text("<feed>" + "x" * 2000 + "</feed>", "utf-8")
    (root / "province" / "hue.rss").write_text("<rss/>", "utf-8")
    (root / "index.html").write_text("<!doctype html><title>Tin</title>", "utf-8")
    (tmp_path / "secret.txt").write_text("secret", "utf-8")
    return root, feed_server


def request(server: FeedServer, method: str, path: str,
            headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=5)
    connection.request(method, path, headers=headers or {})
    response = connection.getresponse()
    response.body = response.read()  # type: ignore[attr-defined]
    connection.close()
    return response


def test_content_types_and_index(served: tuple[Path, FeedServer]) -> None:
    _root, server = served
    assert request(server, "GET", "/all.atom").getheader("Content-Type") == \
        "application/atom+xml; charset=utf-8"
    assert request(server, "GET", "/province/hue.rss").getheader("Content-Type") == \
        "application/rss+xml; charset=utf-8"
    index = request(server, "GET", "/")
    assert index.status == 200
    assert index.body == b"<!doctype html><title>Tin</title>"


def test_conditional_get_returns_304(served: tuple[Path, FeedServer]) -> None:
    _root, server = served
    first = request(server, "GET", "/all.atom")
    etag, modified = first.getheader("ETag"), first.getheader("Last-Modified")
    assert etag and modified
    assert request(server, "GET", "/all.atom", {"If-None-Match": etag}).status == 304
    assert request(server, "GET", "/all.atom", {"If-Modified-Since": modified}).status == 304
    assert request(server, "GET", "/all.atom", {"If-None-Match": '"other"'}).status == 200


def test_changed_file_gets_new_etag(served: tuple[Path, FeedServer]) -> None:
    root, server = served
    etag = request(server, "GET", "/province/hue.rss").getheader("ETag")
    (root / "province" / "hue.rss").write_text("<rss version='2.0'/>", "utf-8")
    response = request(server, "GET", "/province/hue.rss", {"If-None-Match": etag})
    assert response.status == 200
    assert response.getheader("ETag") != etag


def test_gzip_when_accepted(served: tuple[Path, FeedServer]) -> None:
    _root, server = served
    response = request(server, "GET", "/all.atom", {"Accept-Encoding": "gzip, deflate"})
    assert response.getheader("Content-Encoding") == "gzip"
    assert gzip.decompress(response.body).startswith(b"<feed>")
    plain = request(server, "GET", "/all.atom")
    assert plain.getheader("Content-Encoding") is None


def test_head_has_headers_but_no_body(served: tuple[Path, FeedServer]) -> None:
    _root, server = served
    response = request(server, "HEAD", "/all.atom")
    assert response.status == 200
    assert int(response.getheader("Content-Length")) > 2000
    assert response.body == b""


@pytest.mark.parametrize("path", ["/missing.atom", "/../secret.txt", "/%2e%2e/secret.txt",
                                  "/province/../../secret.txt"])
def test_missing_and_traversal_are_404(served: tuple[Path, FeedServer], path: str) -> None:
    _root, server = served
    response = request(server, "GET", path)
    assert response.status == 404
    assert b"secret" not in response.body


def test_hidden_files_are_404(served: tuple[Path, FeedServer]) -> None:
    root, server = served
    (root / ".publish-state").write_text("{}", "utf-8")
    (root / "province" / ".hue.rss.tmp").write_text("<rss/>", "utf-8")
    assert request(server, "GET", "/.publish-state").status == 404
    assert request(server, "GET", "/province/%2Ehue.rss.tmp").status == 404


def test_removed_file_is_404_until_it_comes_back(served: tuple[Path, FeedServer]) -> None:
    root, server = served
    assert request(server, "GET", "/province/hue.rss").status == 200
    (root / "province" / "hue.rss").unlink()
    assert request(server, "GET", "/province/hue.rss").status == 404
    (root / "province" / "hue.rss").write_text("<rss version='2.0'/>", "utf-8")
    response = request(server, "GET", "//province/./hue.rss?x=1")
    assert response.status == 200 and response.body == b"<rss version='2.0'/>"


def test_symlink_out_of_the_folder_is_404(served: tuple[Path, FeedServer],
                                          tmp_path: Path) -> None:
    root, server = served
    (root / "leak.atom").symlink_to(tmp_path / "secret.txt")
    response = request(server, "GET", "/leak.atom")
    assert response.status == 404 and b"secret" not in response.body
