"""Pages that say what they are, and it is not an article.

A crawler following a site's links and sitemap meets the site's standing pages: "Giới thiệu"
(about us), "Liên hệ" (contact), the leadership and member lists, an event's own page, a
document's record in the document database, a broadcast schedule, an HTML sitemap. They have
a headline, prose and often a date (CMSs write ``og:type=article`` and a publication time on
every page), so the evidence that separates articles from listings (one text against many
teasers) does not refuse them. What does is what the page itself says, by means a CMS sets
for such pages only:

- the template's ``<body>`` classes: Drupal names the node type ("page-node-type-page",
  "-event", "-webform"), a newspaper CMS its page of an article's reader comments
  ("page-comment"); not WordPress's "page page-id-N", since on trafilatura's evaluation set
  26 such pages are texts its annotators wanted (the federation sites' standing pages are
  recognised by their address, below);
- a JSON-LD type of another kind of page (an AboutPage, a ContactPage), with no article type
  beside it (not an Event: on trafilatura's set three event announcements are texts);
- a document's record: a table whose rows label the document's fields ("Số ký hiệu", "Ngày
  ban hành", "Người ký", "Cơ quan ban hành"...), as the government portals' document
  databases print them (an article quoting a decision prints its text, not its record);
- the address: a last path segment that names a standing page ("/gioi-thieu/", "/lien-he",
  "/lich-phat-song.htm", "/sitemap"), or NukeViet's "page" module ("/vi/page/<slug>.html").
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from lxml.etree import _Element

from aggregator.text import match_key

# Drupal's <body> classes of the node types that are no article.
_DRUPAL_NODE_TYPES = frozenset({"page-node-type-page", "page-node-type-event",
                                "page-node-type-webform"})
# <body> classes of an article's page of reader comments ("Xem bài gốc" links to the article).
_COMMENT_PAGE_CLASSES = frozenset({"page-comment", "page-comments", "comment-page", "comments-page"})
# JSON-LD types of pages that are something else than an article (read by the caller, with
# the page's other JSON-LD types).
OTHER_PAGE_TYPES = frozenset({"AboutPage", "ContactPage"})
# Labels of a document record's fields, compared through match_key (":" stripped).
_RECORD_LABELS = frozenset(match_key(label) for label in (
    "Số ký hiệu", "Ký hiệu", "Số hiệu", "Ngày ban hành", "Ngày có hiệu lực", "Ngày hiệu lực",
    "Người ký", "Cơ quan ban hành", "Loại văn bản", "Trích yếu", "Lĩnh vực"))
# A label cell is this short; longer first cells are the table's data.
_LABEL_CHARS = 40
# A record labels at least this many of them.
_RECORD_FIELDS = 3
# Last path segments (extension dropped) of the standing pages of Vietnamese news and
# federation sites.
_STANDING_PAGES = frozenset({
    "gioi-thieu", "lien-he", "so-do-trang", "so-do-site", "sitemap", "lich-phat-song",
    "co-cau-to-chuc", "chuc-nang-nhiem-vu", "ban-lanh-dao", "ban-thuong-vu",
    "ban-chap-hanh", "lich-su-hinh-thanh"})
# NukeViet's module of static pages, after the language: "/vi/page/<slug>.html" (a number
# there is a pager).
_NUKEVIET_PAGE = re.compile(r"/[a-z]{2}/page/(?!\d+\.html$)[^/]+\.html$")


def other_page_kind(url: str, body: _Element | None, *, has_article_ld: bool) -> str | None:
    """Why the page is a standing page of another kind by its template, its tables or its
    address, or None when it does not say so (its JSON-LD type, :data:`OTHER_PAGE_TYPES`, is
    the caller's to read). ``has_article_ld``: whether the page's JSON-LD is an article's."""
    if body is not None and not has_article_ld:
        classes = set((body.get("class") or "").split())
        node_type = next(iter(classes & _DRUPAL_NODE_TYPES), None)
        if node_type:
            return f"a static page by its template (Drupal {node_type!r})"
        if classes & _COMMENT_PAGE_CLASSES:
            return "an article's page of reader comments, by its template"
    if body is not None and _document_record(body):
        return "a document's record (its fields: number, date of issue, signer...)"
    path = unquote(urlsplit(url).path)
    last = path.rstrip("/").rsplit("/", 1)[-1].rsplit(".", 1)[0].lower()
    if last in _STANDING_PAGES:
        return f"a standing page by its address ({last!r})"
    if _NUKEVIET_PAGE.search(path):
        return "a static page by its address (NukeViet's page module)"
    return None


def _document_record(body: _Element) -> bool:
    """Whether a table of the page labels a document's fields row by row."""
    for table in body.iter("table"):
        labels = set()
        for row in table.iter("tr"):
            first = next((cell for cell in row if cell.tag in ("th", "td")), None)
            text = first.text_content() if first is not None else ""
            if len(text) <= _LABEL_CHARS:
                labels.add(match_key(text).rstrip(": "))
        if len(labels & _RECORD_LABELS) >= _RECORD_FIELDS:
            return True
    return False
