"""The headline. Sources, in order (``TITLE_SOURCES``):

1. the site entry's ``title`` selector, 2. the family's title selectors, 3. any ``h1``/``h2``/
``h3`` that agrees with og:title or the JSON-LD headline, 4. the generic headline selectors,
5. with neither og:title nor a JSON-LD headline to check against (or only the site's name in
them), an ``h2`` whose class (or its wrapper's: ``div.news-detail-title > h2``) names it a
title, a ``p.title`` or an old table layout's title cell (``td.title_news``), 6. og:title
(less a " - Site" part when the page prints only the rest; never the site's name alone), 7.
the JSON-LD headline, 8. the document ``<title>`` without its " | Site" suffix, 9. the feed item's title.

A selector's heading (1, 2, 4) is believed unless og:title or the JSON-LD headline name the
article and another heading agrees with them, or the page sets them as a title elsewhere (with
neither, its document title): many mastheads wrap the logo in an ``h1`` above the article's
own, and a category heading ("Khoa học") often precedes the headline. The title
bar of a CMS box (a portal's portlet, a sidebar widget) is never the headline: e-Gov portals
head every box, the article's included, with an ``h1.portlet-title`` ("Danh mục", "Tin tức - Sự
kiện") and print the headline in an ``h2`` inside. Nor is a heading linking to the site's
home page: the masthead's logo in an ``h1``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

from lxml.etree import XPath, _Element

from aggregator.parsing.context import PageContext
from aggregator.parsing.evidence import in_comment_or_aside, shown_text, zone_of
from aggregator.parsing.provenance import FieldSource, Found
from aggregator.text import has_key, match_key, normalize_text, plain_text, strip_diacritics
from aggregator.urls import domain_name

_TITLE_SUFFIX = re.compile(r"\s+(?:[|–>-]|::|»)\s+")
# Class names CMSs give the title bar of a box (Liferay portlets, WordPress widgets, Drupal
# blocks, Joomla modules).
_BOX_TITLES = frozenset({"portlet-title", "widget-title", "widgettitle", "block-title",
                         "module-title", "moduletitle", "box_title", "box-title", "boxtitle"})


def _references(ctx: PageContext) -> list[str]:
    """og:title and the JSON-LD headline as match keys (computed once per page)."""
    if ctx.title_references is None:
        raw = (ctx.page.meta("og:title"), ctx.structured("headline"))
        # A portal whose og:title is its own name on every page names no article there.
        ctx.title_references = [key for r in raw if isinstance(r, str) and normalize_text(r)
                                and (key := match_key(r)) not in ctx.publisher_keys]
    return ctx.title_references


def _agrees(element: _Element, references: list[str]) -> bool:
    """Whether a heading is the article title. og:title may add a " - Site" suffix, but a
    short category heading that merely opens the title does not count."""
    text = match_key(shown_text(element))
    return bool(text) and any(ref == text or (ref.startswith(text) and 2 * len(text) >= len(ref))
                              for ref in references)


def _agreeing_heading(ctx: PageContext) -> _Element | None:
    references = _references(ctx)
    if not references:
        return None
    for heading in ctx.page.select("h1, h2, h3"):
        if _agrees(heading, references) and not in_comment_or_aside(heading):
            return heading
    return None


def _first_heading(ctx: PageContext, selectors: Iterable[str], source: str
                   ) -> Found[str] | None:
    """The first element of ``selectors`` with text, if nothing contradicts it."""
    for selector in selectors:
        for element in ctx.page.select(selector):
            text = plain_text(shown_text(element))
            if not text or in_comment_or_aside(element) or _box_title(element) \
                    or _home_link(ctx, element):
                continue
            if _named_elsewhere(ctx, element):
                return None
            return Found(text, f"{source} {selector}", "first heading with text", element)
    return None


def _named_elsewhere(ctx: PageContext, element: _Element) -> bool:
    """Whether the page names its article by other words than ``element``'s and shows them
    elsewhere: another heading agrees with og:title or the JSON-LD headline, or the page sets
    those as a title (a headline in a ``div.title`` under a category's ``h1``); with neither,
    it sets its document title so (a Joomla category's ``h1`` over the article's ``h2``). A
    short reference ("Pressemitteilungen") is a section's name, not a headline."""
    references = _references(ctx)
    if references:
        return not _agrees(element, references) and (
            _agreeing_heading(ctx) is not None
            or any(_set_as_title(ctx, key, element) for key in references
                   if len(key) >= _HEADLINE_CHARS))
    document_title = _document_title(ctx)
    if document_title is None or len(document_title.value) < _HEADLINE_CHARS:
        return False
    key = match_key(document_title.value)
    return key not in ctx.publisher_keys and not _agrees(element, [key]) \
        and _set_as_title(ctx, key, element)


# Where a page sets a headline: a heading, or an element its class or itemprop names a title.
_TITLE_ELEMENTS = XPath("//body//*[self::h1 or self::h2 or self::h3 or self::h4"
                        " or contains(@class, 'title') or contains(@class, 'Title')"
                        " or @itemprop = 'headline']")


def _set_as_title(ctx: PageContext, key: str, heading: _Element) -> bool:
    """Whether the page sets the title of match key ``key`` (less a " - Site" part) as a title
    in an element that is neither ``heading`` nor around or inside it."""
    for element in _TITLE_ELEMENTS(ctx.page.tree):
        if element is heading or any(a is heading for a in element.iterancestors()) \
                or any(a is element for a in heading.iterancestors()):
            continue
        if _agrees(element, [key]) and zone_of(element) is None:
            return True
    return False


def _home_link(ctx: PageContext, element: _Element) -> bool:
    """A heading that links to the site's home page: the masthead's logo in an ``h1``
    ("BÁO HÒA BÌNH ĐIỆN TỬ"), not the article's headline."""
    site = urlsplit(ctx.url).netloc
    for link in (*element.iter("a"), *element.iterancestors("a")):
        href = (link.get("href") or "").strip()
        if not href or href.startswith("#"):
            continue
        target = urlsplit(urljoin(ctx.url, href))
        if target.netloc == site and target.path in ("", "/") and not target.query:
            return True
    return False


def _box_title(element: _Element) -> bool:
    """A box's title bar, or the heading inside one (``div.widget-title > h2``)."""
    parent = element.getparent()
    return any(not _BOX_TITLES.isdisjoint((e.get("class") or "").split())
               for e in (element, parent) if e is not None)


def _site_selector(ctx: PageContext) -> Found[str] | None:
    selector = ctx.site_selector("title")
    return _first_heading(ctx, (selector,), "site selector") if selector else None


def _family_rule(ctx: PageContext) -> Found[str] | None:
    return _first_heading(ctx, ctx.family_selectors("title"), f"{ctx.family_name} family rule")


def _agreeing(ctx: PageContext) -> Found[str] | None:
    heading = _agreeing_heading(ctx)
    if heading is None:
        return None
    return Found(plain_text(shown_text(heading)), f"<{heading.tag}> agreeing with og:title",
                 "same words as og:title / the JSON-LD headline", heading)


def _generic(ctx: PageContext) -> Found[str] | None:
    return _first_heading(ctx, ctx.generic_selectors("title"), "generic selector")


def _titled_heading(ctx: PageContext) -> Found[str] | None:
    """An ``h2.title-news`` or an ``h2`` in a ``div.news-detail-title`` (a portal's headline
    under its box's ``h1``), or a ward portal's ``p.title`` (no heading at all), only where
    nothing names the article to check it against: otherwise og:title is the better guess, and a
    document ``<title>`` the page prints (DNN's ``span.news-title`` under the container's
    ``h2.c_title``) is the headline."""
    if _references(ctx):
        return None
    document_title = _document_title(ctx)
    printed = printed_title(ctx, document_title.value) if document_title is not None \
        and match_key(document_title.value) not in ctx.publisher_keys else None
    # A document title the page prints as a link is a menu's label ("Liên hiệp hội tỉnh - Tin
    # tức": the section's name on every page of it), not the article's headline.
    if printed is not None and printed.tag != "a" and next(printed.iterancestors("a"), None) is None:
        return None
    return _first_heading(ctx, _TITLED_HEADINGS, "titled heading")


# A heading classed as a title, a ward portal's ``p.title``, and an old table layout's title
# cell (``td.title_news``: classic ASP prints the headline in a cell; its boxes' title bars,
# ``td.box_title``, are passed over as every box title is).
_TITLED_HEADINGS = ("h2[class*=title]", "[class*=title] > h2", "p.title", "td[class*=title]")


def printed_title(ctx: PageContext, title: str) -> _Element | None:
    """Where the page prints a title taken from metadata (an ASP.NET ``span#…lblTitle``, a
    portal's ``div.news-title``, set on two lines): the anchor the date and lead are placed
    by."""
    key = match_key(title)
    body = ctx.page.body
    for element in body.iter() if body is not None else ():
        text = element.text
        # A line break between two of its words reads as a space.
        if text and len(text) < 3 * len(title) and (
                has_key(element.text_content(), key)
                or (element.find("br") is not None and has_key(shown_text(element), key))) \
                and zone_of(element) is None:
            return element
    return None


def title_image(ctx: PageContext, title: str) -> _Element | None:
    """A headline set as an image (a long-form cover's lettering, its ``alt`` the title):
    the anchor the date and lead are placed by, where the page prints the title nowhere."""
    key = match_key(title)
    body = ctx.page.body
    for image in body.iter("img") if body is not None and key else ():
        if match_key(image.get("alt") or "") == key and zone_of(image) is None:
            return image
    return None


def _text_source(name: str, raw: object) -> Found[str] | None:
    text = plain_text(raw) if isinstance(raw, str) else ""
    return Found(text, name) if text else None


def _declared_title(ctx: PageContext, name: str, raw: object) -> Found[str] | None:
    """og:title, less a " - Site" part the page does not print with the rest: an old portal
    puts the document title in og:title and prints the headline in a ``<b>`` of its own."""
    found = _text_source(name, raw)
    if found is not None and match_key(found.value) in ctx.publisher_keys:
        return None  # the site's name on every page
    parts = len(_TITLE_SUFFIX.split(found.value)) if found is not None else 0
    if found is None or parts < 2 or printed_title(ctx, found.value) is not None:
        return found
    printed = _printed_run(ctx, found.value, 0, parts)
    return Found(printed, name, "the part the page prints") if printed else found


def _document_title(ctx: PageContext) -> Found[str] | None:
    """The document title less the site's name, which usually comes after the headline
    ("Headline | Site") and sometimes before it ("Báo X Online - Headline", "Site ::
    Headline"): the parts at either end that name the site are left out; of the rest, the
    longest run the page prints (a headline may hold a dash itself), else its first part."""
    title = plain_text(ctx.page.tree.findtext(".//title"))
    if not title:
        return None
    pieces = _TITLE_SUFFIX.split(title)
    first, last = 0, len(pieces)
    while first < last - 1 and _names_site(ctx, pieces[first]):
        first += 1
    while last - 1 > first and _names_site(ctx, pieces[last - 1]):
        last -= 1
    printed = _printed_run(ctx, title, first, last) if last - first > 1 else None
    if printed:
        return Found(printed, "<title>", "the part the page prints")
    return Found(pieces[first], "<title>")


def _printed_run(ctx: PageContext, title: str, first: int, last: int) -> str | None:
    """The longest run of the title's parts ``first`` to ``last`` that the page prints, runs
    opening at ``first`` before the others. A run after the first part counts only when it is
    headline-long: a short part the page prints is a menu label ("Blog"), and in "Site >
    Section > Headline" the section comes first. With no
    part known for the site's name at all, one of them still is: never the whole title."""
    pieces, separators = _TITLE_SUFFIX.split(title), _TITLE_SUFFIX.findall(title)
    longest = last - first if last - first < len(pieces) else last - first - 1
    starts = range(first, last)
    runs = sorted(((start, end) for start in starts
                   for end in range(start + 1, min(start + longest, last) + 1)),
                  key=lambda run: (run[0] > first, run[0] - run[1]))
    for start, end in runs:
        run = pieces[start] + "".join(sep + piece for sep, piece in zip(
            separators[start:end - 1], pieces[start + 1:end], strict=True))
        if (start == first or len(run) >= _HEADLINE_CHARS) and printed_title(ctx, run) is not None:
            return run
    return None


def _names_site(ctx: PageContext, piece: str) -> bool:
    """Whether a part of the document title is the site's name: the entry's or og:site_name,
    or holding the domain's name ("Báo Đồng Khởi Online" on baodongkhoi.vn)."""
    key = match_key(piece)
    if key in ctx.publisher_keys:
        return True
    letters = _NOT_LETTERS.sub("", strip_diacritics(key))
    domain = _NOT_LETTERS.sub("", domain_name(ctx.url))
    return len(domain) >= _MIN_DOMAIN_NAME and domain in letters


_NOT_LETTERS = re.compile(r"[^a-z0-9]")
# A part of the document title shorter than this, not opening it, is a label, not a headline.
_HEADLINE_CHARS = 20
# A domain name shorter than this (vov, qdnd, sggp) may be letters inside any words.
_MIN_DOMAIN_NAME = 5


TITLE_SOURCES: tuple[FieldSource, ...] = (
    ("site selector", _site_selector),
    ("family rule", _family_rule),
    ("heading agreeing with og:title", _agreeing),
    ("generic selector", _generic),
    ("titled h2 where nothing names the article", _titled_heading),
    ("og:title", lambda ctx: _declared_title(ctx, "og:title", ctx.page.meta("og:title"))),
    ("JSON-LD headline", lambda ctx: _text_source("JSON-LD headline", ctx.structured("headline"))),
    ("<title>", _document_title),
    ("feed item title", lambda ctx: _text_source("feed item title", ctx.hints.title)),
)
