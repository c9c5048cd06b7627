"""Download failures named in plain words, and the crawl log kept to one line per record."""

from __future__ import annotations

import logging
import sys

import pytest
from OpenSSL import SSL
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    ResponseDataLossError,
)
from twisted.internet import error as tx_error
from twisted.python.failure import Failure
from twisted.web.client import ResponseNeverReceived

from spiders.failures import OneLineCrawlLog, network_reason


def _wrapped(outer: BaseException, inner: BaseException) -> BaseException:
    outer.__cause__ = inner
    return outer


@pytest.mark.parametrize(("exc", "reason"), [
    (CannotResolveHostError("DNS lookup failed: no results for hostname lookup: x.invalid."),
     "DNS failure"),
    (tx_error.DNSLookupError("x.invalid"), "DNS failure"),
    (DownloadConnectionRefusedError("Connection was refused by other side: 111"),
     "connection refused"),
    (DownloadTimeoutError("Getting http://x/ took longer than 5.0 seconds."), "timeout"),
    (tx_error.TCPTimedOutError(), "timeout"),
    (ResponseNeverReceived([Failure(SSL.Error([("SSL routines", "", "wrong version number")]))]),
     "TLS error"),
    (ResponseDataLossError("Response body lost"), "connection lost (incomplete response)"),
    (_wrapped(RuntimeError("wrapper"), tx_error.ConnectionRefusedError()), "connection refused"),
    (ValueError("not a network failure"), None),
])
def test_network_reason(exc: BaseException, reason: str | None) -> None:
    assert network_reason(exc) == reason


def _record(name: str, exc: BaseException | None, message: str = "Error downloading %s") -> logging.LogRecord:
    exc_info = None
    if exc is not None:
        try:
            raise exc
        except type(exc):
            exc_info = sys.exc_info()
    return logging.LogRecord(name, logging.ERROR, __file__, 1, message, ("<GET http://x/>",),
                             exc_info)


def test_download_failures_of_the_crawl_loggers_are_left_to_the_summary() -> None:
    record = _record("scrapy.downloadermiddlewares.robotstxt", CannotResolveHostError("x"))
    assert not OneLineCrawlLog().filter(record)


def test_other_tracebacks_become_one_line() -> None:
    record = _record("scrapy.core.scraper", KeyError("title"), "Spider error processing %s")
    assert OneLineCrawlLog().filter(record)
    formatted = logging.Formatter("%(message)s").format(record)
    assert formatted == "Spider error processing <GET http://x/> (KeyError: 'title')"
    assert "\n" not in formatted


def test_records_of_other_loggers_pass_untouched() -> None:
    record = _record("aggregator.commands.scheduling", CannotResolveHostError("x"))
    assert OneLineCrawlLog().filter(record) and record.exc_info is not None
