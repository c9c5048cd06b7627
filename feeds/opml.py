"""The OPML subscription lists: ``feeds.opml`` (Atom), ``feeds-rss.opml``, ``feeds-json.opml``.

Each list names every feed once, in one format: a reader importing a list with all three
formats of every feed subscribes to each feed three times, and fails on the formats it cannot
read (newsboat reads no JSON Feed). Atom is the default list; the other two serve readers
that prefer RSS or JSON Feed.

Choices made for real importers (and the W3C validator):

- every feed outline's ``type`` names its format (``atom``, ``rss``, ``json``), as the
  project's contract says and as readers that import several formats need to pick a parser
  (newsboat, Feedly, Inoreader accept any type; Thunderbird imports only ``type="rss"``, so
  its users import ``feeds-rss.opml``);
- folders (merged, provinces, sources, kinds) carry only ``text``, and feeds sit one level
  deep inside them, because many readers make folders of the first level only;
- ``text`` and ``title`` may hold HTML per the spec, so they are HTML-escaped: a site named
  "KH&KT" is written ``KH&amp;KT`` (in the XML, ``KH&amp;amp;KT``), not as a bare ``&``.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from lxml import etree

from feeds.catalog import FeedSpec
from feeds.labels import FORMAT_LABELS, GROUP_LABELS, PROJECT_TITLE
from feeds.model import feed_url

DEFAULT_FORMAT = "atom"


def opml_path(fmt: str) -> str:
    """File name of the list in format ``fmt``: ``feeds.opml`` for Atom, else
    ``feeds-<fmt>.opml``."""
    return "feeds.opml" if fmt == DEFAULT_FORMAT else f"feeds-{fmt}.opml"


def opml_document(specs: Sequence[FeedSpec], base_url: str, fmt: str = DEFAULT_FORMAT) -> bytes:
    """Serialized OPML 2.0 listing every feed in ``specs`` once, in format ``fmt``."""
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = (
        f"Danh sách nguồn tin ({FORMAT_LABELS[fmt]}) — {PROJECT_TITLE}")
    body = etree.SubElement(root, "body")
    for group, label in GROUP_LABELS.items():
        members = [spec for spec in specs if spec.group == group]
        if not members:
            continue
        folder = etree.SubElement(body, "outline", text=escape(label))
        for spec in members:
            title = escape(spec.title)
            etree.SubElement(folder, "outline", type=fmt, text=title, title=title,
                             xmlUrl=feed_url(base_url, spec.path, fmt),
                             htmlUrl=spec.home_url(base_url), language="vi")
    data: bytes = etree.tostring(root, pretty_print=True, xml_declaration=True,
                                 encoding="UTF-8")
    return data
