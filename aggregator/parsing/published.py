"""The publication date. Sources, in order (``PUBLISHED_SOURCES``):

1. the site entry's ``date`` selector,
2. structured data (``article:published_time``, ``itemprop``/``name`` datePublished or pubdate
   metas, a journal's ``citation_publication_date``/``DC.Date.issued``, JSON-LD
   ``datePublished``); where the first two disagree, the one the printed
   time agrees with; a date-only value is refined by a printed time of the same day (the
   family's date element or the printed date by the headline),
3. the ``datePublished`` microdata of the item holding the headline (Blogger's
   ``abbr.published[title]`` in the post's footer, as a permalink: the post's own date, where a
   page-wide search would pass it over as footer or link-list furniture),
4. the family's date selectors,
5. generic machine-readable dates (``time[datetime]``, ``[itemprop=datePublished]``, Drupal's
   RDFa ``dc:created``, WordPress ``span.updated``) outside link lists, comments and sidebars,
6. the date the feed or sitemap gave for the page,
7. a date printed by the headline: the nearest one below it, or one just above it that
   carries a time (national sites print "Thứ hai, 30/11/2026, 14:05 (GMT+7)" above the
   headline); the "today" banner above the masthead, dates in related-article lists,
   sidebars, comments and footers, dates inside running text, in the headline's own words,
   in a schedule table's rows or a record's labelled fields never count,
8. a relative age printed by the headline ("8 ngày", "2 giờ trước") whose ``title``
   attribute holds the full date and time (a reader sees it on hovering),
9. htmldate's day (its fast search, the original date), for layouts none of the above knows:
   metadata names, URL dates and printed forms in other languages; only to the day, at
   00:00, and never from reader comments or the page footer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from copy import deepcopy
from datetime import datetime, time
from urllib.parse import urljoin

from lxml.etree import XPath, _Element

from aggregator.dates import MONTH_WORD, RELATIVE_AGE, parse_date, parse_feed_date, same_minute
from aggregator.parsing.context import PageContext
from aggregator.parsing.evidence import (
    Measures,
    declares,
    embedded_article,
    furniture_roots,
    zone_of,
)
from aggregator.parsing.provenance import FieldSource, Found
from aggregator.text import normalize_text

# Text nodes that may hold a printed date: a numeric day/month/year, ISO, the spelled-out
# "ngày 20 tháng 11 năm 2026", or an English edition's "November 18, 2026".
_DATE_TEXT = re.compile(r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}|\d{4}-\d{2}-\d{2}"
                        rf"|th[aá]ng\s*\d|{MONTH_WORD}\.?\s+\d{{1,2}},?\s+\d{{4}}"
                        rf"|\d{{1,2}}\s+{MONTH_WORD}\.?,?\s+\d{{4}}", re.I)
# Every form of _DATE_TEXT holds a digit: most of a page's text nodes have none, and this test
# is a quarter of the cost of trying _DATE_TEXT's alternatives at every position of them.
_DIGIT = re.compile(r"\d")
# The page's text nodes, tested against _DATE_TEXT in Python: an EXSLT ``re:test`` in the
# XPath calls back into Python for every text node of the page (~1 ms a page).
_PAGE_TEXTS = XPath("//body//text()[not(ancestor::script) and not(ancestor::style)]")
_CLOCK = re.compile(r"\d{1,2}\s*(?::|h|giờ)\s*\d{2}")
# A date line is short; a date inside a longer text is part of the article's prose.
_MAX_DATE_LINE = 120
# How far above the headline a printed date may sit (elements in document order): the
# header block of a national site, not the masthead's "today" banner.
_ABOVE_WINDOW = 25
# A table with this many rows holding dates is data (a schedule), not a layout.
_DATED_ROWS = 3
# A record's field label ("Ngày nộp đơn") is this short; the labels of the page's own date.
_FIELD_LABEL_CHARS = 40
_POSTED_LABEL = re.compile(r"đăng|cập nhật|xuất bản|posted|published|updated|\bdate\b", re.I)


# A machine-readable value giving the day alone ("2026-11-17").
_DAY_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _from_element(element: _Element, reference: datetime) -> datetime | None:
    """The date an element states in an attribute, else in its text; a day alone in the
    attribute takes the time its text prints for that day (``<time datetime="2026-11-17">
    Thứ Ba, 17/11/2026 15:20</time>``)."""
    for attribute in ("datetime", "content", "title"):
        value = element.get(attribute)
        if value:
            parsed = parse_feed_date(value, reference=reference)  # falls back to parse_date
            if parsed and _DAY_ONLY.fullmatch(value.strip()):
                printed = parse_date(element.text_content(), reference=reference)
                return printed if printed and printed.date() == parsed.date() else parsed
            if parsed:
                return parsed
    return parse_date(element.text_content(), reference=reference)


def _selected(ctx: PageContext, selectors: Iterable[str], source: str, *, guarded: bool
              ) -> Found[datetime] | None:
    for selector in selectors:
        for element in ctx.page.select(selector):
            if guarded and (_outside_article(ctx, element) or _masthead(ctx, element)):
                continue
            value = _from_element(element, ctx.reference)
            if value:
                return Found(value, f"{source} {selector}", "", element)
    return None


def in_link_list(element: _Element, headline: _Element | None, measures: Measures,
                 own_urls: frozenset[str], base: str) -> bool:
    """Inside a link to another page, or a teaser of a related/most-read list: an ancestor
    block (up to four levels, below the headline's own containers) that is mostly a link to
    another page (not a link naming a date). A link to the page itself (``own_urls``:
    WordPress wraps the post's ``time.entry-date`` in its permalink) is the article's own;
    links are read against ``base``, the page's URL."""
    wrappers = set(headline.iterancestors()) if headline is not None else set()
    node: _Element | None = element
    for _level in range(5):
        if node is None or node in wrappers or node.tag in ("body", "html"):
            return False
        if node.tag == "a" and _target(node, base) not in own_urls:
            return True
        if node.tag == "li" and node.find(".//a") is not None:
            return True
        chars = measures.text_chars(node)
        if chars and _teaser_links(measures.headline_links(node)) \
                and measures.link_chars(node) >= 0.4 * chars:
            return True
        node = node.getparent()
    return False


# What a link naming an issue or a day may say besides its date ("Số báo in ngày").
_DATE_LINK_WORDS = 20


def _teaser_links(links: tuple[_Element, ...]) -> bool:
    """Whether any of a block's headline-sized links may be a teaser's: one that is little
    more than a date ("Số báo in ngày 15/11/2026", the print edition linked on the article's
    own date line) names an issue or an archive day, not another article ("19.01.2021 - Die
    besten Biathleten …" is a headline that opens with its date)."""
    return any(len(_DATE_TEXT.sub("", link.text_content()).strip()) > _DATE_LINK_WORDS
               for link in links)


def _masthead(ctx: PageContext, element: _Element) -> bool:
    """Far above the headline: the masthead's "today" banner ("Chủ nhật, 22/11/2026"), which
    a guessed family's ``.date`` or a generic selector may match first."""
    headline = ctx.headline
    return headline is not None and \
        ctx.order.get(element, 0) < ctx.order.get(headline, 0) - _ABOVE_WINDOW


def _target(link: _Element, base: str) -> str:
    """Where a link goes: absolute, without its fragment or a closing slash."""
    return _comparable(urljoin(base, (link.get("href") or "").strip()))


def _comparable(url: str) -> str:
    return url.split("#", 1)[0].rstrip("/")


# How far above a date line the box of another article dropped whole into the page may be.
_EMBED_DEPTH = 2


def _outside_article(ctx: PageContext, element: _Element) -> bool:
    own = frozenset(_comparable(urljoin(ctx.url, url)) for url in
                    (ctx.url, ctx.page.link_href("canonical") or "") if url)
    return zone_of(element, ctx.headline) is not None \
        or in_link_list(element, ctx.headline, ctx.page.measures, own, ctx.url) \
        or any(embedded_article(box, ctx.headline)
               for box in list(element.iterancestors())[:_EMBED_DEPTH])


def _structured(ctx: PageContext) -> Found[datetime] | None:
    found = [(name, value) for name, raw in (
        ("article:published_time", ctx.page.meta("article:published_time", "datepublished",
                                                 "pubdate")),
        # A journal article's (Highwire Press and Dublin Core tags, which OJS writes): the
        # issue's publication, not the submission or acceptance printed beside it.
        ("citation metas", ctx.page.meta("citation_publication_date", "citation_date",
                                         "dc.date.issued")),
        ("JSON-LD datePublished", ctx.structured("datePublished")))
        if isinstance(raw, str) and (value := parse_feed_date(raw, reference=ctx.reference))]
    if not found:
        return None
    name, value = found[0]
    disagree = len(found) > 1 and found[1][1] != value
    if not disagree and value.time() != time(0, 0):
        return Found(value, name, "structured data")
    # The printed date decides: which of two statements that disagree, or the time of a
    # date-only one. (Looked for once: it walks the page's text.)
    printed = _family_rule(ctx) or _printed_by_headline(ctx)
    if disagree and printed is not None:
        agreeing = [(n, v) for n, v in found if same_minute(printed.value, v)]
        if agreeing:
            name, value = agreeing[0]
            return Found(value, name, f"structured data agreeing with the {printed.source}")
    if value.time() == time(0, 0) and printed and printed.value.date() == value.date():
        if printed.value.time() != time(0):
            return Found(printed.value, f"{name} + {printed.source}",
                         f"{DATE_ONLY_PRINTED}, time printed on the page", printed.element)
        # No time on either: the printed line is still the page's date line (where a byline
        # may sit beside the date).
        return Found(value, f"{name} + {printed.source}",
                     f"{DATE_ONLY_PRINTED}, the same day printed on the page", printed.element)
    return Found(value, name, "structured data")


def _item_of(element: _Element) -> _Element | None:
    """The microdata item (``itemscope``) ``element`` belongs to."""
    return next((a for a in element.iterancestors() if a.get("itemscope") is not None), None)


def _headline_item_date(ctx: PageContext) -> Found[datetime] | None:
    item = _item_of(ctx.headline) if ctx.headline is not None else None
    if item is None:
        return None
    for element in item.iter():
        if declares(element, "datePublished") and _item_of(element) is item:
            value = _from_element(element, ctx.reference)
            if value:
                return Found(value, "datePublished of the headline's item", "microdata",
                             element)
    return None


def _family_rule(ctx: PageContext) -> Found[datetime] | None:
    # A family recognised from the page (not declared by the entry) is a guess: its date
    # selector (".date") may match a side list's dates, so it is read like a generic one.
    return _selected(ctx, ctx.family_selectors("date"), f"{ctx.family_name} family rule",
                     guarded=ctx.family_how != "declared")


def _date_lines(ctx: PageContext) -> Iterable[tuple[_Element, str]]:
    """Short elements whose text holds a date: the highest ancestor (up to two levels up)
    still short enough to be one date line, so "20/11/2026 <span>08:15</span>" reads whole,
    below a short header block that holds the headline too;
    a line that already holds its time is whole (the block around "08:12 | 06/11/2026" is
    the byline's, not the date's)."""
    for text in _PAGE_TEXTS(ctx.page.tree):
        element = text.getparent() if _DIGIT.search(text) and _DATE_TEXT.search(text) else None
        if element is None:
            continue
        if text.is_tail:
            element = element.getparent()
        line = _line_text(element) if element is not None else ""
        if element is None or len(line) > _MAX_DATE_LINE:
            continue
        for _level in range(2):
            if _CLOCK.search(line):
                break
            parent = element.getparent()
            if parent is None or parent.tag in ("body", "html") or (
                    ctx.headline is not None and any(a is parent for a in ctx.headline.iterancestors())):
                break  # a short header block holding the headline too is no date line
            wider = _line_text(parent)
            if len(wider) > _MAX_DATE_LINE:
                break
            element, line = parent, wider
        yield element, line


def _line_text(element: _Element) -> str:
    """The text of a date line with its pieces apart: "10:30" in one ``span`` and "1.034 lượt
    xem" in the next must not read "10:301.034"."""
    return normalize_text(" ".join(element.itertext()))


# The start of the source name of a date read from a printed date line (its element is that
# line, where a byline may stand too).
PRINTED_DATE = "date printed"
# The evidence of a date-only structured date read with the date line printed on the page.
DATE_ONLY_PRINTED = "date-only structured date"


def _printed_by_headline(ctx: PageContext) -> Found[datetime] | None:
    headline = ctx.headline
    if headline is None:
        return None
    start = ctx.order.get(headline, 0)
    above: Found[datetime] | None = None
    above_position = start
    for element, line in _date_lines(ctx):
        position = ctx.order.get(element, -1)
        if position < start - _ABOVE_WINDOW or _outside_article(ctx, element) \
                or _in_headline(element, headline) or _in_data_table(element) \
                or _ORIGINAL_CREDIT.match(line) or _hidden_by_class(element):
            continue
        value = parse_date(line, reference=ctx.reference)
        if value is None:
            continue
        timed = bool(_CLOCK.search(line))
        if position < start:
            if timed:
                above, above_position = Found(
                    value, f"{PRINTED_DATE} above the headline",
                    f"{start - position} elements above, with a time", element), position
            continue
        below = Found(value, f"{PRINTED_DATE} below the headline",
                      f"{position - start} elements below", element)
        if above is None or (timed and position - start < start - above_position):
            return below
        return above
    return above


# A repost's line crediting the original, with the original's date: "Nguồn: Báo Công Thương,
# 15/11/2026", "(Bài đăng trên Báo Lạng Sơn điện tử ngày 08/11/2026)", "Theo Báo X, đăng ngày
# …", "Ngày đăng bài gốc: …". Not this page's date.
_ORIGINAL_CREDIT = re.compile(r"^\(?\s*(?:nguồn\b|theo\b.{0,80}\bđăng ngày|bài (?:đã )?đăng (?:trên|tại)"
                              r"|ngày đăng bài gốc)", re.I)


# Class names that hide an element from every reader (Bootstrap's, WordPress's screen-reader
# text): a machine date kept for microdata ("<span class="hidden" itemprop="datePublished">")
# is no printed line.
_HIDING_CLASSES = frozenset({"hidden", "hide", "d-none", "sr-only", "visually-hidden",
                             "screen-reader-text"})


def _hidden_by_class(element: _Element) -> bool:
    return not _HIDING_CLASSES.isdisjoint((element.get("class") or "").split())


def _in_headline(element: _Element, headline: _Element) -> bool:
    """Whether a date is the headline's own words ("Lịch cắt điện từ ngày 21 đến 23/11/2026"):
    what the article is about, not when it was published."""
    return element is headline or any(a is headline for a in element.iterancestors())


def _in_data_table(element: _Element) -> bool:
    """Whether a date is a table's data, not the page's date line: a field of a record
    (:func:`_labelled_field`) or a cell of a table whose short rows hold dates (a schedule, a
    list of results; a layout table holds other tables or long rows of text, and its date row
    is the only short one with a date)."""
    if element.tag == "table":  # a small table read whole as one date line
        table, rows = element, list(element.iter("tr"))
    else:
        row = element if element.tag == "tr" else next(element.iterancestors("tr"), None)
        table = next(row.iterancestors("table"), None) if row is not None else None
        rows = [row] if row is not None else []
    if table is None:
        return False
    if any(_labelled_field(row) for row in rows):
        return True
    if table.find(".//table") is not None:  # a layout holds other tables
        return False
    dated = 0
    for other in table.iter("tr"):
        text = other.text_content()
        dated += len(text) <= _MAX_DATE_LINE and bool(_DATE_TEXT.search(text))
        if dated >= _DATED_ROWS:
            return True
    return False


def _labelled_field(row: _Element) -> bool:
    """Whether a table row is a field of a record, "Ngày nộp đơn | 14/09/2023" (a patent's,
    a decision's): a short label cell, then the date; only a label saying the page was
    posted or updated ("Ngày đăng", "Cập nhật") makes it the page's date."""
    cells = [c for c in row if c.tag in ("td", "th")]
    if len(cells) != 2:
        return False
    label, value = (normalize_text(c.text_content()) for c in cells)
    return (0 < len(label) <= _FIELD_LABEL_CHARS and not _DATE_TEXT.search(label)
            and bool(_DATE_TEXT.search(value)) and not _POSTED_LABEL.search(label))


_TITLED = XPath("//body//*[@title]")
# How far below the headline the header's age may sit (elements in document order).
_BELOW_WINDOW = 40


def _age_with_title(ctx: PageContext) -> Found[datetime] | None:
    """The full date in the ``title`` of a relative age printed by the headline (forum-style
    and Next.js news sites print "8 ngày" and keep "14/11/2026 lúc 09:20" for the tooltip)."""
    headline = ctx.headline
    if headline is None:
        return None
    start = ctx.order.get(headline, 0)
    for element in _TITLED(ctx.page.tree):
        position = ctx.order.get(element, -1)
        if not start - _ABOVE_WINDOW <= position <= start + _BELOW_WINDOW \
                or not RELATIVE_AGE.fullmatch(normalize_text(element.text_content())):
            continue
        value = parse_date(element.get("title") or "", reference=ctx.reference)
        if value is not None and not _outside_article(ctx, element):
            return Found(value, "title of the relative age by the headline",
                         f"{position - start} elements from it", element)
    return None


def _htmldate(ctx: PageContext) -> Found[datetime] | None:
    """htmldate's publication day, when no source of ours found a date: a maintained search
    over more metadata and printed forms than ours knows, but only to the day (so last).

    Its fast search (the extensive one also guesses from a lone year, or a member's "since
    14/11/2016" tooltip), on a copy of the page without reader comments and the page footer:
    htmldate takes any date of the page it is given."""
    # Imported lazily: off the path of every page whose date we find ourselves.
    from htmldate import find_date

    try:
        day = find_date(_page_without_furniture(ctx), extensive_search=False, original_date=True,
                        max_date=ctx.reference.strftime("%Y-%m-%d"))
    except Exception:  # its bug must not cost the article: no date from it then
        return None
    value = parse_feed_date(day, reference=ctx.reference) if day else None
    return Found(value, "htmldate (fast search, original date)", "to the day") if value else None


def _page_without_furniture(ctx: PageContext) -> _Element:
    """A copy of the page without reader comments and the page footer, whose dates are never
    the article's (the page itself when it has neither: htmldate copies what it is given)."""
    tree = ctx.page.tree
    paths = [tree.getroottree().getpath(root)
             for root in furniture_roots(tree, (ctx.headline,))]
    if not paths:
        return tree
    copy = deepcopy(tree)
    for path in paths:
        for element in copy.xpath(path):
            element.drop_tree()
    return copy


def _feed_date(ctx: PageContext) -> Found[datetime] | None:
    published = ctx.hints.published
    return Found(published, "feed/sitemap date") if published else None


PUBLISHED_SOURCES: tuple[FieldSource, ...] = (
    ("site selector", lambda ctx: _selected(
        ctx, (s,) if (s := ctx.site_selector("date")) else (), "site selector", guarded=False)),
    ("structured data", _structured),
    ("microdata of the headline's item", _headline_item_date),
    ("family rule", _family_rule),
    ("generic machine-readable date", lambda ctx: _selected(
        ctx, ctx.generic_selectors("date"), "generic selector", guarded=True)),
    ("feed/sitemap date", _feed_date),
    (f"{PRINTED_DATE} by the headline", _printed_by_headline),
    ("title of a relative age by the headline", _age_with_title),
    ("htmldate", _htmldate),
)


def updated_date(ctx: PageContext) -> datetime | None:
    """``article:modified_time`` or JSON-LD ``dateModified``."""
    for raw in (ctx.page.meta("article:modified_time"), ctx.structured("dateModified")):
        if isinstance(raw, str):
            value = parse_feed_date(raw, reference=ctx.reference)
            if value:
                return value
    return None
