"""Scripted HTTP servers on 127.0.0.1 for tests whose pages are made up in Python.

Fixture site folders are served by ``aggregator.sample_sites.SampleSites``; a test that needs
answers a folder cannot give (429s with Retry-After, slow pages, thousands of generated
articles, a 403 to every request) writes a handler on :class:`QuietHandler` and serves it with
:class:`LoopbackServer`, so the start/stop and response plumbing is written once.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self


class QuietHandler(BaseHTTPRequestHandler):
    """A request handler that keeps the test output clean and sends whole bodies in one call."""

    def send_body(self, status: int, body: bytes, content_type: str,
                  headers: Mapping[str, str] | None = None) -> None:
        """Answer ``status`` with ``body`` (and its Content-Length) plus any extra ``headers``."""
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        """Silence the per-request stderr line: crawls make hundreds of requests."""


class LoopbackServer(ThreadingHTTPServer):
    """``handler`` on a free 127.0.0.1 port, serving in a daemon thread inside a ``with`` block.

    Handler threads are daemons so a crawler hanging up mid-response never holds up the test;
    leaving the block stops serving and frees the port.
    """

    daemon_threads = True

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.server_address[1]}"
        """The site's address without a trailing slash."""
        self.lock = threading.Lock()
        """Guards whatever the handler records on the server (requests are served in threads)."""

    def __enter__(self) -> Self:
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.shutdown()
        self.server_close()
