"""Allow-list HTML sanitising (nh3/ammonia): what may reach a feed reader.

No scripts, styles, event handlers, iframes or non-http(s) URLs survive; links get
``rel="noopener noreferrer"``. Everything else a body needs (paragraphs, lists, tables, figures
with captions, images) is kept.
"""

from __future__ import annotations

import nh3

ALLOWED_TAGS = {
    "p", "br", "a", "strong", "b", "em", "i", "u", "s", "sub", "sup", "small", "span",
    "ul", "ol", "li", "blockquote", "q", "cite", "h2", "h3", "h4", "h5", "h6", "hr",
    "figure", "figcaption", "img", "table", "thead", "tbody", "tfoot", "tr", "td", "th",
    "caption", "pre", "code", "abbr", "dl", "dt", "dd",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "abbr": {"title"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(html: str) -> str:
    """Return ``html`` reduced to the allow-list (idempotent)."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        strip_comments=True,
        link_rel="noopener noreferrer",
        clean_content_tags={"script", "style", "noscript", "iframe", "template", "svg",
                            "object", "embed", "textarea", "select"},
    )
