"""Measures of an element that extraction decides by: text, links, paragraphs, and the page
zones (comments, sidebars, footers, link lists) whose content never belongs to an article.

These replace "the first selector that matches wins": a candidate is believed for what it
holds, not for the order its selector was written in.
"""

from __future__ import annotations

import re
from copy import deepcopy

from lxml.etree import XPath, _Element

from aggregator.text import match_key

# class/id words of page zones that hold no article content. Matched as words inside the
# attribute ("comment-body", "sidebar-right", "box_comment"), so "commentary" is not a zone
# but "comments" is; layout flags on wrappers ("has-sidebar", "no-sidebar") are not zones, nor is
# the Elementor page builder's "elementor-widget-container" around every block, the article included,
# nor a block's own footer in BEM naming ("detail-news__footer": the article's byline and date).
_ZONE_WORDS = re.compile(
    r"(?:^|[\s_-])(?<!has-)(?<!with-)(?<!no-)(?:comments?|comment-?list|comments?-?area|binh-?luan"
    r"|sidebar|side-?bar|(?<!elementor-)widget"
    # An article's own footer (BEM's "article__footer", Báo Khánh Hòa's "detail-footer-time":
    # the date line under the byline) is not the page's.
    r"|(?<!__)(?<!detail-)footer"
    r"|site-?footer|breadcrumbs?|menu|navbar|masthead"
    r"|most-?read|doc-?nhieu|xem-?nhieu|popular|cookies?|cookie-?(?:banner|consent|notice)"
    r"|consent|gdpr|disclaimer|newsletter|paywall)(?:$|[\s_-])",
    re.I)
# Not "form": ASP.NET pages wrap the whole page in one.
_ZONE_TAGS = frozenset({"nav", "aside", "footer"})
# A photo essay's text is its captions.
_PROSE_TAGS = ("p", "blockquote", "pre", "figcaption")
_RUN_TAGS = ("div", "td", "span", "section", "article", "font")
# A paragraph shorter than this (characters but spaces) is a caption, a credit or a label
# rather than body text.
PARAGRAPH_CHARS = 35
# Children that make a raw page's <div> a container rather than a paragraph (sections, forms and
# page zones included; body._BLOCK_TAGS is where body text breaks into paragraphs).
_BLOCK_CHILDREN = frozenset({"div", "p", "table", "ul", "ol", "section", "article", "h1", "h2",
                             "h3", "h4", "form", "header", "footer", "nav", "aside", "figure"})


def describe(element: _Element) -> str:
    """``tag#id.class`` of an element, for explanations."""
    name = str(element.tag)
    if element.get("id"):
        name += f"#{element.get('id')}"
    classes = (element.get("class") or "").split()
    return name + "".join(f".{c}" for c in classes[:3])


def visible_chars(text: str) -> int:
    """Characters of ``text`` but white space: a measure, not a text (no normalisation, which
    costs more than the measuring on big subtrees)."""
    return sum(map(len, text.split()))


def declares(element: _Element, prop: str) -> bool:
    """Whether ``element`` carries the schema.org property ``prop``: ``itemprop`` holds a list
    of them (Blogger marks a post's body ``itemprop="description articleBody"``)."""
    return prop in (element.get("itemprop") or "").split()


def holds_blocks(element: _Element) -> bool:
    """Whether ``element`` has block children (a ``<div>`` without is a paragraph)."""
    return any(child.tag in _BLOCK_CHILDREN for child in element)


def text_chars(element: _Element) -> int:
    """Characters but white space under ``element``."""
    return visible_chars(element.text_content())


def link_chars(element: _Element) -> int:
    """Characters of linked text under ``element``."""
    return sum(visible_chars(a.text_content()) for a in element.iter("a"))


# A link with this much text is the headline of another article (menu items are shorter).
HEADLINE_LINK = 21
# ... in Chinese, Japanese or Korean, where a character is a syllable or a word, this much (a
# Chinese edition's headlines run 13 to 20 characters, its menu items 2 to 4).
_CJK_HEADLINE_LINK = 10
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# The date of a teaser's meta line: "Đỗ Thanh Mai - 15/11/2026 08:15", "(19/11/2026)".
TEASER_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{2,4}")


class Measures:
    """Text measures of one page's elements, each taken once.

    Only for the page tree, which is never edited once parsed (bodies are cut from copies), so
    an element's text never changes there; and the evidence asks for the same measures over
    and over: each paragraph's teaser test measures its ancestors and their links, and the
    body candidates nest, so a block is measured again for every candidate around it. A tree
    being edited (a body's copy, trafilatura's answer) is measured by the plain functions."""

    __slots__ = ("_headline_links", "_link_chars", "_run_chars", "_text_chars")

    def __init__(self) -> None:
        self._text_chars: dict[_Element, int] = {}
        self._link_chars: dict[_Element, int] = {}
        self._run_chars: dict[_Element, int] = {}
        self._headline_links: dict[_Element, tuple[_Element, ...]] = {}

    def text_chars(self, element: _Element) -> int:
        """Characters but white space under ``element``."""
        chars = self._text_chars.get(element)
        if chars is None:
            chars = self._text_chars[element] = text_chars(element)
        return chars

    def link_chars(self, element: _Element) -> int:
        """Characters of linked text under ``element``."""
        chars = self._link_chars.get(element)
        if chars is None:
            chars = self._link_chars[element] = sum(map(self.text_chars, element.iter("a")))
        return chars

    def link_density(self, element: _Element, chars: int | None = None) -> float:
        """Share of the element's text that is link text: ~0 for prose, near 1 for link
        lists."""
        total = self.text_chars(element) if chars is None else chars
        return self.link_chars(element) / total if total else 0.0

    def headline_links(self, element: _Element) -> tuple[_Element, ...]:
        """Links under ``element`` long enough to be another article's headline."""
        links = self._headline_links.get(element)
        if links is None:
            links = self._headline_links[element] = tuple(
                a for a in element.iter("a") if (chars := self.text_chars(a)) >= HEADLINE_LINK
                or (chars >= _CJK_HEADLINE_LINK and _CJK.search(a.text_content())))
        return links

    def run_chars(self, element: _Element) -> int:
        """Characters of the paragraph-long text runs directly inside ``element`` (between its
        children): the dates after a list's links, "(12/11/2026)", are runs too, but short."""
        chars = self._run_chars.get(element)
        if chars is None:
            runs = (visible_chars(text or "") for text in (element.text, *(c.tail for c in element)))
            chars = self._run_chars[element] = sum(c for c in runs if c >= PARAGRAPH_CHARS)
        return chars


def zone_of(element: _Element, headline: _Element | None = None) -> str | None:
    """The non-article zone ``element`` sits in (itself or an ancestor), e.g. "comment",
    "aside"; None inside ordinary content.

    An ancestor that also holds the headline is a page wrapper whatever its class says
    (WordPress puts "sidebar-right" on ``<body>``, themes "has-sidebar" on the main wrapper),
    so only ancestors below the common one with the headline are judged."""
    wrappers = set(headline.iterancestors()) | {headline} if headline is not None else set()
    node: _Element | None = element
    while node is not None and isinstance(node.tag, str) and node.tag not in ("body", "html"):
        if node in wrappers:
            return None
        own_footer = node.tag == "footer" and _article_footer(node)
        if node.tag in _ZONE_TAGS and not own_footer:
            return node.tag
        marker = f"{node.get('class') or ''} {node.get('id') or ''}"
        match = _ZONE_WORDS.search(marker) if marker.strip() else None
        # An article's own <footer> says so in its class ("entry-footer"): still its own.
        if match and not (own_footer and match.group(0).strip(" _-").lower() == "footer"):
            return match.group(0).strip(" _-").lower()
        node = node.getparent()
    return None


_COMMENT_WORDS = re.compile(
    r"(?:^|[\s_-])(?:comments?|comment-?list|comments?-?area|binh-?luan)(?:$|[\s_-])", re.I)


def in_teaser(block: _Element, container: _Element, chars: int, measures: Measures) -> bool:
    """Whether ``block`` (of ``chars`` characters) shares a small ancestor (up to four levels,
    inside the container, not much more text than the block) with a headline link: the sapo
    of a teaser, not article prose (Drupal's Views wrap a row's sapo three blocks deep)."""
    # A long link inside prose is a reference, not a teaser.
    inline = set(block.iter("a")) if measures.link_chars(block) < 0.5 * chars else set()
    node = block
    for _level in range(4):
        if node is container or measures.text_chars(node) > 2.5 * chars + 150:
            return False
        if any(a not in inline for a in measures.headline_links(node)):
            return True
        parent = node.getparent()
        if parent is None:
            return False
        node = parent
    return False


# The page's own footer by class or id ("footer", "site-footer"; not "entry-footer", a post's).
_FOOTER_WORDS = re.compile(r"(?:^|\s)(?:(?:site|page|main|global)[-_]?)?footer(?:$|\s)", re.I)


def furniture_text(tree: _Element, keep: tuple[_Element | None, ...]) -> str:
    """The match key of the page's furniture that an extractor reading the whole page may
    take for prose: reader comments, the page footer (an old table layout's address and
    licence lines) and another article dropped whole into the page, never a footer or box
    around one of ``keep`` (the headline, our body)."""
    return " ".join(match_key(root.text_content()) for root in furniture_roots(tree, keep))


def furniture_roots(tree: _Element, keep: tuple[_Element | None, ...]) -> list[_Element]:
    """The outermost elements of the furniture :func:`furniture_text` reads, in page order."""
    wrappers = {a for element in keep if element is not None
                for a in (element, *element.iterancestors())}
    roots = []
    for element in tree.iter("*"):
        # One marker per element: this walks every element of the page.
        marker = f"{element.get('class') or ''} {element.get('id') or ''}"
        named = bool(marker.strip())
        comments = named and _COMMENT_WORDS.search(marker)
        if comments or (element not in wrappers and (
                _page_footer(element, marker if named else "")
                or (named and _SIDE_WORDS.search(marker)) or embedded_article(element))):
            roots.append(element)
    found = set(roots)
    return [root for root in roots if not any(a in found for a in root.iterancestors())]


# An embedded article's headline and date line come among a box's first children.
_EMBED_OPENING = 4
# A date line is this short at most.
_DATE_LINE_CHARS = 40
# An article's paragraphs, two at least (a listing's teaser has one sapo): this long each.
_EMBED_PARAGRAPH = 80
_EMBED_HEADINGS = ("h2", "h3", "h4")


def embedded_article(box: _Element, headline: _Element | None = None) -> bool:
    """Whether ``box`` holds another article whole ("Biên tập viên chọn": its linked headline,
    its date line, two paragraphs or more), dropped into the text's container (a teaser of
    a listing has one sapo). A section of the text whose subheading links somewhere has no
    date line of its own; the article's own header block (a blog's headline linking to
    itself over its date) holds ``headline``."""
    if box.tag not in ("div", "section", "aside") or (
            headline is not None and any(box is a for a in headline.iterancestors())):
        return False
    opening = list(box.iterchildren("*"))[:_EMBED_OPENING]
    return any(child.tag in _EMBED_HEADINGS and any(
        a.get("href") and visible_chars(a.text_content()) >= HEADLINE_LINK for a in child.iter("a"))
        for child in opening) and any(
        visible_chars(child.text_content()) <= _DATE_LINE_CHARS
        and TEASER_DATE.search(child.text_content()) for child in opening) \
        and sum(visible_chars(p.text_content()) >= _EMBED_PARAGRAPH for p in box.iter("p")) >= 2


# A side column by class or id in Vietnamese, "cột phải" (right column). Not "sidebar" or
# "widget": on trafilatura's evaluation set, ten pages' texts sit in wrappers so named.
_SIDE_WORDS = re.compile(r"(?:^|[\s_-])cot-?phai(?:$|[\s_-])", re.I)



_FOOTER_LIKE = XPath(".//*[self::footer or contains(@class, 'footer') or contains(@id, 'footer')]")


def holds_page_footer(element: _Element) -> bool:
    """Whether ``element`` holds the page's footer: a wrapper of the whole page, never a body."""
    return any(_page_footer(e, f"{e.get('class') or ''} {e.get('id') or ''}")
               for e in _FOOTER_LIKE(element))


def _page_footer(element: _Element, marker: str) -> bool:
    """The page's footer by tag, or by ``marker`` (its class and id), not a post's own. (Not
    every zone word of :func:`zone_of`: read over the whole page, layout wrappers named
    "…-sidebar-layout" hold articles.)"""
    return (element.tag == "footer" or bool(marker.strip() and _FOOTER_WORDS.search(marker))) \
        and not _in_article(element)


def _article_footer(node: _Element) -> bool:
    """A ``<footer>`` inside an ``<article>`` holds that article's meta line (Drupal's
    "Gửi bởi … vào <time>"), not the page footer."""
    return node.tag == "footer" and _in_article(node)


def _in_article(node: _Element) -> bool:
    return any(a.tag == "article" for a in node.iterancestors())


def in_comment_or_aside(element: _Element) -> bool:
    """Inside a reader comment or an ``aside``/``nav``/``footer``: the zones a headline is never
    in. (Class words like "sidebar" are not trusted here: VnExpress's main column is
    ``div.sidebar-1``.)"""
    node: _Element | None = element
    while node is not None and isinstance(node.tag, str) and node.tag not in ("body", "html"):
        if node.tag in _ZONE_TAGS or _COMMENT_WORDS.search(f"{node.get('class') or ''} "
                                                           f"{node.get('id') or ''}"):
            return True
        node = node.getparent()
    return False


def _in_comment_below(block: _Element, container: _Element) -> bool:
    """Whether ``block`` is a reader comment inside ``container`` (comments are not prose of
    the article, even when the CMS nests them in the article's wrapper)."""
    for node in block.iterancestors():
        if node is container:
            return False
        if _COMMENT_WORDS.search(f"{node.get('class') or ''} {node.get('id') or ''}"):
            return True
    return False


def paragraph_chars(element: _Element, measures: Measures,
                    skip: tuple[_Element | None, ...] = ()) -> int:
    """Characters in prose blocks under ``element``: ``<p>``-like blocks of at least
    :data:`PARAGRAPH_CHARS` that are not mostly links, plus text runs of that length written
    straight into a ``div``/``td``/``span`` between ``<br>`` tags (old ASP.NET and Joomla
    bodies). This is what an article body has much of and a list of teasers little of.
    ``skip`` (the headline, the printed lead) is not counted: the header's, not the body's."""
    total = 0
    for block in element.iter(*_PROSE_TAGS, *_RUN_TAGS):
        if any(block is s or block.getparent() is s for s in skip if s is not None):
            continue
        if block.tag in _PROSE_TAGS:
            chars = measures.text_chars(block)
            if chars >= PARAGRAPH_CHARS and measures.link_chars(block) < 0.5 * chars \
                    and not in_teaser(block, element, chars, measures) \
                    and not _in_comment_below(block, element):
                total += chars
        else:
            own = measures.run_chars(block)
            if own >= PARAGRAPH_CHARS and not _in_comment_below(block, element):
                total += own
    return total


# What a reader never sees: SharePoint prints each field's label ("Tiêu đề", "Tóm tắt") in the
# field, styled display:none, before its text; themes hide copies for other layouts.
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def is_hidden(element: _Element) -> bool:
    """Whether ``element`` is hidden by its own ``hidden`` attribute or inline style."""
    style = element.get("style")
    return element.get("hidden") is not None or bool(style and _HIDDEN_STYLE.search(style))


def shown_text(element: _Element) -> str:
    """The text a reader sees in a headline or a sapo: without its hidden parts (the body's
    collapsed "Xem thêm" half is the article's, and is read whole), and with a line break
    between the words it separates (a headline set on two lines: "…2026 - 2027<br>đón …")."""
    descendants = list(element.iterdescendants())
    if not any(e.tag == "br" or is_hidden(e) for e in descendants):
        return element.text_content()
    copy = deepcopy(element)
    copy.tail = None
    for hidden in [e for e in copy.iterdescendants() if is_hidden(e)]:
        if hidden.getparent() is not None:
            hidden.drop_tree()  # keeps its tail, the text after it
    for line_break in copy.iter("br"):
        line_break.tail = " " + (line_break.tail or "")
    return copy.text_content()
