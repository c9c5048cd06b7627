"""HTML anchors for data from the web, made safe once for the index page and entry content."""

from __future__ import annotations

from html import escape
from urllib.parse import urlsplit


def link(url: str, text: str) -> str:
    """An anchor for http(s) URLs; anything else (``javascript:``…) stays plain text.

    Both values are escaped: an article URL or a site name is data scraped from the web.
    """
    try:
        scheme = urlsplit(url).scheme
    except ValueError:
        scheme = ""
    if scheme not in ("http", "https"):
        return escape(text)
    return f'<a href="{escape(url)}">{escape(text)}</a>'
