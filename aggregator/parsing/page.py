"""One parsed page: decoded once, parsed once into an lxml tree shared by every extraction step.

Decoding follows the declared charset (HTTP header, then ``<meta charset>``), falls back to
UTF-8/Windows-1258 detection, and normalises to NFC, because Windows-1258 decodes to a base
letter plus a combining tone mark.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import lxml.html
from lxml.etree import ParserError, _Element
from w3lib.encoding import html_to_unicode

from aggregator.errors import NotAnArticle

_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True,
                               huge_tree=False)


def decode_html(raw: bytes, *, content_type: str | None = None) -> str:
    """Bytes -> NFC text using the HTTP and in-page charset declarations."""
    _encoding, text = html_to_unicode(content_type, raw, default_encoding="utf-8")
    return unicodedata.normalize("NFC", text)


@dataclass
class Page:
    """A fetched HTML page with lazily computed structured metadata."""

    url: str
    html: str
    tree: _Element = field(init=False)

    def __post_init__(self) -> None:
        text = unicodedata.normalize("NFC", self.html).strip()
        if not text:
            raise NotAnArticle(f"{self.url}: empty page")
        try:
            self.tree = lxml.html.document_fromstring(text, parser=_PARSER)
        except (ParserError, ValueError) as exc:
            raise NotAnArticle(f"{self.url}: not parseable as HTML ({exc})") from None

    def select(self, css: str) -> list[_Element]:
        """CSS selection over the whole page (invalid selectors select nothing)."""
        try:
            return list(self.tree.cssselect(css))
        except Exception:  # cssselect raises several types for bad user selectors
            return []

    def select_one(self, css: str) -> _Element | None:
        found = self.select(css)
        return found[0] if found else None

    def meta(self, *names: str) -> str | None:
        """First non-empty ``<meta property|name|itemprop=...>`` content among ``names``."""
        for name in names:
            for element in self.tree.iterfind(".//meta"):
                key = element.get("property") or element.get("name") or element.get("itemprop")
                if key and key.lower() == name:
                    content = (element.get("content") or "").strip()
                    if content:
                        return content
        return None

    def link_href(self, rel: str) -> str | None:
        for element in self.tree.iterfind(".//link"):
            if rel in (element.get("rel") or "").lower().split() and element.get("href"):
                return element.get("href", "").strip()
        return None

    @cached_property
    def json_ld(self) -> list[dict[str, Any]]:
        """Every JSON-LD object on the page, flattened out of lists and ``@graph``."""
        objects: list[dict[str, Any]] = []
        for script in self.tree.iterfind(".//script"):
            if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
                continue
            try:
                data = json.loads(script.text, strict=False)
            except ValueError:
                continue
            objects.extend(_flatten_ld(data))
        return objects

    def news_article_ld(self) -> dict[str, Any] | None:
        """The first JSON-LD object typed as an article."""
        for obj in self.json_ld:
            types = obj.get("@type")
            names = types if isinstance(types, list) else [types]
            if any((isinstance(t, str) and t.endswith("Article")) or t == "Report" for t in names):
                return obj
        return None


def _flatten_ld(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _flatten_ld(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _flatten_ld(data["@graph"])
