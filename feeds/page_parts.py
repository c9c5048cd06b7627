"""What the HTML pages share: the page frame and style, subscribe links, times, headlines.

``index.html`` and the per-feed pages (``province/<slug>.html``, ``source/<id>.html`` …) are
static, without JavaScript and with inline CSS only, so the folder can be served by anything.
Every value is HTML-escaped and only http(s) URLs become links (an article URL is data from the
web). The markup is also well-formed XML, which lets the publisher check it strictly before
replacing a live page.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from html import escape

from feeds.catalog import FeedSpec
from feeds.health import HEALTH_PATH
from feeds.labels import FORMAT_LABELS
from feeds.markup import link
from feeds.model import FORMATS, PAGE_FORMAT, Headline, feed_url

UPDATED_LABEL = "Cập nhật lần cuối"
"""Opens the footer line with the page's date (the publisher reads that date back)."""

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
.howto{background:var(--card);border-left:3px solid var(--accent);padding:.5rem .8rem;
font-size:.95rem}
ul.feeds{list-style:none;padding:0;margin:0}
ul.feeds li{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:baseline;
justify-content:space-between;padding:.5rem 0;border-bottom:1px solid var(--line)}
.subscribe a{display:inline-block;font-size:.8rem;padding:0 .5rem;margin:.1rem .3rem .1rem 0;
border:1px solid var(--line);border-radius:1rem;text-decoration:none}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(18rem,1fr));gap:1rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:1rem}
.headlines{padding-left:1.2rem;margin:.6rem 0 0}
.headlines li{margin:.35rem 0;overflow-wrap:anywhere}
.entries{padding-left:1.4rem}
.entries li{margin:0 0 1rem;overflow-wrap:anywhere}
.entries p{margin:.2rem 0 0}
a.more{display:inline-block;margin-top:.5rem;font-size:.9rem}
small,.empty{color:var(--muted)}
small{display:block;font-size:.8rem}
"""


def page_document(title: str, head: Iterable[str], body: Iterable[str]) -> bytes:
    """A whole page: ``head`` lines go after the style-independent meta, ``body`` inside it."""
    lines = [
        "<!DOCTYPE html>",
        '<html lang="vi">',
        "<head>",
        '<meta charset="utf-8"/>',
        '<meta name="viewport" content="width=device-width, initial-scale=1"/>',
        f"<title>{escape(title)}</title>",
        *head,
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        *body,
        "</body>",
        "</html>",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def page_url(base_url: str, spec: FeedSpec) -> str:
    """Absolute URL of the page listing ``spec``'s latest entries."""
    return feed_url(base_url, spec.path, PAGE_FORMAT)


def discovery_links(spec: FeedSpec, base_url: str) -> list[str]:
    """``<link rel="alternate">`` to each format of ``spec``, for browsers and readers that
    find feeds from a page's address."""
    return [
        f'<link rel="alternate" type="{media_type}" title="{escape(spec.title)}" '
        f'href="{escape(feed_url(base_url, spec.path, fmt))}"/>'
        for fmt, media_type in FORMATS.items()
    ]


def subscribe_links(spec: FeedSpec, base_url: str) -> str:
    links = "".join(
        f'<a href="{escape(feed_url(base_url, spec.path, fmt))}" type="{media_type}">'
        f"{escape(FORMAT_LABELS[fmt])}</a>"
        for fmt, media_type in FORMATS.items()
    )
    return f'<span class="subscribe">{links}</span>'


def how_to_subscribe(base_url: str) -> str:
    """One paragraph saying what to do with the feed buttons, which open raw XML/JSON."""
    opml = escape(f"{base_url}feeds.opml")
    return ('<p class="howto"><strong>Cách theo dõi:</strong> sao chép địa chỉ của nút Atom, '
            "RSS hoặc JSON Feed và dán vào trình đọc tin (Feedly, Inoreader, NetNewsWire, "
            "Thunderbird, newsboat…); hoặc nhập tệp "
            f'<a href="{opml}">feeds.opml</a> để theo dõi tất cả nguồn cùng lúc.</p>')


def footer(updated: datetime, base_url: str, label: str = UPDATED_LABEL) -> list[str]:
    """``label: updated`` (by default when the page's content last changed, see
    ``publish.py``), and the link operators need."""
    health = escape(feed_url(base_url, HEALTH_PATH, "atom"))
    return ["<footer>", f"<small>{escape(label)}: {time_element(updated)}. "
            "Tạo bởi vn-news-aggregator. "
            f'Người vận hành: <a href="{health}">tình trạng thu thập</a>.</small>', "</footer>"]


def headline_item(headline: Headline, summary: str = "") -> str:
    """One ``<li>``: the linked title, its time and source, and optionally its lead."""
    lead = f"<p>{escape(summary)}</p>" if summary else ""
    return (f"<li>{link(headline.url, headline.title)}"
            f"<small>{time_element(headline.published)} · {escape(headline.source)}</small>"
            f"{lead}</li>")


def time_element(value: datetime, text: str | None = None) -> str:
    """A ``<time>`` element; the text defaults to ``value`` in its own offset."""
    return f'<time datetime="{value.isoformat()}">{text or f"{value:%d/%m/%Y %H:%M}"}</time>'
