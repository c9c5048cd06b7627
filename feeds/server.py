"""Serve the published folder over HTTP, cheap to poll: ETag, Last-Modified, 304, gzip.

Feed readers poll every few minutes; a conditional GET answered with an empty 304 costs the
server almost nothing. The gzip and the plain body of a file are two representations (RFC 9110):
each has its own ETag, and ``Accept-Encoding`` q-values choose between them (``gzip;q=0``
refuses gzip). The folder is read-only over HTTP: other methods than GET and HEAD get 405 with
``Allow``. Files are replaced atomically by the publisher, so a request sees either
the old or the new file, never half of one. For production, nginx serving the same folder does
the same job (see the README).
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import logging
import mimetypes
import posixpath
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:
    from feeds.search_pages import SearchResponse

log = logging.getLogger("aggregator.serve")

CONTENT_TYPES = {
    ".atom": "application/atom+xml; charset=utf-8",
    ".rss": "application/rss+xml; charset=utf-8",
    ".json": "application/feed+json; charset=utf-8",
    ".opml": "text/x-opml; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".png": "image/png",
}
# Small files are not worth compressing; everything we publish is text and compresses ~5x.
_GZIP_MIN_BYTES = 512
_CACHE_SECONDS = 300


ALLOWED_METHODS = ("GET", "HEAD")


@dataclass(frozen=True, slots=True)
class _Entity:
    body: bytes
    gzipped: bytes | None
    etag: str
    """Of the plain body; the gzip body's is :attr:`gzip_etag`."""
    mtime: float
    content_type: str

    @property
    def gzip_etag(self) -> str:
        return self.etag[:-1] + '-gzip"'


class _EntityCache:
    """File bytes, their gzip form and ETag per URL, checked against the file's (mtime, size).

    A URL is resolved (symlinks followed, checked to stay under the root) the first time it is
    asked for; afterwards a request costs one ``stat``. Resolving costs a syscall per path
    component, which under 50 parallel pollers was most of the server's time. The folder is
    written by the publisher only, so a resolution stays valid until its file disappears.
    """

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._lock = threading.Lock()
        self._entries: dict[tuple[str, ...], tuple[Path, tuple[float, int], _Entity]] = {}

    def get(self, url_path: str) -> _Entity | None:
        """The entity served at ``url_path``; None when there is no such file."""
        parts = url_parts(url_path)
        with self._lock:
            cached = self._entries.get(parts)
        path = cached[0] if cached else resolve_path(self.root, parts)
        if path is None:
            return None
        try:
            stat = path.stat()
            key = (stat.st_mtime, stat.st_size)
            if cached and cached[1] == key:
                return cached[2]
            entity = _load(path, stat.st_mtime)
        except OSError:
            with self._lock:
                self._entries.pop(parts, None)
            return None
        with self._lock:
            self._entries[parts] = (path, key, entity)
        return entity


def _load(path: Path, mtime: float) -> _Entity:
    body = path.read_bytes()
    content_type = CONTENT_TYPES.get(path.suffix.lower()) or (
        mimetypes.guess_type(path.name)[0] or "application/octet-stream")
    gzipped = (gzip.compress(body, compresslevel=6, mtime=0)
               if len(body) >= _GZIP_MIN_BYTES and not content_type.startswith("image/")
               else None)
    return _Entity(body=body, gzipped=gzipped,
                   etag='"' + hashlib.sha256(body).hexdigest()[:32] + '"',
                   mtime=mtime, content_type=content_type)


def url_parts(url_path: str) -> tuple[str, ...]:
    """The path segments of a request target, decoded, with ``.``/``..`` and empties dropped."""
    path = posixpath.normpath(unquote(urlsplit(url_path).path))
    return tuple(p for p in path.split("/") if p and p not in (".", ".."))


def resolve_path(root: Path, parts: tuple[str, ...]) -> Path | None:
    """The file under (resolved) ``root`` at ``parts``; None for anything outside it, missing,
    or hidden (the publisher's state file)."""
    try:
        resolved = root.joinpath(*parts).resolve()
        resolved.relative_to(root)
    except (OSError, ValueError):
        return None
    if resolved.is_dir():
        resolved = resolved / "index.html"
    if not resolved.is_file() or resolved.name.startswith("."):
        return None
    return resolved


def accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether the gzip body is the one to send, by the header's q-values (RFC 9110 12.5.3).

    gzip's weight is that of ``gzip`` (or ``x-gzip``), else of ``*``, else 0; the plain body's
    is that of ``identity``, else of ``*``, else 1. gzip wins a tie (it is the smaller body).
    """
    weights: dict[str, float] = {}
    for part in (accept_encoding or "").lower().split(","):
        coding, *params = (piece.strip() for piece in part.split(";"))
        if coding:
            weights[coding] = _quality(params)
    gzip_q = weights.get("gzip", weights.get("x-gzip", weights.get("*", 0.0)))
    identity_q = weights.get("identity", weights.get("*", 1.0))
    return gzip_q > 0 and gzip_q >= identity_q


def _quality(params: list[str]) -> float:
    """The ``q`` parameter of one Accept-Encoding element (1 when absent, 0 when garbled)."""
    for param in params:
        name, _, value = param.partition("=")
        if name.strip() == "q":
            try:
                return min(max(float(value), 0.0), 1.0)
            except ValueError:
                return 0.0
    return 1.0


def _not_modified(headers: object, entity: _Entity) -> bool:
    """Whether the request's validators show the client has the file's current content.

    A tag of either representation counts: a reader that stored the plain body and now asks
    for gzip holds current content all the same, and a 304 costs nothing to send.
    """
    if_none_match = headers.get("If-None-Match")  # type: ignore[attr-defined]
    if if_none_match:
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return bool(tags & {"*", entity.etag, entity.gzip_etag})
    if_modified_since = headers.get("If-Modified-Since")  # type: ignore[attr-defined]
    if if_modified_since:
        try:
            since = parsedate_to_datetime(if_modified_since).timestamp()
        except (TypeError, ValueError):
            return False
        return int(entity.mtime) <= since
    return False


DynamicPages = Callable[[str], "SearchResponse | None"]
"""Answers some request targets from outside the folder (``/search``, see
``search_pages.py``): a response, or None for targets it does not serve."""


def _dynamic_entity(response: SearchResponse) -> _Entity:
    """A generated body as an entity: ETag from its bytes, so conditional requests work as
    for files; Last-Modified is the time of the request (the body has no file)."""
    gzipped = gzip.compress(response.body, compresslevel=6, mtime=0) \
        if len(response.body) >= _GZIP_MIN_BYTES else None
    return _Entity(body=response.body, gzipped=gzipped,
                   etag='"' + hashlib.sha256(response.body).hexdigest()[:32] + '"',
                   mtime=time.time(), content_type=response.content_type)


def make_handler(cache: _EntityCache,
                 dynamic: DynamicPages | None = None) -> type[BaseHTTPRequestHandler]:
    class FeedRequestHandler(BaseHTTPRequestHandler):
        server_version = "vn-news-aggregator"
        sys_version = ""
        protocol_version = "HTTP/1.1"

        def parse_request(self) -> bool:
            """Refuse other methods with 405 before any ``do_<METHOD>`` is looked up (the
            base class would answer 501 with its HTML error page)."""
            if not super().parse_request():
                return False
            if self.command in ALLOWED_METHODS:
                return True
            # A request body may follow, unread: this connection cannot carry another request.
            self.close_connection = True
            self._plain(HTTPStatus.METHOD_NOT_ALLOWED, b"method not allowed\n", True,
                        {"Allow": ", ".join(ALLOWED_METHODS), "Connection": "close"})
            return False

        def do_GET(self) -> None:
            self._respond(include_body=True)

        def do_HEAD(self) -> None:
            self._respond(include_body=False)

        def _respond(self, *, include_body: bool) -> None:
            response = dynamic(self.path) if dynamic is not None else None
            if response is not None and response.status != HTTPStatus.OK:
                self.send_response(response.status)
                self.send_header("Content-Type", response.content_type)
                self.send_header("Content-Length", str(len(response.body)))
                self.end_headers()
                if include_body:
                    self.wfile.write(response.body)
                return
            entity = _dynamic_entity(response) if response is not None else cache.get(self.path)
            if entity is None:
                self._plain(HTTPStatus.NOT_FOUND, b"not found\n", include_body)
                return
            gzipped = (entity.gzipped is not None
                       and accepts_gzip(self.headers.get("Accept-Encoding")))
            etag = entity.gzip_etag if gzipped else entity.etag
            common = {
                "ETag": etag,
                "Last-Modified": formatdate(entity.mtime, usegmt=True),
                "Cache-Control": f"public, max-age={_CACHE_SECONDS}",
                "Vary": "Accept-Encoding",
            }
            if _not_modified(self.headers, entity):
                self.send_response(HTTPStatus.NOT_MODIFIED)
                for key, value in common.items():
                    self.send_header(key, value)
                self.end_headers()
                return
            body = entity.gzipped if gzipped and entity.gzipped is not None else entity.body
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", entity.content_type)
            self.send_header("Content-Length", str(len(body)))
            if gzipped:
                self.send_header("Content-Encoding", "gzip")
            for key, value in common.items():
                self.send_header(key, value)
            self.end_headers()
            if include_body:
                self.wfile.write(body)

        def _plain(self, status: HTTPStatus, body: bytes, include_body: bool,
                   headers: Mapping[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            if include_body:
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            log.info("%s %s", self.address_string(), format % args)

    return FeedRequestHandler


class FeedServer(ThreadingHTTPServer):
    """A threading HTTP server over ``root``; ``port=0`` picks a free port."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(self, root: Path, host: str = "127.0.0.1", port: int = 8080,
                 dynamic: DynamicPages | None = None) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        super().__init__((host, port), make_handler(_EntityCache(self.root), dynamic))

    @property
    def url(self) -> str:
        host, port = self.socket.getsockname()[:2]
        return f"http://{host}:{port}/"


def serve(root: Path, host: str, port: int, dynamic: DynamicPages | None = None) -> None:
    """Serve until interrupted."""
    with FeedServer(root, host, port, dynamic) as server:
        print(f"serving {root} at {server.url} (Ctrl-C to stop)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
