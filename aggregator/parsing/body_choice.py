"""Which element holds the article body. Sources, in order (``BODY_SOURCES``):

1. the site entry's ``body`` selector, 2. the family's body selectors — each accepted at once
when its element holds real text that is not mostly links and not in a comment or sidebar
(the fast path for known layouts), 3. the best of every generic body selector's matches, the
densest paragraph containers and the block holding a text printed in titled chapters, chosen
by evidence: the most prose (paragraphs of real
length that are not mostly links; an old editor's paragraphs may each be a one-cell table),
then, among the candidates holding nearly all of that prose, the tightest (so a page-wide
``<article>`` wrapper gives way to the text block inside it), never a comment, sidebar or
footer, nor a wrapper holding the page's footer when another candidate holds the text.

Whichever wins, the text goes on past an in-content ad into the next container of the same
markup, and on into loose paragraphs a stray end tag left after it (:func:`continuations`):
many CMSs close the text's block for an ad slot and open it again. And it opens with the
article's own blocks a template prints between the header and the text's container
(:func:`preamble`: a key-points list, a lead photo above the sapo).

When even 3 finds nothing, or its evidence is weak, :mod:`aggregator.parsing.second_opinion`
asks trafilatura.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from lxml.etree import XPath, _Element

from aggregator.parsing.body import figure_of
from aggregator.parsing.context import PageContext
from aggregator.parsing.evidence import (
    PARAGRAPH_CHARS,
    Measures,
    declares,
    describe,
    holds_blocks,
    holds_page_footer,
    paragraph_chars,
    visible_chars,
    zone_of,
)
from aggregator.parsing.families import GENERIC
from aggregator.parsing.provenance import FieldSource, Found
from aggregator.text import normalize_text

MIN_BODY_CHARS = 80
# Above this share of linked text a container is a list of other articles, not a body.
MAX_BODY_LINK_DENSITY = 0.5
# Candidates holding at least this share of the most prose found are "the same text"; the
# tightest of them wins.
_SAME_TEXT = 0.85
# An [itemprop=articleBody] holding this share of the most prose found is the body.
_DECLARED_SHARE = 0.7
# Prose the headline's own <article> must hold for its candidates to be preferred.
_OWN_PROSE = 200
STRONG = "strong"
_GENERIC_BODY_GROUP = ", ".join(GENERIC.body)
WEAK = "weak"


_Measured = tuple[int, int, _Element, str]
"""A candidate's prose characters, text characters, element and description."""


def _acceptable(ctx: PageContext, element: _Element) -> bool:
    measures = ctx.page.measures
    chars = measures.text_chars(element)
    return (chars >= MIN_BODY_CHARS and measures.link_density(element, chars) < MAX_BODY_LINK_DENSITY
            and zone_of(element, ctx.headline) is None)


def _selected(ctx: PageContext, selectors: Iterable[str], source: str, *, trusted: bool = True
              ) -> Found[_Element] | None:
    for selector in selectors:
        for element in ctx.page.select(selector):
            if not trusted and _holds_headline(ctx, element):
                # A guessed family's container around the whole header (headline, date line,
                # comments) is a page-wide wrapper here: left to the evidence, which finds the
                # tightest block holding the same text.
                continue
            if _acceptable(ctx, element):
                return Found(element, f"{source} {selector}", STRONG if trusted else WEAK,
                             element)
    return None


def _holds_headline(ctx: PageContext, element: _Element) -> bool:
    headline = ctx.headline
    return headline is not None and any(a is element for a in headline.iterancestors())


# Inline elements whose tail may be a paragraph written straight into its container.
_RUN_AFTER = ("br", "img")


def _densest_containers(ctx: PageContext) -> list[_Element]:
    """Parents of the page's prose paragraphs, ranked by the prose they hold (a paragraph also
    counts half for its grandparent, so text split over sibling blocks finds their wrapper;
    above a block of one paragraph, the block past the builder's wrappers of it).
    A paragraph is a ``<p>`` or a text run after a ``<br>`` or an ``<img>`` (a photo floated
    into text written straight into its ``<div>``); only on a page where those hold
    no body's worth of text, also a ``<div>`` holding only text (old editors wrote one
    ``<div>`` per paragraph: looking at every ``<div>`` of every page would cost more)."""
    scores = _paragraph_scores(ctx.page.tree, ("p", *_RUN_AFTER), ctx.page.measures)
    # The <p>s of a page written in <div>s may all be its footer's (an eMagazine's story
    # sections, a website builder's blocks): those do not count.
    if not any(score >= MIN_BODY_CHARS and zone_of(element) is None
               for element, score in scores.most_common(3)):
        scores = _paragraph_scores(ctx.page.tree, ("p", *_RUN_AFTER, "div"), ctx.page.measures)
    scores.update(_paragraph_tables(ctx.page.tree, ctx.page.measures))
    densest = [element for element, _score in scores.most_common(3)]
    holders = (_chapters_holder(element, ctx.page.measures) for element in densest)
    # A block holding the headline too is the page's wrapper (a site builder's sections, one
    # of them the footer), not the text's chapters.
    headline = ctx.headline
    return densest + [holder for holder in holders if holder is not None and (
        headline is None or holder not in set(headline.iterancestors()))]


def _chapters_holder(container: _Element, measures: Measures) -> _Element | None:
    """The block holding a text a long-form template prints in chapters, each chapter a block
    of one markup with the text's container inside (an eMagazine's ``section.sp-chapter >
    div.sp-text``, its chapter title and photo beside the text; a photo essay's slides, each
    a photo and its caption): ``container``'s parent, a titled block or a slide, has a
    sibling of the same tag and class holding prose and a title or a photo too. Their ids
    differ (one per chapter)."""
    chapter = container.getparent()
    holder = chapter.getparent() if chapter is not None else None
    if holder is None or holder.tag in ("body", "html") or not chapter.get("class") \
            or chapter.tag not in _CHAPTER_TAGS or not _titled(chapter):
        return None
    classes = set(chapter.get("class", "").split())
    return holder if any(
        sibling is not chapter and sibling.tag == chapter.tag
        and set((sibling.get("class") or "").split()) == classes and _titled(sibling)
        and paragraph_chars(sibling, measures) >= PARAGRAPH_CHARS for sibling in holder) else None


# A chapter is a block of its own (a list's items are replies or teasers), titled by a heading,
# or a gallery's slide: a photo and its caption ("div.swiper-slide").
_CHAPTER_TAGS = ("section", "div", "article")


def _titled(chapter: _Element) -> bool:
    return next(chapter.iter("h2", "h3", "h4", "img"), None) is not None


def _paragraph_tables(tree: _Element, measures: Measures) -> Counter[_Element]:
    """The containers of text written a paragraph per one-cell table (an old editor's habit:
    ``<table><tr><td>Paragraph</td></tr></table>`` over and over), scored by that text: two
    such tables in one block at least. (A layout table of one cell is one table alone.)"""
    scores: Counter[_Element] = Counter()
    counts: Counter[_Element] = Counter()
    for table in tree.iter("table"):
        cells = table.xpath(".//td")
        parent = table.getparent()
        if len(cells) != 1 or parent is None or holds_blocks(cells[0]):
            continue
        chars = measures.text_chars(cells[0])
        if chars >= PARAGRAPH_CHARS:
            scores[parent] += chars
            counts[parent] += 1
    return Counter({parent: score for parent, score in scores.items() if counts[parent] >= 2})


def _paragraph_scores(tree: _Element, tags: tuple[str, ...], measures: Measures
                      ) -> Counter[_Element]:
    scores: Counter[_Element] = Counter()
    for block in tree.iter(*tags):
        run = block.tag in _RUN_AFTER
        holder = block.getparent() if run else block
        if holder is None or (block.tag == "div" and holds_blocks(block)):
            continue
        chars = len((block.tail or "").strip()) if run else measures.text_chars(block)
        if chars < PARAGRAPH_CHARS:
            continue
        parent = holder if run else holder.getparent()
        if parent is None:
            continue
        scores[parent] += chars
        grandparent = _wrapper_above(parent) if len(parent.findall("p")) < 2 \
            else parent.getparent()
        if grandparent is not None and grandparent.tag not in ("body", "html"):
            scores[grandparent] += chars // 2
    return scores


def _wrapper_above(element: _Element) -> _Element | None:
    """The first block above ``element`` (a block of one paragraph) holding more than the
    chain of blocks it sits in: a site builder wraps each paragraph in blocks of its own
    (LadiPage's ``div.ladi-element > div.ladi-paragraph``), and the text's container is the
    block holding them all. (Above a block of paragraphs, its wrappers are the same text.)"""
    node = element.getparent()
    while node is not None and node.tag not in ("body", "html") \
            and sum(1 for child in node if isinstance(child.tag, str)) == 1:
        node = node.getparent()
    return node


def _best_by_evidence(ctx: PageContext) -> Found[_Element] | None:
    candidates: dict[_Element, str] = {}
    # One pass over the page for all generic selectors (a pass per selector costs more than
    # the rest of the choice on big pages).
    for element in ctx.page.select(_GENERIC_BODY_GROUP):
        candidates.setdefault(element, "generic selector")
    for element in _densest_containers(ctx):
        candidates.setdefault(element, "densest paragraph container")
    candidates = {element: f"{name} {describe(element)}" for element, name in candidates.items()}
    measured = [_measured(ctx, e, name) for e, name in candidates.items() if _acceptable(ctx, e)]
    if not measured:
        return None
    measured = _in_headline_article(ctx, measured) or measured
    chosen = _most_prose_tightest(measured)
    if chosen is not None and holds_page_footer(chosen[2]):
        # A wrapper of the whole page whose footer's address lines tipped the count: the
        # text is in a candidate without it.
        chosen = _most_prose_tightest([m for m in measured if not holds_page_footer(m[2])]) \
            or chosen
    if chosen is None:
        return None
    prose, chars, element, name = chosen
    # Prose density alone is no proof: measured on trafilatura's evaluation set, even
    # containers of nearly pure prose are often a part of the text, so they get a second opinion.
    strong = declares(element, "articleBody")
    evidence = f"{prose} of {chars} characters in paragraphs"
    return Found(element, name, (STRONG if strong else WEAK) + f": {evidence}", element)


def _measured(ctx: PageContext, element: _Element, name: str) -> _Measured:
    """A candidate's prose and text, the blocks of the same markup that go on with its text
    after an ad slot (:func:`continuations`) included: the first half of a text an ad slot
    splits holds it all, and is tighter than the article's wrapper around both halves and its
    furniture."""
    measures, header = ctx.page.measures, (ctx.headline, ctx.lead_element)
    parts = continuations(element, measures, loose=False)
    return (sum(paragraph_chars(e, measures, header) for e in (element, *parts)),
            sum(measures.text_chars(e) for e in (element, *parts)), element, name)


def _most_prose_tightest(measured: list[_Measured]) -> _Measured | None:
    """The candidate with the most prose, or the tightest of those holding nearly as much; a
    declared ``articleBody`` holding most of it first."""
    most = max((prose for prose, *_rest in measured), default=0)
    if most == 0:
        return None
    same_text = [m for m in measured if m[0] >= _SAME_TEXT * most]
    # schema.org's articleBody is the page's own statement of where the text is.
    declared = [m for m in measured if declares(m[2], "articleBody")
                and m[0] >= _DECLARED_SHARE * most]
    return min(declared or same_text, key=lambda m: m[1])


def _in_headline_article(ctx: PageContext, measured: list[_Measured]) -> list[_Measured]:
    """The candidates inside the ``<article>`` that holds the headline, when one of them holds
    prose: a block of related posts beside it (its own ``<article>``, with more excerpt text
    than a short post) or the next story of an endless-scroll page is another article."""
    headline = ctx.headline
    article = next((a for a in headline.iterancestors("article")), None) \
        if headline is not None else None
    if article is None:
        return []
    inside = [m for m in measured if m[2] is article or article in m[2].iterancestors()]
    if len(inside) == len(measured) or max((m[0] for m in inside), default=0) < _OWN_PROSE:
        return []
    return inside


BODY_SOURCES: tuple[FieldSource, ...] = (
    ("site selector", lambda ctx: _selected(
        ctx, (s,) if (s := ctx.site_selector("body")) else (), "site selector")),
    # A family recognised by signature (not declared by the entry) is a guess: checked.
    ("family rule", lambda ctx: _selected(ctx, ctx.family_selectors("body"),
                                          f"{ctx.family_name} family rule",
                                          trusted=ctx.family_how == "declared")),
    ("best generic container by evidence", _best_by_evidence),
)


# Between two halves of one body, a page puts an ad or an embed: a block with at most this
# much text of its own (a "Quảng cáo" label), not counting its scripts.
_GAP_CHARS = 40
# Blocks of that kind skipped between two halves, at most.
_GAP_BLOCKS = 2
_SCRIPTS = ("script", "style", "noscript")


def continuations(body: _Element, measures: Measures, *, loose: bool = True) -> list[_Element]:
    """The rest of a body a page splits off after ``body``, among its following siblings:
    containers printed by the same template markup (two ``div.content-detail``: an in-content
    ad slot closes the text's block and the template opens it again), and loose paragraphs,
    figures and subheadings (a stray ``</div>`` in the text closed its container early; a
    browser shows them on after it), past an ad or embed between them; none unless they hold
    prose. Read as one container, the text after the split (often the byline) is lost.
    ``loose=False`` takes the containers of the same markup only."""
    found: list[_Element] = []
    if not body.get("class"):
        return found
    gap = 0
    for sibling in body.itersiblings():
        if not isinstance(sibling.tag, str) or sibling.tag in _SCRIPTS:
            continue
        if (_same_markup(sibling, body) and paragraph_chars(sibling, measures) >= PARAGRAPH_CHARS) \
                or (loose and _loose_block(sibling)):
            found.append(sibling)
            gap = 0
        elif gap < _GAP_BLOCKS and _text_without_scripts(sibling) <= _GAP_CHARS:
            gap += 1
        else:
            break
    return found if sum(paragraph_chars(part, measures) for part in found) >= PARAGRAPH_CHARS \
        else []


# Blocks of a text that a stray end tag leaves outside its container; a paragraph or heading
# with a class of its own is the template's (a tag line, a box title).
_LOOSE_BLOCKS = ("p", "figure", "h2", "h3", "h4", "blockquote")


def _loose_block(element: _Element) -> bool:
    return element.tag in _LOOSE_BLOCKS and (element.tag in ("figure", "blockquote")
                                             or not element.get("class"))


def _same_markup(one: _Element, other: _Element) -> bool:
    """Same tag and id, and ``one`` has every class of ``other`` (it may add one: Báo Lào
    Cai's second half is ``cms-body part-2``): a page's next block of tags, content and
    related posts differ in one of them."""
    return (one.tag, one.get("id")) == (other.tag, other.get("id")) \
        and set((other.get("class") or "").split()) <= set((one.get("class") or "").split())


_TEXTS_WITHOUT_SCRIPTS = XPath(".//text()[not(ancestor::script or ancestor::style)]")


def _text_without_scripts(element: _Element) -> int:
    """Characters but white space under ``element``, its scripts left out (an ad slot holds
    its loader's code)."""
    return sum(visible_chars(text) for text in _TEXTS_WITHOUT_SCRIPTS(element))


# A lead photo's caption is this short at most; a key-points box holds at least this many items,
# each a clause of this length, under a title this short at most ("Nội dung chính").
_LEAD_CAPTION_CHARS = 250
_KEY_POINTS = 2
_KEY_POINT_CHARS = 20
_KEY_POINTS_TITLE_CHARS = 40


def preamble(body: _Element, ctx: PageContext, date: _Element | None) -> list[_Element]:
    """The article's own blocks printed between its header and ``body``, outside it, as the
    container's preceding siblings: a key-points list ("Điểm nhấn", "Nội dung chính": bullets
    of the text's facts, not links; its list without its title) and a lead photo with its
    caption printed above the sapo (a photo right above the text, where pages put a stock
    photo and its credit, is left to the image field), in page order. Walking back from the
    body, the printed sapo is passed over and anything else (the ``date`` line, an author
    box, a share bar, the headline) ends the header's blocks: what stands above it is the
    page's."""
    found: list[_Element] = []
    above_sapo = False
    for sibling in body.itersiblings(preceding=True):
        if not isinstance(sibling.tag, str) or sibling.tag in _SCRIPTS:
            continue
        if _holds(sibling, ctx.headline) or _holds(sibling, date):
            break
        if _holds(sibling, ctx.lead_element):
            above_sapo = True
            continue
        if not _text_without_scripts(sibling) and sibling.find(".//img") is None:
            continue
        own = _lead_photo(sibling, ctx.page.measures) if above_sapo else None
        if own is None:
            own = _key_points(sibling, ctx.page.measures)
        if own is None:
            break
        found.append(own)
    return found[::-1]


def _holds(block: _Element, element: _Element | None) -> bool:
    return element is not None and (block is element or block in element.iterancestors())


def _lead_photo(block: _Element, measures: Measures) -> _Element | None:
    """``block`` when it is a photo and its caption (one image, a short unlinked text that is
    neither a credit alone nor a name and a date: an author box's avatar), as a ``<figure>``
    with its ``<figcaption>``: however a template marks the caption up
    (``div.caption-avatar``), a caption is what the body keeps of it."""
    chars = measures.text_chars(block)
    images = block.xpath(".//img")
    if len(images) != 1 or not 0 < chars <= _LEAD_CAPTION_CHARS or measures.link_chars(block):
        return None
    caption = normalize_text(block.text_content())
    if _CREDIT_ONLY.match(caption) or _DATE.search(caption):
        return None
    return figure_of(images[0], caption)


# A photo's credit alone ("Foto: Michael von Lingen", "Ảnh: Hoàng Lam"), and a date beside a
# name under an avatar.
_CREDIT_ONLY = re.compile(r"^\(?(?:ảnh|photo|foto|bild|nguồn|source)\s*:", re.I)
_DATE = re.compile(r"(?<!\d)\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}(?!\d)")


def _key_points(block: _Element, measures: Measures) -> _Element | None:
    """The list of a key-points box: a list of clauses, not links, under at most a title."""
    lists = block.xpath("descendant-or-self::ul | descendant-or-self::ol")
    if len(lists) != 1:
        return None
    listing = lists[0]
    items = listing.findall("li")
    if len(items) < _KEY_POINTS or measures.link_chars(block) \
            or any(measures.text_chars(item) < _KEY_POINT_CHARS for item in items) \
            or measures.text_chars(block) - measures.text_chars(listing) > _KEY_POINTS_TITLE_CHARS:
        return None
    return listing
