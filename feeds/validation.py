"""Check a generated document before it may replace the published one.

A bug or an unforeseen character must never turn a good feed into one that readers reject, so
every document is parsed first: XML strictly (no DTD, no entity expansion, no network: the
document is our own output, there is nothing to fetch), JSON with ``json.loads``.
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath

from lxml import etree

from aggregator.errors import AggregatorError
from feeds.jsonfeed import JSON_FEED_VERSION

_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                              dtd_validation=False)

_XML_ROOTS = {
    ".atom": "{http://www.w3.org/2005/Atom}feed",
    ".rss": "rss",
    ".opml": "opml",
    ".html": "html",
}
"""Expected root element per file type (``index.html`` is written as well-formed XML)."""


class FeedValidationError(AggregatorError):
    """A generated document is invalid; the published file it would replace was kept."""

    def __init__(self, relpath: str, problem: str) -> None:
        self.relpath, self.problem = relpath, problem
        super().__init__(f"{relpath}: generated document is invalid ({problem}); "
                         "the published file was left unchanged")

    def __reduce__(self) -> tuple[type[FeedValidationError], tuple[str, str]]:
        """Pickled by its two arguments: it crosses from the rendering worker."""
        return type(self), (self.relpath, self.problem)


def check_document(relpath: str, data: bytes) -> None:
    """Raise :class:`FeedValidationError` unless ``data`` is a well-formed ``relpath``."""
    suffix = PurePosixPath(relpath).suffix
    if suffix == ".json":
        _check_json_feed(relpath, data)
        return
    expected = _XML_ROOTS.get(suffix)
    if expected is None:
        raise FeedValidationError(relpath, f"unknown document type {suffix!r}")
    try:
        root = etree.fromstring(data, _XML_PARSER)
    except etree.XMLSyntaxError as exc:
        raise FeedValidationError(relpath, f"not well-formed XML: {exc}") from None
    if root.tag != expected:
        raise FeedValidationError(relpath, f"root element is {root.tag!r}, not {expected!r}")


def _check_json_feed(relpath: str, data: bytes) -> None:
    try:
        document = json.loads(data)
    except ValueError as exc:
        raise FeedValidationError(relpath, f"not valid JSON: {exc}") from None
    if not isinstance(document, dict) or document.get("version") != JSON_FEED_VERSION:
        raise FeedValidationError(relpath, f"not a JSON Feed (version {JSON_FEED_VERSION})")
    if not isinstance(document.get("items"), list):
        raise FeedValidationError(relpath, "JSON Feed has no items list")
