"""Name what went wrong with a download in the words an operator uses, and keep Scrapy's own
reports of it out of the terminal.

A failed request reaches the spider's errback, which records one short line per failure in the
site's counters ("DNS failure for http://…", "HTTP 403 for http://…"); the crawl summary shows
them. Scrapy reports the same failures a second and third time in its log (the retry middleware
"Gave up retrying", the robots.txt middleware "Error downloading" with a full traceback), which
on a day without network is thousands of lines before the summary. The Scrapy settings
(:func:`spiders.settings.scrapy_settings`) send the messages Scrapy lets us pitch to INFO;
:class:`OneLineCrawlLog` drops the robots.txt middleware's download errors (no setting controls
them) and turns any other exception record of the crawl loggers into one line.
``aggregator --verbose`` skips both and shows everything.
"""

from __future__ import annotations

import logging

from OpenSSL import SSL
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    ResponseDataLossError,
)
from twisted.internet import error as tx_error
from twisted.web.client import ResponseFailed, ResponseNeverReceived

CRAWL_LOGGERS = ("scrapy", "twisted", "py.warnings")
"""Loggers of the crawl machinery (all of Scrapy's and Twisted's are below these names)."""

# (exception types, reason), first match wins. Scrapy >= 2.13 wraps Twisted's connection errors
# in its own types; Twisted's are listed too, for the paths that do not wrap them.
_REASONS: tuple[tuple[tuple[type[BaseException], ...], str], ...] = (
    ((CannotResolveHostError, tx_error.DNSLookupError), "DNS failure"),
    ((DownloadConnectionRefusedError, tx_error.ConnectionRefusedError), "connection refused"),
    ((DownloadTimeoutError, tx_error.TimeoutError, tx_error.TCPTimedOutError), "timeout"),
    ((SSL.Error,), "TLS error"),
    ((ResponseDataLossError,), "connection lost (incomplete response)"),
    ((tx_error.NoRouteError,), "no route to host"),
    ((tx_error.ConnectionLost, tx_error.ConnectionDone), "connection lost"),
    ((tx_error.ConnectError,), "connection failed"),
)
_NETWORK_ERRORS: tuple[type[BaseException], ...] = (
    *(t for types, _ in _REASONS for t in types), DownloadFailedError, ResponseFailed,
    ResponseNeverReceived,
)


def _causes(exc: BaseException) -> list[BaseException]:
    """``exc``, then what it wraps: ``__cause__`` chains and Twisted's lists of failures
    (a TLS handshake failure is a ResponseNeverReceived holding an SSL.Error)."""
    found: list[BaseException] = []
    todo = [exc]
    while todo and len(found) < 20:
        current = todo.pop(0)
        found.append(current)
        if current.__cause__ is not None:
            todo.append(current.__cause__)
        for reason in getattr(current, "reasons", None) or ():
            if isinstance(getattr(reason, "value", None), BaseException):
                todo.append(reason.value)
    return found


def network_reason(exc: BaseException) -> str | None:
    """A short reason ("DNS failure", "connection refused", "timeout", "TLS error", ...) when
    ``exc`` is a failure to reach the site or to receive its answer, else None."""
    causes = _causes(exc)
    for types, reason in _REASONS:
        if any(isinstance(cause, types) for cause in causes):
            return reason
    text = " ".join(str(cause) for cause in causes)
    if "SSL" in text or "certificate" in text.lower():
        return "TLS error"
    if isinstance(exc, (DownloadFailedError, ResponseNeverReceived)):
        return "connection lost"
    return None


def is_network_failure(exc: BaseException) -> bool:
    return isinstance(exc, _NETWORK_ERRORS) or network_reason(exc) is not None


class OneLineCrawlLog(logging.Filter):
    """A handler filter for a quiet terminal: crawl-logger records about a download failure are
    dropped (the spider's errback has recorded it for the summary), and any other record of the
    crawl loggers that carries a traceback becomes one line ``message (ExceptionType: text)``.
    Records of other loggers pass untouched."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith(CRAWL_LOGGERS):
            return True
        exc = record.exc_info[1] if record.exc_info else None
        if exc is not None and is_network_failure(exc):
            return False
        message = record.getMessage()
        lines = message.splitlines() or [""]
        if exc is None and len(lines) == 1:
            return True
        first = lines[0]
        if exc is not None:
            detail = str(exc).splitlines()[0] if str(exc) else ""
            first = f"{first} ({type(exc).__name__}{': ' + detail if detail else ''})"
        elif "Traceback" in message:
            first = f"{first} ({lines[-1].strip()})"
        record.msg, record.args = first, None
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True
