"""``feeds.opml``: every published feed file, for one-step import into a feed reader.

Outlines are one level deep inside each group (merged, provinces, sources, kinds) because many
readers turn only the first level into folders and drop deeper nesting.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from feeds.catalog import FeedSpec
from feeds.labels import FORMAT_LABELS, GROUP_LABELS, PROJECT_TITLE
from feeds.model import FORMATS, feed_url


def opml_document(specs: Sequence[FeedSpec], base_url: str) -> bytes:
    """Serialized OPML 2.0 listing every format of every feed in ``specs``."""
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = f"Danh sách nguồn tin — {PROJECT_TITLE}"
    etree.SubElement(head, "docs").text = "http://opml.org/spec2.opml"
    body = etree.SubElement(root, "body")
    for group, label in GROUP_LABELS.items():
        members = [spec for spec in specs if spec.group == group]
        if not members:
            continue
        outline = etree.SubElement(body, "outline", text=label, title=label)
        for spec in members:
            for fmt in FORMATS:
                title = f"{spec.title} ({FORMAT_LABELS[fmt]})"
                etree.SubElement(outline, "outline", type="rss", text=title, title=title,
                                 xmlUrl=feed_url(base_url, spec.path, fmt),
                                 htmlUrl=spec.home_url(base_url), language="vi")
    data: bytes = etree.tostring(root, pretty_print=True, xml_declaration=True,
                                 encoding="UTF-8")
    return data
