"""Whether a page is one article or a listing of many, by evidence rather than by og:type.

An article is one headline over prose; a category, tag or search page is many teasers: a
headline link, maybe a thumbnail, a date and a short sapo each. So the chosen body container
is read for prose paragraphs that do not belong to a teaser (a block holding a headline-sized
link to another page) against the number of such links. og:type and JSON-LD are one signal:
a page declaring itself a website is still an article when its body evidence is strong (an
``[itemprop=articleBody]``, a site or family rule), and a page declaring itself an article is
still a listing when it holds teasers and no prose. A page that marks several posts as
posts (Blogger's label and archive pages print each post, or its opening, under its own
``[itemprop=articleBody]``) is a listing whatever their prose.
"""

from __future__ import annotations

import re

from lxml.etree import _Element

from aggregator.parsing.evidence import (
    TEASER_DATE,
    Measures,
    declares,
    in_teaser,
    visible_chars,
    zone_of,
)
from aggregator.text import match_key

_PROSE = 70
# A paragraph of another extractor's text counts as prose from this length on, and is found
# among the teasers by its opening characters.
_PROSE_TEXT = 100
_WINDOW = 50
# A headline, a date and a sapo; a block with more text around a lone link is an article.
_TEASER_MAX_CHARS = 600
_MIN_TEASERS = 3
# A listing's text is mostly its teasers.
_TEASER_SHARE = 0.5


# A page declaring this many post bodies is a listing of posts.
_MIN_DECLARED_POSTS = 3
# ... unless one of them holds this many times the text of the next: the article, among
# related posts marked up as posts.
_DOMINANT_POST = 2


def declared_posts_reason(page_body: _Element, body: _Element | None, measures: Measures
                          ) -> str | None:
    """Why a page is a listing of posts it declares one by one: bodies holding text under at
    least :data:`_MIN_DECLARED_POSTS` different items (``itemscope``), none of them the page's
    article (holding :data:`_DOMINANT_POST` times the text of the next), and the body our
    evidence chose (if any) one of them or around them. None when one article splits its own
    body into several ``articleBody`` parts under its one item, or when related posts are
    marked up as posts beside an article found elsewhere."""
    chars: dict[_Element, int] = {}
    for element in page_body.xpath(".//*[@itemprop]"):
        if declares(element, "articleBody"):
            item = next((a for a in element.iterancestors() if a.get("itemscope") is not None),
                        None)
            if item is not None:
                chars[item] = chars.get(item, 0) + measures.text_chars(element)
    sizes = sorted((size for size in chars.values() if size), reverse=True)
    if len(sizes) < _MIN_DECLARED_POSTS or sizes[0] >= _DOMINANT_POST * sizes[1]:
        return None
    if body is not None and not any(a in chars for a in (body, *body.iterancestors())) \
            and not any(body in item.iterancestors() for item in chars):
        return None
    return f"a listing: {len(sizes)} posts, each with its own [itemprop=articleBody]"


# A photo essay's captions: this many at least, each this long (a sentence, not a label).
_PHOTO_ESSAY_CAPTIONS = 3
_CAPTION_MIN_CHARS = 30


def photo_essay(container: _Element, measures: Measures) -> bool:
    """Whether ``container`` tells a story in captioned photos (a "Phóng sự ảnh", a gallery of
    an event): three captions or more that are sentences, not links nor teasers. Its text is
    short; a listing's photos carry headline links instead."""
    captions = 0
    for caption in container.iter("figcaption"):
        chars = measures.text_chars(caption)
        if chars >= _CAPTION_MIN_CHARS and measures.link_chars(caption) < 0.5 * chars \
                and not in_teaser(caption, container, chars, measures) and zone_of(caption) is None:
            captions += 1
    return captions >= _PHOTO_ESSAY_CAPTIONS


def prose_paragraphs(container: _Element, measures: Measures) -> int:
    """Paragraphs of real prose in ``container`` that are not teasers, nor page furniture (a
    footer's address and licence lines read like prose). A paragraph is a ``<p>``, or a run of
    text written straight into a ``<div>``/``<td>``/``<span>`` (before its first child, or after
    a ``<br>`` or a floated photo)."""
    count = 0
    for block in container.iter("p", "div", "td", "span"):
        runs = [measures.text_chars(block)] if block.tag == "p" \
            else list(map(visible_chars, _runs(block)))
        for chars in runs:
            if chars >= _PROSE and measures.link_chars(block) < 0.5 * chars \
                    and not in_teaser(block, container, chars, measures) \
                    and zone_of(block) is None:
                count += 1
    return count


def _runs(block: _Element) -> list[str]:
    """The text written straight into ``block``: before its first child and after each."""
    return [text for text in (block.text, *(child.tail for child in block)) if text]


def _teaser_chars(link: _Element, container: _Element, measures: Measures) -> int:
    """Characters of the teaser around a headline link."""
    return measures.text_chars(_teaser(link, container, measures))


def listing_reason(container: _Element, measures: Measures) -> str | None:
    """Why the page whose main block is ``container`` is a listing; None for an article: at
    least :data:`_MIN_TEASERS` headline links, no more than one prose paragraph, and most of
    the text in the teasers around those links (title, date, sapo)."""
    links = measures.headline_links(container)
    if len(links) < _MIN_TEASERS or prose_paragraphs(container, measures) >= 2:
        return None
    in_teasers = sum(_teaser_chars(link, container, measures) for link in links)
    if in_teasers >= _TEASER_SHARE * measures.text_chars(container):
        return f"a listing: {len(links)} article links and no prose"
    return None


# A teaser's meta line is this short at most.
_DATE_LINE_CHARS = 80
_MIN_DATE_LINES = 3


def only_date_lines(text: str) -> bool:
    """Whether a text (blocks split by blank lines) is nothing but short lines with a date,
    four in five at least: the meta lines of a listing's teasers, read without their headline
    links, not an article."""
    blocks = text.split("\n\n")
    dated = sum(len(b) <= _DATE_LINE_CHARS and bool(TEASER_DATE.search(b)) for b in blocks)
    return dated >= _MIN_DATE_LINES and dated >= 0.8 * len(blocks)


def prose_outside_teasers(text: str, page_body: _Element, measures: Measures) -> int:
    """Characters of ``text``'s prose paragraphs (another extractor's answer, paragraphs split
    by blank lines) that are not the page's teasers: a category page's sapos are prose-like
    too, but each sits beside its headline link (or is glued onto it: "Headline 19/11 Sapo"),
    a paragraph holding several teasers' headlines is the listing read as one run of text
    (menu, teasers and pager glued together), and one made of the page's link texts is a
    menu."""
    links = measures.headline_links(page_body)
    headlines = tuple(key for a in links if (key := match_key(a.text_content())))
    # Their pieces apart: a table row's cells ("1", "Headline", "Field", "Date") read as one
    # glued text ("1Headline…") would match no line of the other's answer ("1 Headline …").
    teasers = match_key(" ".join(" ".join(_teaser(link, page_body, measures).itertext())
                                 for link in links))
    # A menu read as one line of its items' names ("Trang chủ Giới thiệu Lịch sử …").
    linked = match_key(" ".join(a.text_content() for a in page_body.iter("a")))
    return sum(len(paragraph) for paragraph in text.split("\n\n")
               if len(paragraph) >= _PROSE_TEXT and not _menu_line(paragraph)
               and (key := match_key(paragraph))[:_WINDOW] not in teasers
               and key not in linked
               and not key.startswith(headlines)
               and sum(headline in key for headline in headlines) < _MIN_TEASERS)


# A menu read as a line of text: "Tin tức | Thời sự | Chính trị | …".
_MENU_SEPARATOR = re.compile(r"\s[|•·]\s")
_MENU_ITEMS = 5
_MENU_ITEM_CHARS = 40


def _menu_line(paragraph: str) -> bool:
    """Whether a paragraph is a menu's items glued by separators, not prose."""
    items = _MENU_SEPARATOR.split(paragraph)
    return len(items) >= _MENU_ITEMS and max(map(len, items)) <= _MENU_ITEM_CHARS


def _teaser(link: _Element, container: _Element, measures: Measures) -> _Element:
    """The teaser around a headline link: its widest ancestor (up to three levels, inside the
    container, no longer than a teaser) linking to no other article."""
    teaser, node = link, link.getparent()
    for _level in range(3):
        # Title, thumbnail and "read more" of one teaser all link to the same article.
        if node is None or node is container or measures.text_chars(node) > _TEASER_MAX_CHARS \
                or len({a.get("href") for a in measures.headline_links(node)}) > 1:
            break
        teaser, node = node, node.getparent()
    return teaser
