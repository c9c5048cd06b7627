"""Serve the bundled sample sites on loopback, one origin per site, for tests and ``demo``.

Each folder under the root (``aggregator/data/sample_sites/<site-id>/``) is one site and gets its own
``ThreadingHTTPServer`` on an ephemeral 127.0.0.1 port, so every site has its own origin and
therefore its own ``robots.txt``, exactly as the crawler meets real sites.

How a URL path maps to a file:

- ``/a/b.html`` -> ``<site>/a/b.html``; a path ending in ``/`` -> ``<dir>/index.html``; a
  directory requested without the slash is redirected (301) to the slashed URL, as WordPress
  and most servers do. The query string is ignored.
- Each path segment is percent-decoded to *bytes*, then re-encoded with ``urllib.parse.quote``
  (upper-case hex, RFC 3986 sub-delimiters kept literal); the result is the on-disk name. So a
  plain ASCII slug is stored as itself, while a slug with non-ASCII bytes is stored under its
  percent-encoded form: the NFD slug requested as ``/ho%cc%a3i-nghi%CC%A3/`` lives in the folder
  ``ho%CC%A3i-nghi%CC%A3/``. Fixture file names stay ASCII (safe in git on every OS), and only a
  request carrying the very same bytes finds the file: an NFC spelling of that slug is a 404,
  as on the real site.
- ``.``/``..`` segments, NUL or backslash in a segment, hidden files, and the bookkeeping files
  ``site.toml``, ``expected.json`` and ``_headers.json`` are never served (404).

Every served body has the placeholder ``__BASE__`` replaced (bytes-level, so pages in
windows-1258 work too) by the site's base URL. ``<site>/_headers.json`` optionally overrides the
response per URL path (keys in the on-disk form described above)::

    {"/old-page.html": {"Content-Type": "text/html; charset=windows-1258"},
     "/feed/": {"status": 404}}

``status`` sets the status code (a file is not needed then); other keys are response headers,
``__BASE__`` is replaced in their values too. 200 responses carry ``ETag`` and
``Last-Modified`` and answer conditional requests with 304, so incremental crawling can be
tested. The servers are silent: no log lines on stderr. ``request_log`` and ``response_log``
record every request and response, so tests and benchmarks can count what a crawl cost.
"""

from __future__ import annotations

import hashlib
import json
import logging
import mimetypes
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import quote, unquote_to_bytes, urlsplit

log = logging.getLogger("aggregator.sample_sites")

PLACEHOLDER = b"__BASE__"
SITE_ENTRY_FILE = "site.toml"
HEADERS_FILE = "_headers.json"
PRIVATE_FILES = frozenset({SITE_ENTRY_FILE, "expected.json", HEADERS_FILE})

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
}
# Literal in on-disk names: RFC 3986 sub-delimiters plus ":" and "@" (valid in a path segment).
_SEGMENT_SAFE = "!$&'()*+,;=:@"
# Idle keep-alive connections are dropped after this, so no handler thread lingers for long.
_IDLE_SECONDS = 15


@dataclass(frozen=True, slots=True)
class Served:
    """One response a sample site sent."""

    site: str
    path: str
    """The request path as received."""
    status: int
    body_bytes: int
    """Body bytes sent: 0 for a 304 or a HEAD request."""


def default_sample_root() -> Path:
    """``aggregator/data/sample_sites``: package data, so ``aggregator demo`` works from an
    installed package as from a checkout (the tests serve the same folder)."""
    return Path(__file__).resolve().parent / "data" / "sample_sites"


class _Site:
    """One site folder with its base URL and per-path response overrides."""

    def __init__(self, name: str, folder: Path) -> None:
        self.name = name
        self.folder = folder.resolve()
        self.base_url = ""
        self.overrides: dict[str, dict[str, Any]] = {}
        headers_file = folder / HEADERS_FILE
        if headers_file.is_file():
            self.overrides = json.loads(headers_file.read_text("utf-8"))

    def substitute(self, data: bytes) -> bytes:
        return data.replace(PLACEHOLDER, self.base_url.encode("ascii"))


def _disk_segments(url_path: str) -> list[str] | None:
    """On-disk names of the path's segments, or None when the path tries to escape."""
    segments = []
    for raw in url_path.split("/"):
        decoded = unquote_to_bytes(raw)
        if decoded in (b"", b"."):
            continue
        if decoded == b".." or b"\x00" in decoded or b"\\" in decoded or b"/" in decoded:
            return None
        segments.append(quote(decoded, safe=_SEGMENT_SAFE))
    return segments


def _not_modified(headers: Any, etag: str, mtime: float) -> bool:
    if_none_match = headers.get("If-None-Match")
    if if_none_match:
        tags = [tag.strip() for tag in if_none_match.split(",")]
        return "*" in tags or etag in tags or f"W/{etag}" in tags
    if_modified_since = headers.get("If-Modified-Since")
    if if_modified_since:
        try:
            return int(mtime) <= parsedate_to_datetime(if_modified_since).timestamp()
        except (TypeError, ValueError):
            return False
    return False


class _SiteRequestHandler(BaseHTTPRequestHandler):
    server: _SiteServer
    server_version = "SampleSite/1.0"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    timeout = _IDLE_SECONDS

    def do_GET(self) -> None:
        self._respond(include_body=True)

    def do_HEAD(self) -> None:
        self._respond(include_body=False)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.server.site.name, format % args)

    def _respond(self, *, include_body: bool) -> None:
        site = self.server.site
        self.server.record(self.path)
        url_path = urlsplit(self.path).path or "/"
        segments = _disk_segments(url_path)
        if segments is None:
            self._plain(HTTPStatus.NOT_FOUND, {}, include_body)
            return
        key = "/" + "/".join(segments) + ("/" if url_path.endswith("/") and segments else "")
        override = dict(site.overrides.get(key, {}))
        status = int(override.pop("status", HTTPStatus.OK))
        headers = {name: site.substitute(str(value).encode("utf-8")).decode("utf-8")
                   for name, value in override.items()}
        target = site.folder.joinpath(*segments)
        if target.is_dir() and segments and not url_path.endswith("/"):
            location = f"{site.base_url}{url_path}/"
            self._plain(HTTPStatus.MOVED_PERMANENTLY, {"Location": location, **headers},
                        include_body)
            return
        if target.is_dir():
            target = target / "index.html"
        file = self._servable(target)
        if file is None:
            self._plain(HTTPStatus(status if status != HTTPStatus.OK else HTTPStatus.NOT_FOUND),
                        headers, include_body)
            return
        body = site.substitute(file.read_bytes())
        mtime = file.stat().st_mtime
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        validators = {"ETag": etag, "Last-Modified": formatdate(mtime, usegmt=True)}
        if status == HTTPStatus.OK and _not_modified(self.headers, etag, mtime):
            self._send(HTTPStatus.NOT_MODIFIED, validators, b"", include_body=False)
            return
        content_type = CONTENT_TYPES.get(file.suffix.lower()) or (
            mimetypes.guess_type(file.name)[0] or "application/octet-stream")
        self._send(HTTPStatus(status), {"Content-Type": content_type, **validators, **headers},
                   body, include_body=include_body)

    def _servable(self, target: Path) -> Path | None:
        """The file to serve, or None if missing, private, hidden or outside the site."""
        if target.name in PRIVATE_FILES or target.name.startswith("."):
            return None
        try:
            resolved = target.resolve()
            resolved.relative_to(self.server.site.folder)
        except (OSError, ValueError):
            return None
        return resolved if resolved.is_file() else None

    def _plain(self, status: HTTPStatus, headers: dict[str, str], include_body: bool) -> None:
        body = f"{status.value} {status.phrase}\n".encode("ascii")
        self._send(status, {"Content-Type": "text/plain; charset=utf-8", **headers}, body,
                   include_body=include_body)

    def _send(self, status: HTTPStatus, headers: dict[str, str], body: bytes, *,
              include_body: bool) -> None:
        # Logged before sending, so a client that has its response finds it in the log.
        self.server.owner._served(Served(self.server.site.name, self.path, int(status),
                                         len(body) if include_body else 0))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if status != HTTPStatus.NOT_MODIFIED:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if include_body:
            self.wfile.write(body)


class _SiteServer(ThreadingHTTPServer):
    daemon_threads = True
    # The default listen backlog of 5 makes the kernel drop connections when a crawl opens
    # many at once (benchmarks run without per-domain limits), turning seconds into minutes.
    request_queue_size = 1024

    def __init__(self, site: _Site, host: str, owner: SampleSites) -> None:
        self.site = site
        self.owner = owner
        super().__init__((host, 0), _SiteRequestHandler)

    def record(self, path: str) -> None:
        self.owner._record(self.site.name, path)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients (crawlers, tests) hang up mid-response; that is not worth a traceback.
        log.debug("%s: error serving %s", self.site.name, client_address, exc_info=True)


class SampleSites:
    """Serve every site folder under ``root`` on its own 127.0.0.1 port (own origin => own
    robots.txt). Use as a context manager; ``only`` restricts which site folders are served."""

    def __init__(self, root: Path, *, host: str = "127.0.0.1",
                 only: Iterable[str] | None = None) -> None:
        self.root = Path(root)
        self.host = host
        available = sorted(p.name for p in self.root.iterdir()
                           if p.is_dir() and not p.name.startswith((".", "_")))
        names = available if only is None else list(dict.fromkeys(only))
        unknown = [name for name in names if name not in available]
        if unknown:
            raise ValueError(f"no sample site folder {', '.join(unknown)} under {self.root} "
                             f"(have: {', '.join(available)})")
        self._sites = [_Site(name, self.root / name) for name in names]
        self._servers: list[_SiteServer] = []
        self._lock = threading.Lock()
        self.base_urls: dict[str, str] = {}
        self.request_log: list[tuple[str, str]] = []
        """(site, request path as received) of every request, in arrival order."""
        self.response_log: list[Served] = []
        """Every response sent, in order; read it with :meth:`take_responses` while serving."""

    def __enter__(self) -> SampleSites:
        try:
            for site in self._sites:
                server = _SiteServer(site, self.host, self)
                host = f"[{self.host}]" if ":" in self.host else self.host
                site.base_url = f"http://{host}:{server.server_address[1]}"
                self.base_urls[site.name] = site.base_url
                threading.Thread(target=server.serve_forever, name=f"sample-site-{site.name}",
                                 daemon=True).start()
                # Only a running server may be shut down (shutdown() waits for the loop).
                self._servers.append(server)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()
        self._servers.clear()

    def site_entries_toml(self) -> str:
        """The ``[[sites]]`` TOML of every served site that has a ``site.toml``, with
        ``__BASE__`` replaced by its base URL; ready to append to a config file."""
        if not self.base_urls:
            raise RuntimeError("SampleSites is not started; use it as a context manager")
        parts = []
        for site in self._sites:
            entry = site.folder / SITE_ENTRY_FILE
            if entry.is_file():
                parts.append(site.substitute(entry.read_bytes()).decode("utf-8").strip() + "\n")
        return "\n".join(parts)

    def take_responses(self) -> list[Served]:
        """The responses logged so far, emptying the log: one crawl's worth at a time."""
        with self._lock:
            taken, self.response_log = self.response_log, []
        return taken

    def _record(self, site: str, path: str) -> None:
        with self._lock:
            self.request_log.append((site, path))

    def _served(self, served: Served) -> None:
        with self._lock:
            self.response_log.append(served)
