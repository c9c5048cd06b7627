"""Atom 1.0 and RSS 2.0 documents from a :class:`FeedMeta` and its items, via feedgen.

The only module that touches feedgen, which is untyped and has defaults that must be
overridden every time:

- it stamps the feed's and every entry's ``updated`` with "now": both are always set here from
  the articles, so the same store gives byte-identical files;
- ``add_entry`` *prepends* by default: entries are appended, keeping the newest-first order;
- it rejects naive datetimes: items only carry aware ones;
- it drops ``rel``/``type``/``length`` of entry links in Atom (1.0 shadows its loop variable),
  which would turn an enclosure into a second "alternate" link: Atom enclosures are added by a
  small entry extension instead;
- its RSS category text is the Atom *label*, but our RSS categories carry the term (the slug),
  and RSS-only extensions must not leak into Atom, so each format gets its own generator.

RSS authors are ``dc:creator``: RSS 2.0's ``<author>`` must be an e-mail address, and bylines
on Vietnamese news pages are names only ("Minh Anh", "Tin, ảnh: P.Y").

RSS ``<category>`` has no label: the term keeps its CONTRACT shape (``domain=".../province"``,
text ``lang-son``) and is followed by the Vietnamese name in the same vocabulary's ``#label``
domain (``domain=".../province#label"``, text ``Lạng Sơn``), which readers list with the tags.

The lead image: RSS 2.0 requires an enclosure ``length`` in bytes, which we never know (the
image is not downloaded), so RSS names it with Media RSS ``<media:content medium="image">``,
which needs none; an Atom enclosure link simply leaves its optional ``length`` out.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from feeds.model import FORMATS, FeedItem, FeedMeta

GENERATOR = "vn-news-aggregator (python-feedgen)"


def atom_document(meta: FeedMeta, items: Sequence[FeedItem]) -> bytes:
    """Serialized Atom 1.0 feed, entries in the given (newest-first) order."""
    generator = _generator(meta, items, fmt="atom")
    data: bytes = generator.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True)
    return data


def rss_document(meta: FeedMeta, items: Sequence[FeedItem]) -> bytes:
    """Serialized RSS 2.0 feed (self link as ``atom:link``, ``<ttl>`` in minutes)."""
    generator = _generator(meta, items, fmt="rss")
    data: bytes = generator.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True)
    return data


class _AtomEnclosure(BaseEntryExtension):  # type: ignore[misc]
    """Writes ``<link rel="enclosure">`` into an Atom entry, bypassing feedgen's link code."""

    def __init__(self) -> None:
        self.url: str | None = None
        self.media_type = ""

    def extend_atom(self, entry: Any) -> Any:
        if self.url:
            # feedgen builds Atom elements without a namespace under a default xmlns.
            etree.SubElement(entry, "link", href=self.url, rel="enclosure",
                             type=self.media_type)
        return entry


class _Hub(BaseExtension):  # type: ignore[misc]
    """Writes the WebSub ``<link rel="hub">``: feedgen keeps only the self link in RSS, and in
    Atom ``link()`` would do, but one code path for both formats keeps them in agreement."""

    def __init__(self) -> None:
        self.url: str | None = None

    def extend_atom(self, feed: Any) -> Any:
        if self.url:
            etree.SubElement(feed, "link", href=self.url, rel="hub")
        return feed

    def extend_rss(self, rss: Any) -> Any:
        if self.url:
            etree.SubElement(rss[0], "{http://www.w3.org/2005/Atom}link", href=self.url, rel="hub")
        return rss


def _generator(meta: FeedMeta, items: Sequence[FeedItem], *, fmt: str) -> Any:
    generator = FeedGenerator()
    if meta.hub:
        generator.register_extension("websub", _Hub, atom=True, rss=True)
        generator.websub.url = meta.hub
    if fmt == "rss":
        generator.load_extension("dc", atom=False, rss=True)
        generator.load_extension("media", atom=False, rss=True)
    else:
        generator.register_extension("atom_enclosure", BaseExtension, _AtomEnclosure,
                                     atom=True, rss=False)
    generator.id(meta.feed_id)
    generator.title(meta.title)
    generator.subtitle(meta.description)
    generator.language("vi")
    generator.author({"name": meta.author})
    generator.generator(GENERATOR)
    # feedgen takes the RSS channel <link> from the *last* link added, so "self" goes first.
    generator.link(href=meta.url(fmt), rel="self", type=FORMATS[fmt])
    generator.link(href=meta.home_url, rel="alternate", type="text/html")
    generator.updated(meta.updated)
    generator.ttl(meta.ttl_minutes)
    for item in items:
        _add_entry(generator, meta, item, fmt=fmt)
    return generator


def _add_entry(generator: Any, meta: FeedMeta, item: FeedItem, *, fmt: str) -> None:
    entry = generator.add_entry(order="append")
    entry.id(item.id)
    entry.title(item.title)
    entry.link(href=item.url, rel="alternate", type="text/html")
    entry.published(item.published)
    entry.updated(item.updated)
    if item.authors:
        entry.author([{"name": name} for name in item.authors])
        if fmt == "rss":
            entry.dc.dc_creator(list(item.authors))
    if item.summary:
        # RSS readers read <description> as HTML: the plain-text lead is escaped, so that a
        # union's "KH&KT" or a "3 < 5" is text there (Atom's summary is typed text already).
        entry.summary(escape(item.summary, quote=False) if fmt == "rss" else item.summary)
    if item.content_html:
        entry.content(item.content_html, type="html")
    entry.category(_atom_categories(meta, item) if fmt == "atom" else _rss_categories(meta, item))
    if item.image and fmt == "rss":
        # group=None: a bare <media:content> in the item, not wrapped in <media:group>.
        entry.media.content(url=item.image, type=item.image_type, medium="image", group=None)
    elif item.image:
        entry.atom_enclosure.url = item.image
        entry.atom_enclosure.media_type = item.image_type


def _atom_categories(meta: FeedMeta, item: FeedItem) -> list[dict[str, str]]:
    return [{"term": c.term, "scheme": meta.scheme_url(c.scheme), "label": c.label}
            for c in item.categories]


def _rss_categories(meta: FeedMeta, item: FeedItem) -> list[dict[str, str]]:
    """Each term in its vocabulary's domain, then its label (when it differs) in ``#label``."""
    categories = []
    for c in item.categories:
        categories.append({"term": c.term, "scheme": meta.scheme_url(c.scheme)})
        if c.label != c.term:
            categories.append({"term": c.label, "scheme": f"{meta.scheme_url(c.scheme)}#label"})
    return categories
