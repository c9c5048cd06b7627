"""The gold set: saved article pages with hand-checked expectations, and how they are scored.

A gold case is two files side by side: ``<case>.html`` (the page's bytes exactly as served) and
``<case>.json`` (what a person reading the page says the article is). The JSON holds the URL
and site entry the page is parsed with, the expected ``title``, ``published`` (ISO 8601 with
its offset, to the minute), ``lead``, ``authors``, ``provinces`` (the site's own first, then
in order of first mention), the full ``body_text`` (paragraphs separated by a blank line, as
:attr:`aggregator.schema.Article.body_text`), ``body_contains`` and ``body_excludes``
(boilerplate that must never reach the body), and optionally ``content_type`` (the HTTP header
the page came with) and ``now`` (the fetch time relative dates are read against).
A page that is *not* an article (a category or listing page, which the parser must refuse)
has instead a ``not_an_article`` key whose value says what the page is; its JSON holds only
``url``, ``site``, that key and an optional ``note``.
A case written by ``aggregator extract --snapshot`` also has a ``todo`` key: its values come
from our own parser, so the golden tests refuse it until a person has checked every field
against the page, filled ``body_excludes`` and deleted the key.

The golden tests, ``bench/extraction.py`` and ``aggregator extract --snapshot`` all go through
this module, so the format has one definition.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from aggregator import dates
from aggregator.parsing.extract import parse_article
from aggregator.parsing.page import decode_html
from aggregator.registry import SiteEntry, parse_site_entry
from aggregator.schema import Article

TODO_KEY = "todo"
NOT_AN_ARTICLE_KEY = "not_an_article"
_TODO = ("prefilled by `aggregator extract --snapshot` from our own parser: check every field "
         "against the page (title, published, lead, authors, provinces, body_text), list the "
         "page's boilerplate in body_excludes, then delete this key")

# Relative stamps ("3 ngày ago") in gold pages are read against this fixed fetch time, so a
# case means the same thing on every run.
DEFAULT_NOW = datetime(2026, 11, 22, 12, 0, tzinfo=timezone(timedelta(hours=7)))

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class GoldCase:
    """One gold page: ``shape`` is its folder (the page shape it follows), ``name`` its stem."""

    html_path: Path
    shape: str
    name: str
    expected: dict[str, Any]

    @property
    def case_id(self) -> str:
        return f"{self.shape}/{self.name}"

    @property
    def is_article(self) -> bool:
        """False for a listing/category page the parser must refuse (``not_an_article``)."""
        return NOT_AN_ARTICLE_KEY not in self.expected

    @property
    def url(self) -> str:
        return str(self.expected["url"])

    @property
    def content_type(self) -> str | None:
        return self.expected.get("content_type")

    @property
    def now(self) -> datetime:
        raw = self.expected.get("now")
        return datetime.fromisoformat(raw) if raw else DEFAULT_NOW

    @cached_property
    def site(self) -> SiteEntry | None:
        raw = self.expected.get("site")
        return parse_site_entry(raw, source=str(self.html_path.with_suffix(".json")), index=0) \
            if raw else None

    def raw(self) -> bytes:
        return self.html_path.read_bytes()

    def parse(self) -> Article:
        """The page as the crawler parses it: decoded with its charset header, with its site
        entry, at the case's "now"; raises ``NotAnArticle`` for a listing."""
        return parse_article(self.url, decode_html(self.raw(), content_type=self.content_type),
                             self.site, now=self.now)


def load_gold_set(root: Path) -> list[GoldCase]:
    """Every ``<shape>/<case>.json`` under ``root`` with its ``.html``, sorted by case id."""
    cases = []
    for json_path in sorted(root.glob("*/*.json")):
        html_path = json_path.with_suffix(".html")
        if not html_path.is_file():
            raise FileNotFoundError(f"{json_path} has no page beside it ({html_path.name})")
        expected = json.loads(json_path.read_text("utf-8"))
        cases.append(GoldCase(html_path, json_path.parent.name, json_path.stem, expected))
    return cases


def tokens(text: str) -> list[str]:
    """Casefolded words: what body F1 counts (punctuation and spacing do not matter)."""
    return _WORD.findall(text.casefold())


def token_f1(expected: str, found: str) -> float:
    """Bag-of-words F1 of ``found`` against ``expected`` (1.0 when both are empty)."""
    want, got = Counter(tokens(expected)), Counter(tokens(found))
    if not want and not got:
        return 1.0
    overlap = sum((want & got).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def minute(value: datetime | None) -> str | None:
    """ISO 8601 to the minute, offset kept: how gold dates are written."""
    return value.replace(second=0, microsecond=0).isoformat() if value else None


def same_minute(value: datetime | None, expected: str | None) -> bool:
    """Whether ``value`` is the expected time (as gold writes it) to the minute, as an
    instant; no date found matches only no date expected."""
    if value is None or expected is None:
        return value is None and expected is None
    return dates.same_minute(value, datetime.fromisoformat(expected))


def leaks(expected: dict[str, Any], body_text: str) -> list[str]:
    """The ``body_excludes`` strings that occur in ``body_text``."""
    return [text for text in expected.get("body_excludes", []) if text in body_text]


def snapshot_slug(url: str) -> str:
    """A file-name-safe case name from the URL's last path segment ("…-post648215")."""
    path = unquote(urlsplit(url).path).rstrip("/")
    last = path.rsplit("/", 1)[-1] or urlsplit(url).hostname or "page"
    stem = re.sub(r"\.(?:html?|php|aspx?)$", "", last, flags=re.I)
    return re.sub(r"[^\w.-]+", "-", stem, flags=re.ASCII).strip("-.") or "page"


def expectation_from(article: Article, url: str, site: SiteEntry | None, *,
                     content_type: str | None = None, now: datetime | None = None
                     ) -> dict[str, Any]:
    """A gold JSON prefilled from a parse, for a person to check against the page."""
    expected: dict[str, Any] = {"url": url}
    if site is not None:
        expected["site"] = site_as_dict(site)
    expected.update({
        "title": article.title,
        "published": minute(article.published),
        "lead": article.lead,
        "authors": list(article.authors),
        "provinces": list(article.provinces),
        "body_text": article.body_text,
        "body_contains": [],
        "body_excludes": [],
    })
    if content_type:
        expected["content_type"] = content_type
    if now is not None:
        expected["now"] = now.isoformat()
    expected[TODO_KEY] = _TODO
    return expected


def write_snapshot(directory: Path, raw: bytes, expected: dict[str, Any]) -> tuple[Path, Path]:
    """Save a page and its prefilled expectation as ``<slug>.html`` + ``<slug>.json``.

    Never overwrites: a gold case someone already checked must not be replaced by a parse."""
    slug = snapshot_slug(str(expected["url"]))
    html_path, json_path = directory / f"{slug}.html", directory / f"{slug}.json"
    for path in (html_path, json_path):
        if path.exists():
            raise FileExistsError(f"{path} already exists; delete it first to re-snapshot")
    directory.mkdir(parents=True, exist_ok=True)
    html_path.write_bytes(raw)
    json_path.write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return html_path, json_path


def site_as_dict(site: SiteEntry) -> dict[str, Any]:
    """The keys of a ``[[sites]]`` entry that parsing depends on."""
    entry: dict[str, Any] = {"id": site.id, "name": site.name, "kind": site.kind, "url": site.url}
    if site.province:
        entry["province"] = site.province
    if site.family:
        entry["family"] = site.family
    selectors = {name: value for name in ("title", "lead", "body", "date", "author")
                 if (value := getattr(site.selectors, name))}
    if site.selectors.remove:
        selectors["remove"] = list(site.selectors.remove)
    if selectors:
        entry["selectors"] = selectors
    return entry
