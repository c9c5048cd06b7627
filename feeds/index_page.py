"""``index.html``: every feed with subscribe links, a how-to, and each unit's headlines.

Each card and source links to the feed's own page of latest entries (``feed_page.py``). The
page is built from headlines rather than whole entries, so it can be rebuilt from the publish
state without rendering unchanged feeds; shared markup and escaping rules are in
``page_parts.py``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from html import escape

from feeds.catalog import FeedSpec
from feeds.health import local_time
from feeds.labels import FORMAT_LABELS, PROJECT_TITLE, kind_label, province_label
from feeds.markup import link
from feeds.model import FORMATS, Headline
from feeds.opml import opml_path
from feeds.page_parts import (
    discovery_links,
    footer,
    headline_item,
    how_to_subscribe,
    page_document,
    page_url,
    subscribe_links,
    time_element,
)

HEADLINES_PER_PROVINCE = 5
INDEX_PATH = "index.html"

PublishedFeed = tuple[FeedSpec, Sequence[Headline]]
"""A feed and its newest headlines (up to :data:`HEADLINES_PER_PROVINCE`)."""


def index_document(feeds: Sequence[PublishedFeed], base_url: str, *, updated: datetime,
                   last_success: Mapping[str, datetime | None] | None = None) -> bytes:
    """Serialized ``index.html`` for the published ``feeds``.

    ``updated`` is the time of the last publish that changed the output. ``last_success``
    maps site ids to the end of their last successful crawl (None: never); without it (no
    crawl history) the sources are listed without crawl times.
    """
    merged = next((spec for spec, _ in feeds if spec.group == "all"), None)
    return page_document(PROJECT_TITLE, discovery_links(merged, base_url) if merged else [], [
        *_header(base_url),
        "<main>",
        *_general_section([spec for spec, _ in feeds if spec.group in ("all", "kind")],
                          base_url),
        *_province_section([(s, i) for s, i in feeds if s.group == "province"], base_url),
        *_source_section([spec for spec, _ in feeds if spec.group == "source"], base_url,
                         last_success),
        *_topic_section([spec for spec, _ in feeds if spec.group == "topic"], base_url),
        "</main>",
        *footer(updated, base_url),
    ])


def _header(base_url: str) -> list[str]:
    lists = ", ".join(f'<a href="{escape(base_url + opml_path(fmt))}">{FORMAT_LABELS[fmt]}</a>'
                      for fmt in FORMATS)
    return [
        "<header>",
        f"<h1>{escape(PROJECT_TITLE)}</h1>",
        "<p>Tin mới nhất từ các báo địa phương và liên hiệp các hội khoa học và kỹ thuật, "
        "gắn nhãn theo tỉnh, thành phố.</p>",
        how_to_subscribe(base_url),
        f"<p><small>Danh sách OPML theo định dạng: {lists}.</small></p>",
        '<nav><a href="#tong-hop">Tổng hợp</a><a href="#tinh-thanh">Tỉnh, thành phố</a>'
        '<a href="#nguon-tin">Nguồn tin</a><a href="#chu-de">Chủ đề</a></nav>',
        search_form(base_url),
        "</header>",
    ]


def _general_section(specs: Sequence[FeedSpec], base_url: str) -> list[str]:
    rows = [f"<li><span>{_page_link(spec, base_url)}</span>{subscribe_links(spec, base_url)}</li>"
            for spec in specs]
    return ['<section id="tong-hop">', "<h2>Tin tổng hợp</h2>", '<ul class="feeds">', *rows,
            "</ul>", "</section>"]


def _province_section(feeds: Sequence[PublishedFeed], base_url: str) -> list[str]:
    lines = ['<section id="tinh-thanh">', "<h2>Theo tỉnh, thành phố</h2>", '<div class="grid">']
    for spec, items in feeds:
        lines += [f'<article class="card" id="{escape(spec.path.replace("/", "-"))}">',
                  f"<h3>{_page_link(spec, base_url)}</h3>", subscribe_links(spec, base_url)]
        headlines = items[:HEADLINES_PER_PROVINCE]
        if headlines:
            lines += ['<ol class="headlines">', *map(headline_item, headlines), "</ol>",
                      f'<a class="more" href="{escape(page_url(base_url, spec))}">'
                      f"Xem tất cả tin {escape(spec.name)} →</a>"]
        else:
            lines.append('<p class="empty">Chưa có bài viết.</p>')
        lines.append("</article>")
    return [*lines, "</div>", "</section>"]


def _source_section(specs: Sequence[FeedSpec], base_url: str,
                    last_success: Mapping[str, datetime | None] | None) -> list[str]:
    rows = []
    for spec, site in ((spec, spec.site) for spec in specs if spec.site is not None):
        where = province_label(site.province) if site.province else "Toàn quốc"
        crawled = ""
        if last_success is not None:
            when = last_success.get(site.id)
            crawled = (' · <span class="crawled">Thu thập thành công gần nhất: '
                       + (time_element(when, local_time(when)) if when else "chưa có")
                       + "</span>")
        rows.append(f"<li><span>{link(site.url, spec.name)}"
                    f"<small>{escape(where)} · {escape(kind_label(site.kind))}{crawled} · "
                    f'<a href="{escape(page_url(base_url, spec))}">tin mới nhất</a></small>'
                    f"</span>{subscribe_links(spec, base_url)}</li>")
    return ['<section id="nguon-tin">', "<h2>Theo nguồn tin</h2>", '<ul class="feeds">',
            *rows, "</ul>", "</section>"]


def search_form(base_url: str, value: str = "") -> str:
    """The search box: a GET form to ``search`` (answered by ``aggregator serve``; behind
    another web server, proxy ``/search`` to it, see docs/serving.md)."""
    return (f'<form class="search" role="search" action="{escape(base_url)}search" method="get">'
            '<label for="q">Tìm bài viết</label> '
            f'<input id="q" name="q" type="search" value="{escape(value)}" '
            'placeholder="chuyển đổi số, &quot;số hóa&quot; OR robot, -bóng"/>'
            ' <button type="submit">Tìm</button></form>')


def _topic_section(specs: Sequence[FeedSpec], base_url: str) -> list[str]:
    """Topic feeds (saved searches), each with its query."""
    if not specs:
        return []
    rows = [f"<li><span>{_page_link(spec, base_url)}"
            f"<small>{escape(spec.topic.query_text if spec.topic else '')}</small></span>"
            f"{subscribe_links(spec, base_url)}</li>" for spec in specs]
    return ['<section id="chu-de">', "<h2>Theo chủ đề</h2>", '<ul class="feeds">', *rows,
            "</ul>", "</section>"]


def _page_link(spec: FeedSpec, base_url: str) -> str:
    """The feed's name, linking to its page of latest entries."""
    return f'<a href="{escape(page_url(base_url, spec))}">{escape(spec.name)}</a>'
