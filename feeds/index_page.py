"""``index.html``: a static page listing every feed with subscribe links, plus headlines.

No JavaScript and inline CSS only, so the folder can be served by anything. Every value is
HTML-escaped and only http(s) URLs become links (an article URL is data from the web). The
markup is also well-formed XML, which lets the publisher check it strictly before replacing
the live page. The page is built from headlines rather than whole entries, so it can be
rebuilt from the publish state without rendering unchanged feeds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from html import escape

from feeds.catalog import FeedSpec
from feeds.health import HEALTH_PATH, local_time
from feeds.items import EPOCH
from feeds.labels import FORMAT_LABELS, PROJECT_TITLE, kind_label, province_label
from feeds.markup import link
from feeds.model import FORMATS, Headline, feed_url

HEADLINES_PER_PROVINCE = 5

PublishedFeed = tuple[FeedSpec, Sequence[Headline]]
"""A feed and its newest headlines (up to :data:`HEADLINES_PER_PROVINCE`)."""

_CSS = """
:root{color-scheme:light dark;--fg:#1b1f23;--muted:#5b6470;--bg:#fff;--card:#f5f7fa;
--line:#dde3ea;--accent:#0b5cad}
@media (prefers-color-scheme:dark){:root{--fg:#e6e9ee;--muted:#9aa4b1;--bg:#111418;
--card:#1a1f26;--line:#2a313a;--accent:#6cb0ff}}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;
color:var(--fg);background:var(--bg)}
header,main,footer{max-width:72rem;margin:0 auto;padding:1rem}
h1{font-size:1.75rem;margin:.5rem 0}
h2{font-size:1.3rem;border-bottom:1px solid var(--line);padding-bottom:.3rem;margin-top:2rem}
h3{font-size:1.1rem;margin:0 0 .4rem}
a{color:var(--accent)}
nav a{margin-right:1rem}
ul.feeds{list-style:none;padding:0;margin:0}
ul.feeds li{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:baseline;
justify-content:space-between;padding:.5rem 0;border-bottom:1px solid var(--line)}
.subscribe a{display:inline-block;font-size:.8rem;padding:0 .5rem;margin:.1rem .3rem .1rem 0;
border:1px solid var(--line);border-radius:1rem;text-decoration:none}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(18rem,1fr));gap:1rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:1rem}
.headlines{padding-left:1.2rem;margin:.6rem 0 0}
.headlines li{margin:.35rem 0;overflow-wrap:anywhere}
small,.empty{color:var(--muted)}
small{display:block;font-size:.8rem}
"""


def index_document(feeds: Sequence[PublishedFeed], base_url: str, *, updated: datetime,
                   last_success: Mapping[str, datetime | None] | None = None) -> bytes:
    """Serialized ``index.html`` for the published ``feeds``.

    ``updated`` is the newest entry's time over all feeds. ``last_success`` maps site ids to
    the end of their last successful crawl (None: never); without it (no crawl history) the
    sources are listed without crawl times.
    """
    merged = next((spec for spec, _ in feeds if spec.group == "all"), None)
    lines = [
        "<!DOCTYPE html>",
        '<html lang="vi">',
        "<head>",
        '<meta charset="utf-8"/>',
        '<meta name="viewport" content="width=device-width, initial-scale=1"/>',
        f"<title>{escape(PROJECT_TITLE)}</title>",
        *(_discovery_links(merged, base_url) if merged else []),
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        *_header(base_url),
        "<main>",
        *_general_section([spec for spec, _ in feeds if spec.group in ("all", "kind")],
                          base_url),
        *_province_section([(s, i) for s, i in feeds if s.group == "province"], base_url),
        *_source_section([spec for spec, _ in feeds if spec.group == "source"], base_url,
                         last_success),
        "</main>",
        *_footer(updated, base_url),
        "</body>",
        "</html>",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _discovery_links(spec: FeedSpec, base_url: str) -> list[str]:
    return [
        f'<link rel="alternate" type="{media_type}" title="{escape(spec.title)}" '
        f'href="{escape(feed_url(base_url, spec.path, fmt))}"/>'
        for fmt, media_type in FORMATS.items()
    ]


def _header(base_url: str) -> list[str]:
    opml = escape(f"{base_url}feeds.opml")
    return [
        "<header>",
        f"<h1>{escape(PROJECT_TITLE)}</h1>",
        "<p>Tin mới nhất từ các báo địa phương và liên hiệp các hội khoa học và kỹ thuật, "
        "gắn nhãn theo tỉnh, thành phố. Đăng ký bằng trình đọc tin (Atom, RSS hoặc JSON Feed), "
        f'hoặc nhập tất cả nguồn một lần bằng <a href="{opml}">tệp OPML</a>.</p>',
        '<nav><a href="#tong-hop">Tổng hợp</a><a href="#tinh-thanh">Tỉnh, thành phố</a>'
        '<a href="#nguon-tin">Nguồn tin</a></nav>',
        "</header>",
    ]


def _general_section(specs: Sequence[FeedSpec], base_url: str) -> list[str]:
    rows = [f'<li><span>{escape(spec.name)}</span>{_subscribe(spec, base_url)}</li>'
            for spec in specs]
    return ['<section id="tong-hop">', "<h2>Tin tổng hợp</h2>", '<ul class="feeds">', *rows,
            "</ul>", "</section>"]


def _province_section(feeds: Sequence[PublishedFeed], base_url: str) -> list[str]:
    lines = ['<section id="tinh-thanh">', "<h2>Theo tỉnh, thành phố</h2>", '<div class="grid">']
    for spec, items in feeds:
        lines += [f'<article class="card" id="{escape(spec.path.replace("/", "-"))}">',
                  f"<h3>{escape(spec.name)}</h3>", _subscribe(spec, base_url)]
        headlines = items[:HEADLINES_PER_PROVINCE]
        if headlines:
            lines += ['<ol class="headlines">', *map(_headline, headlines), "</ol>"]
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
                       + (_time(when, local_time(when)) if when else "chưa có") + "</span>")
        rows.append(f"<li><span>{link(site.url, spec.name)}"
                    f"<small>{escape(where)} · {escape(kind_label(site.kind))}{crawled}</small>"
                    f"</span>{_subscribe(spec, base_url)}</li>")
    return ['<section id="nguon-tin">', "<h2>Theo nguồn tin</h2>", '<ul class="feeds">',
            *rows, "</ul>", "</section>"]


def _footer(updated: datetime, base_url: str) -> list[str]:
    stamp = "" if updated == EPOCH else f"Cập nhật lần cuối: {_time(updated)}. "
    health = escape(feed_url(base_url, HEALTH_PATH, "atom"))
    return ["<footer>", f"<small>{stamp}Tạo bởi vn-news-aggregator. "
            f'Người vận hành: <a href="{health}">tình trạng thu thập</a>.</small>', "</footer>"]


def _subscribe(spec: FeedSpec, base_url: str) -> str:
    links = "".join(
        f'<a href="{escape(feed_url(base_url, spec.path, fmt))}" type="{media_type}">'
        f"{escape(FORMAT_LABELS[fmt])}</a>"
        for fmt, media_type in FORMATS.items()
    )
    return f'<span class="subscribe">{links}</span>'


def _headline(headline: Headline) -> str:
    return (f"<li>{link(headline.url, headline.title)}"
            f"<small>{_time(headline.published)} · {escape(headline.source)}</small></li>")


def _time(value: datetime, text: str | None = None) -> str:
    """A ``<time>`` element; the text defaults to ``value`` in its own offset."""
    return f'<time datetime="{value.isoformat()}">{text or f"{value:%d/%m/%Y %H:%M}"}</time>'
