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


@pytest.mark.parametrize(("accept", "gzipped"), [
    ("gzip", True), ("gzip;q=0", False), ("gzip; q=0.0, deflate", False),
    ("identity;q=1, gzip;q=0.5", False), ("gzip;q=0.5, identity;q=0.4", True),
    ("*", True), ("*;q=0, identity", False), ("x-gzip", True), ("br", False),
    ("gzip;q=banana", False), ("", False), ("GZIP;Q=1", True),
])
def test_accept_encoding_q_values_choose_the_body(served: tuple[Path, FeedServer], accept: str,
                                                   gzipped: bool) -> None:
    _root, server = served
    response = request(server, "GET", "/all.atom", {"Accept-Encoding": accept})
    assert (response.getheader("Content-Encoding") == "gzip") is gzipped, accept
    body = gzip.decompress(response.body) if gzipped else response.body
    assert body.startswith(b"<feed>")


def test_gzip_and_plain_bodies_have_their_own_etags(served: tuple[Path, FeedServer]) -> None:
    _root, server = served
    packed = request(server, "GET", "/all.atom", {"Accept-Encoding": "gzip"})
    plain = request(server, "GET", "/all.atom", {"Accept-Encoding": "identity"})
    packed_tag, plain_tag = packed.getheader("ETag"), plain.getheader("ETag")
    assert packed_tag and plain_tag and packed_tag != plain_tag
    assert packed_tag.startswith('"') and packed_tag.endswith('"')
    # Either tag shows the client holds the current content; the 304 names the selected one.
    for tag in (packed_tag, plain_tag, f"W/{plain_tag}"):
        not_modified = request(server, "GET", "/all.atom", {"Accept-Encoding": "gzip",
                                                            "If-None-Match": tag})
        assert not_modified.status == 304 and not_modified.getheader("ETag") == packed_tag
    assert request(server, "GET", "/all.atom", {"If-None-Match": packed_tag}).getheader(
        "ETag") == plain_tag


def test_a_gzip_etag_of_an_older_file_gets_the_new_one(served: tuple[Path, FeedServer]) -> None:
    root, server = served
    old = request(server, "GET", "/all.atom", {"Accept-Encoding": "gzip"}).getheader("ETag")
    (root / "all.atom").write_text("<feed>" + "y" * 2000 + "</feed>", "utf-8")
    fresh = request(server, "GET", "/all.atom", {"Accept-Encoding": "gzip",
                                                 "If-None-Match": old})
    assert fresh.status == 200 and gzip.decompress(fresh.body).startswith(b"<feed>y")
    assert fresh.getheader("ETag") not in (old, None)


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND"])
def test_other_methods_get_405_with_allow(served: tuple[Path, FeedServer], method: str) -> None:
    _root, server = served
    response = request(server, method, "/all.atom")
    assert response.status == 405
    assert response.getheader("Allow") == "GET, HEAD"
    assert response.getheader("Content-Type") == "text/plain; charset=utf-8"
    assert b"<html" not in response.body.lower()


def test_a_refused_post_with_a_body_does_not_poison_the_connection(
        served: tuple[Path, FeedServer]) -> None:
    _root, server = served
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=5)
    connection.request("POST", "/all.atom", body=b"GET /all.atom HTTP/1.1\r\n\r\n")
    refused = connection.getresponse()
    refused.read()
    assert refused.status == 405 and refused.getheader("Connection") == "close"
    connection.close()
    assert request(server, "GET", "/all.atom").status == 200
