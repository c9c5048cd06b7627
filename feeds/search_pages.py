"""``aggregator serve``'s search: ``/search?q=…`` (an HTML page of results) and
``/search.atom|.rss|.json?q=…&province=…&kind=…`` (the same search as a feed).

Responses are a pure function of the store and the request (an empty result is dated by a
fixed date, not the clock), so the server's ETag of the body lets feed readers poll a search
with conditional requests like any published file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape
from urllib.parse import parse_qs, urlencode, urlsplit

from aggregator.dates import VN_TZ
from aggregator.provinces import PROVINCES
from aggregator.registry import SiteEntry
from aggregator.schema import SITE_KINDS
from aggregator.search.index import SearchFilters
from aggregator.search.query import QuerySyntaxError, parse_query
from feeds.catalog import FEED_ID_PREFIX
from feeds.feedgen_adapter import atom_document, rss_document
from feeds.index_page import search_form
from feeds.items import feed_item, newest_update, publishable
from feeds.jsonfeed import json_feed_document
from feeds.labels import FORMAT_LABELS, PROJECT_TITLE
from feeds.model import FORMATS, FeedItem, FeedMeta, Headline
from feeds.page_parts import headline_item, page_document
from feeds.source import TopicSearch

SEARCH_PATH = "search"
MAX_RESULTS = 50
EMPTY_FEED_DATE = datetime(2025, 7, 1, tzinfo=VN_TZ)
"""``updated`` of a search feed without entries: fixed, so its ETag stays put (the day the 34
current units began)."""
HTML_TYPE = "text/html; charset=utf-8"


@dataclass(frozen=True, slots=True)
class SearchResponse:
    status: int
    body: bytes
    content_type: str


@dataclass(frozen=True, slots=True)
class SearchFeedMeta(FeedMeta):
    """A feed whose self link carries the search's query string."""

    query_string: str = ""

    def url(self, fmt: str) -> str:
        return f"{self.base_url}{SEARCH_PATH}.{fmt}?{self.query_string}"


class SearchPages:
    """Answers the search URLs from a store that can search (``ArticleStore``)."""

    def __init__(self, store: TopicSearch, sites: Sequence[SiteEntry], base_url: str) -> None:
        self.store = store
        self.site_names = {site.id: site.name for site in sites}
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"

    def respond(self, target: str) -> SearchResponse | None:
        """The response to request target ``target``; None when it is not a search URL."""
        split = urlsplit(target)
        name = split.path.strip("/")
        fmt = name.removeprefix(SEARCH_PATH + ".") if name != SEARCH_PATH else "html"
        if name != SEARCH_PATH and (not name.startswith(SEARCH_PATH + ".") or fmt not in FORMATS):
            return None
        params = parse_qs(split.query)
        text = _first(params, "q")
        province, kind = _first(params, "province"), _first(params, "kind")
        if fmt == "html" and not text.strip():
            return self._page(text, province, kind, [], None)
        error = _check(province, kind)
        try:
            query = parse_query(text)
        except QuerySyntaxError as exc:
            error = error or str(exc)
        if error:
            if fmt == "html":
                return self._page(text, province, kind, [], error)
            return SearchResponse(400, (error + "\n").encode(), "text/plain; charset=utf-8")
        found = self.store.search(query, SearchFilters(
            provinces=(province,) if province else (), kinds=(kind,) if kind else (),
            exact_first=fmt == "html"), limit=MAX_RESULTS)
        items = [feed_item(article, self.site_names, scope=SEARCH_PATH)
                 for article in found if publishable(article)]
        if fmt == "html":
            return self._page(text, province, kind, items, None)
        meta = self._meta(text, province, kind, items)
        render = {"atom": atom_document, "rss": rss_document, "json": json_feed_document}[fmt]
        return SearchResponse(200, render(meta, items), FORMATS[fmt] + "; charset=utf-8")

    def _meta(self, text: str, province: str, kind: str,
              items: Sequence[FeedItem]) -> SearchFeedMeta:
        query_string = _query_string(text, province, kind)
        return SearchFeedMeta(
            path=SEARCH_PATH, feed_id=f"{FEED_ID_PREFIX}{SEARCH_PATH}?{query_string}",
            title=f"Tìm “{text}” — {PROJECT_TITLE}",
            description=f"Bài viết khớp với “{text}”, mới nhất trước.",
            home_url=f"{self.base_url}{SEARCH_PATH}?{query_string}", author=PROJECT_TITLE,
            base_url=self.base_url,
            updated=newest_update(items) if items else EMPTY_FEED_DATE, ttl_minutes=30,
            query_string=query_string)

    def _page(self, text: str, province: str, kind: str, items: Sequence[FeedItem],
              error: str | None) -> SearchResponse:
        body = [f'<header><nav><a href="{escape(self.base_url)}">← {escape(PROJECT_TITLE)}'
                "</a></nav>", "<h1>Tìm bài viết</h1>", search_form(self.base_url, text),
                "</header>", "<main>"]
        if error:
            body.append(f'<p class="error">Không hiểu câu tìm kiếm: {escape(error)}</p>')
        elif text.strip():
            query_string = _query_string(text, province, kind)
            feeds = ", ".join(
                f'<a class="feed" href="{escape(self.base_url)}{SEARCH_PATH}.{fmt}?'
                f'{escape(query_string)}">{FORMAT_LABELS[fmt]}</a>' for fmt in FORMATS)
            body += [f'<p class="count">{len(items)} bài viết khớp với “{escape(text)}”. '
                     f"Theo dõi tìm kiếm này: {feeds}.</p>",
                     '<ol class="entries">',
                     *(headline_item(Headline.of(item), item.summary) for item in items),
                     "</ol>"]
        body.append("</main>")
        title = f"Tìm “{text}” — {PROJECT_TITLE}" if text.strip() else f"Tìm — {PROJECT_TITLE}"
        return SearchResponse(400 if error else 200, page_document(title, [], body), HTML_TYPE)


def _first(params: Mapping[str, list[str]], name: str) -> str:
    return params.get(name, [""])[0]


def _check(province: str, kind: str) -> str | None:
    if province and province not in PROVINCES:
        return f"unknown province {province!r}"
    if kind and kind not in SITE_KINDS:
        return f"unknown kind {kind!r} (newspaper or federation)"
    return None


def _query_string(text: str, province: str, kind: str) -> str:
    pairs = [("q", text), *([("province", province)] if province else []),
             *([("kind", kind)] if kind else [])]
    return urlencode(pairs)
