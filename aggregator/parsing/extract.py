"""``(url, html) -> Article``: the pure parser every spider and the ``extract`` command use.

Each field is read by its own ordered list of named sources (``TITLE_SOURCES``,
``LEAD_SOURCES``, ``BODY_SOURCES``, ``PUBLISHED_SOURCES``, ``AUTHOR_SOURCES``, each documented
in its module), and every value keeps the name of the source it came from
(:class:`Extraction`), so ``aggregator extract --explain`` can say why, and the crawl counts
fallbacks per site. Known layouts (a site's selectors, a declared or recognised CMS family)
take a fast path; elsewhere candidates are chosen by evidence, and trafilatura gives a second
opinion on the body only where ours is weak. No network, no Scrapy.
"""

from __future__ import annotations

import copy
import html as html_entities
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin

from lxml.etree import _Element

from aggregator.errors import NotAnArticle
from aggregator.parsing.article_or_not import (
    declared_posts_reason,
    listing_reason,
    only_date_lines,
    photo_essay,
    prose_outside_teasers,
    prose_paragraphs,
)
from aggregator.parsing.author_sources import AUTHOR_SOURCES, byline_after_body
from aggregator.parsing.authors import byline_names
from aggregator.parsing.body import (
    HEADLINE_LINK_CHARS,
    IMAGE_SCHEMES,
    absolute_url,
    clean_body,
    html_to_text,
    remove_boilerplate,
)
from aggregator.parsing.body_choice import (
    BODY_SOURCES,
    MIN_BODY_CHARS,
    STRONG,
    continuations,
    preamble,
)
from aggregator.parsing.context import FetchHints, PageContext
from aggregator.parsing.evidence import (
    PARAGRAPH_CHARS,
    furniture_text,
    paragraph_chars,
    shown_text,
    visible_chars,
)
from aggregator.parsing.lead import LEAD_SOURCES, PRINTED
from aggregator.parsing.page import Page
from aggregator.parsing.page_kind import OTHER_PAGE_TYPES, other_page_kind
from aggregator.parsing.provenance import Found, first_found
from aggregator.parsing.published import (
    DATE_ONLY_PRINTED,
    PRINTED_DATE,
    PUBLISHED_SOURCES,
    updated_date,
)
from aggregator.parsing.second_opinion import (
    drop_unshared_labels,
    fragment,
    own_lines,
    prefer_ours,
    prose_text,
    trafilatura_body_html,
    without_boxes,
    without_furniture,
    without_headline,
    without_repeated_lead,
)
from aggregator.parsing.title import TITLE_SOURCES, printed_title, title_image
from aggregator.province_tagger import tag_provinces
from aggregator.registry import SiteEntry
from aggregator.schema import Article
from aggregator.text import normalize_text, plain_text
from aggregator.urls import same_site, stable_article_id

__all__ = ["Extraction", "FetchHints", "extract_article", "parse_article"]

_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")
# Headlines of the "page not found" pages CMSs serve with status 200 (soft 404s).
_ERROR_PAGE_TITLE = re.compile(
    r"^(?:không tìm thấy|trang không tồn tại|bài viết không tồn tại|nội dung không tồn tại"
    r"|lỗi 404|404\b|page not found|not found)", re.I)
_ARTICLE_TYPES = ("article", "news", "newsarticle")
_COLLECTION_TYPES = frozenset({"CollectionPage", "ItemList", "SearchResultsPage"})
# A person's profile: an author's page (Yoast's and the newspaper CMSs' JSON-LD type).
_PROFILE_TYPES = frozenset({"ProfilePage"})
# A weak body with less prose than this (characters) on a page full of teasers is one of the
# teasers: the page is judged as a whole.
_SHORT_BODY = 150
# ... and one with less prose than this may be one teaser of a listing around it; more prose is
# an article, whatever links surround it.
_TEASER_BODY = 400
# How many blocks above such a body, when it is a teaser, the listing around it is looked for.
_TEASER_LEVELS = 3
_HEADINGS = ("h2", "h3", "h4")
# <body> classes CMS templates give list pages: WordPress archives and search, Drupal 7
# taxonomy terms, Joomla categories, search results and K2 item lists, and the newspaper CMSs'
# own.
_LIST_TEMPLATE_CLASSES = frozenset({
    "archive", "search", "search-results", "page-taxonomy-term",
    "view-category", "view-featured", "view-itemlist", "view-search", "category-page", "tag-page",
    "list-page", "page-folder"})
TRAFILATURA_SECOND_OPINION = "trafilatura (second opinion)"
TRAFILATURA_FALLBACK = "trafilatura (no body found)"
TRAFILATURA_RESCUE = "trafilatura (prose on a page we would refuse)"
# Prose (characters outside teasers) trafilatura must find on a page we would refuse.
_RESCUED_PROSE = 300


@dataclass(frozen=True)
class Extraction:
    """An article and where each of its fields came from: ``sources`` maps a field name to
    the source that won ("family rule .cms-body", "JSON-LD datePublished", ...), ``evidence``
    to why; ``family`` is the CMS family used and ``family_how`` "declared", "detected" or ""."""

    article: Article
    family: str | None
    family_how: str
    sources: dict[str, str] = field(default_factory=dict)
    evidence: dict[str, str] = field(default_factory=dict)
    cuts_refused: int = 0
    """Boilerplate cuts not applied because they would have taken most of the body."""


class _Record:
    """Collects the provenance of each field as it is chosen."""

    def __init__(self) -> None:
        self.sources: dict[str, str] = {}
        self.evidence: dict[str, str] = {}

    def note(self, name: str, found: Found | None, default: str = "none") -> None:
        self.sources[name] = found.source if found else default
        if found and found.evidence:
            self.evidence[name] = found.evidence


def _remove_selectors(ctx: PageContext) -> tuple[str, ...]:
    return ctx.family_selectors("remove") + (ctx.site.selectors.remove if ctx.site else ())


def _corresponding(original: _Element, copied: _Element, element: _Element) -> _Element | None:
    """The element of ``copied`` (a deep copy of ``original``) at ``element``'s place."""
    if element is original or original not in element.iterancestors():
        return None
    path: list[int] = []
    node = element
    while node is not original:
        parent = node.getparent()
        if parent is None:
            return None
        path.append(parent.index(node))
        node = parent
    target = copied
    for index in reversed(path):
        if index >= len(target):
            return None
        target = target[index]
    return target


def _strip_header(original: _Element, copied: _Element, header: list[_Element | None]) -> None:
    """Drop the headline, printed lead, date line and author box from a body container that
    also holds the article's header block (they are fields of their own)."""
    twins = [_corresponding(original, copied, element) if element is not None else None
             for element in header]
    if twins and twins[0] is not None:
        _drop_header_rest(copied, twins[0], twins[1] if len(twins) > 1 else None,
                          keep=[twin for twin in twins if twin is not None])
    # The first paragraph of the text: not the headline, which a page may print as a <p>.
    first_prose = next((p for p in copied.iter("p") if visible_chars(p.text_content())
                        >= PARAGRAPH_CHARS and not any(p is twin for twin in twins)), None)
    order = {element: index for index, element in enumerate(copied.iter())}
    for twin in twins:
        # Only above the text: a date printed beside the closing byline is the byline, but a
        # bare stamp after it ("08:12 | 06/11/2026", no word) is the date field's own line.
        if twin is not None and first_prose is not None and order[twin] > order[first_prose] \
                and any(c.isalpha() for c in twin.text_content()):
            continue
        if twin is not None and twin.getparent() is not None and \
                len(normalize_text(twin.text_content())) < 0.5 * len(
                    normalize_text(copied.text_content())):
            twin.drop_tree()


# A line of a page's header is this short at most: a longer text above the headline is the
# text's own (an intro a template prints before a title repeated lower down).
_HEADER_LINE_CHARS = 100


def _drop_header_rest(container: _Element, headline: _Element, lead: _Element | None, *,
                      keep: list[_Element]) -> None:
    """Drop the rest of the page's header a body container holding the headline prints
    around it: what comes above the headline (a long-form cover's "MEGASTORY" kicker, a
    category label, a breadcrumb) and, when the printed lead is in the container too, what
    comes between them (the cover's "Cà Mau, 13/11/2026 - 06:00" line, a "Cuộn xuống để đọc"
    hint). Never a photo or a longer text, nor a block holding a field ``keep`` (the date
    line: dropped, or not, as a field's own)."""
    ends = [headline] if lead is None or lead in headline.iterancestors() else [headline, lead]
    ancestors = {a for end in (*ends, *keep) for a in (end, *end.iterancestors())}
    inside = {d for end in ends for d in end.iter()}
    header = []
    for element in container.iter():
        if element is ends[-1]:
            break
        if element not in ancestors and element not in inside and isinstance(element.tag, str) \
                and element.getparent() in ancestors and element.tag != "img" \
                and element.find(".//img") is None \
                and visible_chars(element.text_content()) <= _HEADER_LINE_CHARS:
            header.append(element)
    for element in header:
        element.drop_tree()


def _canonical(page: Page) -> str:
    for candidate in (page.link_href("canonical"), page.meta("og:url")):
        if candidate:
            absolute = urljoin(page.url, candidate)
            if same_site(absolute, page.url):
                return absolute.split("#", 1)[0]
    return page.url.split("#", 1)[0]


def _declared_image(page: Page) -> str | None:
    """og:image / twitter:image as an absolute http(s) URL (a ``javascript:`` or ``data:``
    value is passed over, not published)."""
    for name in ("og:image", "twitter:image"):
        image = absolute_url(page.meta(name) or "", page.url, IMAGE_SCHEMES)
        if image:
            return image
    return None


def _body_image(body_html: str, url: str) -> str | None:
    match = re.search(r'<img[^>]+src="([^"]+)"', body_html)
    if match is None:
        return None
    return absolute_url(html_entities.unescape(match.group(1)), url, IMAGE_SCHEMES)


def _tags(ctx: PageContext) -> tuple[str, ...]:
    raw = ctx.page.meta("news_keywords", "keywords") or ctx.structured("keywords") or ""
    if isinstance(raw, list):
        raw = ",".join(str(k) for k in raw)
    tags = (normalize_text(t) for t in plain_text(str(raw)).split(","))
    return tuple(dict.fromkeys(t for t in tags if t and len(t) <= 60))


def parse_article(url: str, html: str, site: SiteEntry | None = None, *,
                  hints: FetchHints | None = None, now: datetime | None = None) -> Article:
    """Parse one article page; raise :class:`NotAnArticle` when it is not one."""
    return extract_article(url, html, site, hints=hints, now=now).article


def extract_article(url: str, html: str, site: SiteEntry | None = None, *,
                    hints: FetchHints | None = None, now: datetime | None = None) -> Extraction:
    """Parse one article page and say where each field came from."""
    hints = hints or FetchHints()
    reference = now or hints.fetched_at or datetime.now(UTC)
    ctx = PageContext(Page(url, html), site, hints, reference)
    record = _Record()
    title_found = first_found(TITLE_SOURCES, ctx)
    if title_found is None:
        raise NotAnArticle(f"{url}: no title found")
    title = title_found.value
    if _ERROR_PAGE_TITLE.search(title):
        raise NotAnArticle(f"{url}: an error page ({title!r}) served with status 200")
    ctx.headline = (title_found.element if title_found.element is not None
                    else printed_title(ctx, title))
    if ctx.headline is None:
        ctx.headline = title_image(ctx, title)
    record.note("title", title_found)
    lead_found = first_found(LEAD_SOURCES, ctx)
    record.note("lead", lead_found)
    lead = lead_found.value if lead_found else ""
    ctx.lead_element = lead_found.element if lead_found else None
    body_found = first_found(BODY_SOURCES, ctx)
    _refuse_post_listings(ctx, body_found)
    _refuse_template_listings(ctx, body_found)
    _refuse_profile_pages(ctx, body_found)
    _refuse_standing_pages(ctx)
    rescued = ""
    try:
        _refuse_non_articles(ctx, body_found)
    except NotAnArticle as refusal:
        rescued = _rescue(ctx, refusal, record)
        body_found = None
    published_found = first_found(PUBLISHED_SOURCES, ctx)
    record.note("published", published_found)
    if published_found is not None and (published_found.source.startswith(PRINTED_DATE)
                                        or published_found.evidence.startswith(DATE_ONLY_PRINTED)):
        ctx.date_line = published_found.element
    updated = updated_date(ctx)
    canonical, image_meta = _canonical(ctx.page), _declared_image(ctx.page)
    tags, language = _tags(ctx), _language(ctx.page.tree.get("lang"))
    body_html, cuts_refused, text_end = "", 0, None
    printed_lead = lead if lead_found and lead_found.evidence == PRINTED else ""
    if body_found is not None:
        body = copy.deepcopy(body_found.value)
        _strip_header(body_found.value, body, [
            ctx.headline, lead_found.element if lead_found else None,
            published_found.element if published_found else None])
        for index, own in enumerate(preamble(
                body_found.value, ctx, published_found.element if published_found else None)):
            body.insert(index, copy.deepcopy(own))
            body[index].tail = None
        parts = continuations(body_found.value, ctx.page.measures)
        for part in parts:
            body.append(copy.deepcopy(part))
            body[-1].tail = None
        text_end = parts[-1] if parts else body_found.value
        cuts_refused = remove_boilerplate(body, _remove_selectors(ctx))
        ctx.body = body
        body_html = clean_body(copy.deepcopy(body), base_url=url, lead=printed_lead)
    if not rescued:
        record.note("body", body_found)
    strong = body_found is not None and body_found.evidence.startswith(STRONG)
    if rescued or strong:
        body_text = html_to_text(body_html)
    else:
        body_html, body_text = _second_opinion(
            ctx, body_html, record, fallback=body_found is None, lead=lead,
            printed_lead=printed_lead,
            body_element=body_found.value if body_found is not None else None)
        if body_found is None:
            _refuse_teasers_as_body(ctx, body_text)
    if body_found is not None and strong and len(body_text) < MIN_BODY_CHARS:
        # A declared body the page fills by script (its text elsewhere, e.g. in <noscript>).
        rescued = _rescue(ctx, NotAnArticle(f"{url}: too little text in {body_found.source}"),
                          record)
    if rescued:
        body_html, ctx.body = rescued, fragment(rescued)
        body_text = html_to_text(body_html)
    if len(body_text) < MIN_BODY_CHARS:
        raise NotAnArticle(f"{url}: no article body found (a listing or an empty page?)")
    authors_found = first_found(AUTHOR_SOURCES, ctx)
    record.note("authors", authors_found)
    closing = byline_after_body(authors_found, text_end)
    if closing and not rescued and closing not in body_text:
        body_html += f"<p>{html_entities.escape(closing, quote=False)}</p>"
        body_text += f"\n\n{closing}"
    published = published_found.value if published_found else None
    if updated and published and updated <= published:
        updated = None
    provinces = tag_provinces(f"{title}\n{lead}\n{_without_byline(body_text)}",
                              primary=site.province if site else None)
    site_id = site.id if site else "unknown"
    article = Article(
        id=stable_article_id(site_id, canonical, shortlink=ctx.page.link_href("shortlink")),
        site_id=site_id,
        site_kind=site.kind if site else "newspaper",
        url=canonical,
        title=title,
        lead=lead,
        body_html=body_html,
        body_text=body_text,
        authors=tuple(dict.fromkeys(authors_found.value if authors_found else ())),
        published=published,
        updated=updated,
        provinces=provinces,
        tags=tags,
        image=image_meta or _body_image(body_html, url),
        language=language,
        fetched_at=hints.fetched_at or reference,
    )
    return Extraction(article, ctx.family_name, ctx.family_how, record.sources, record.evidence,
                      cuts_refused)


def _without_byline(body_text: str) -> str:
    """The body text less its closing byline: a writer named "Hà Nam" or "Thái Bình" is a
    person, not a mention of the province."""
    rest, _sep, last = body_text.rpartition("\n\n")
    return rest if rest and byline_names(last) else body_text


def _listing_around(ctx: PageContext, body_found: Found[_Element] | None) -> str | None:
    """Whether a weak or missing body is one teaser of a listing: the page (when the body is
    near empty) or a block around the body (up to :data:`_TEASER_LEVELS` up) holds teasers and
    no prose."""
    page_body = ctx.page.body
    measures = ctx.page.measures
    prose = paragraph_chars(body_found.value, measures) if body_found is not None else 0
    if prose < _SHORT_BODY:
        return listing_reason(page_body, measures) if page_body is not None else None
    if body_found is None or prose >= _TEASER_BODY:
        return None
    # A body under a headline linking elsewhere is itself a teaser (a featured one, with a
    # long sapo): the listing may be a few levels up. Otherwise only the block around the body
    # is read (a short post's previous/next links a level higher are no listing).
    levels = _TEASER_LEVELS if _near_headline_linking_away(ctx, body_found.value) else 1
    for level, ancestor in enumerate(body_found.value.iterancestors()):
        if ancestor is page_body or level == levels:
            break
        reason = listing_reason(ancestor, measures)
        if reason:
            return reason
    return None


def _near_headline_linking_away(ctx: PageContext, element: _Element) -> bool:
    """Whether ``element`` or a block up to two levels above it holds a heading linking to
    another page (a link inside a heading, or a heading inside a link, or a headline-sized
    link opening the block: Báo Đầu tư's ``div.desc_list_news > a.fs22``): the item of a
    list, not the article (whose title may link to itself)."""
    own = ctx.url.split("#", 1)[0]
    for block in (element, *list(element.iterancestors())[:2]):
        opening = next(block.iterchildren("*"), None) if not (block.text or "").strip() else None
        for link in block.iter("a"):
            href = (link.get("href") or "").strip()
            if not href or href.startswith("#") or urljoin(own, href).split("#", 1)[0] == own:
                continue
            if any(a.tag in _HEADINGS for a in link.iterancestors()) \
                    or any(True for _ in link.iter(*_HEADINGS)) \
                    or (opening is not None and link is opening
                        and visible_chars(link.text_content()) >= HEADLINE_LINK_CHARS):
                return True
    return False


def _collection_type(ctx: PageContext, kinds: frozenset[str]) -> str | None:
    """A JSON-LD type of ``kinds`` (listing pages, profiles), on a page with no article
    JSON-LD."""
    if ctx.ld is not None:
        return None
    for obj in ctx.page.json_ld:
        types = obj.get("@type")
        for name in types if isinstance(types, list) else [types]:
            if name in kinds:
                return str(name)
    return None


def _refuse_post_listings(ctx: PageContext, body_found: Found[_Element] | None) -> None:
    """A page declaring several post bodies is refused outright: each is an article's text,
    so trafilatura's answer would hold prose and rescue the page (not for a site whose own
    body rule says where the one article is)."""
    page_body = ctx.page.body
    if ctx.site_selector("body") is None and page_body is not None:
        reason = declared_posts_reason(page_body,
                                       body_found.value if body_found is not None else None,
                                       ctx.page.measures)
        if reason:
            raise NotAnArticle(f"{ctx.url}: not an article ({reason})")


def _listing_template(ctx: PageContext) -> str | None:
    """The class a CMS template puts on ``<body>`` of its list pages, if the page has one
    (WordPress "archive"/"search", Drupal 7 "page-taxonomy-term", Joomla K2 "view-itemlist")."""
    page_body = ctx.page.body
    classes = (page_body.get("class") or "").split() if page_body is not None else []
    return next((c for c in classes if c in _LIST_TEMPLATE_CLASSES), None)


def _refuse_template_listings(ctx: PageContext, body_found: Found[_Element] | None) -> None:
    """A page whose template calls it a list and whose body is a guess with little prose (a
    term's description, a leading item's intro) is refused outright: its teasers' sapos are
    prose enough for trafilatura to "rescue" it. Never a body a site rule or declared family
    or ``articleBody`` vouches for, nor a body of real length (a blog's front page showing one
    whole post carries "archive" too), unless that body is one item's intro under its own
    headline link (K2's leading item)."""
    template = _listing_template(ctx)  # first: the cheap test, false on nearly every page
    if template is None or ctx.site_selector("body") is not None or (
            body_found is not None and (body_found.evidence.startswith(STRONG)
                                        or (paragraph_chars(body_found.value,
                                                            ctx.page.measures) >= _TEASER_BODY
                                            and not _near_headline_linking_away(ctx, body_found.value)))):
        return
    raise NotAnArticle(f"{ctx.url}: not an article (a list page by its template: body "
                       f"class {template!r}, and no article text)")


def _refuse_profile_pages(ctx: PageContext, body_found: Found[_Element] | None) -> None:
    """A page whose JSON-LD (with no article in it) calls it a person's profile is refused
    outright, unless a site rule, a declared family or ``articleBody`` vouches for its body:
    an author's bio is prose enough for trafilatura to "rescue" the page, and the page says
    what it is. (A collection page stays rescuable: a shop's category page may be one
    article's text.)"""
    if ctx.site_selector("body") is not None or (
            body_found is not None and body_found.evidence.startswith(STRONG)):
        return
    profile = _collection_type(ctx, _PROFILE_TYPES)
    if profile:
        raise NotAnArticle(f"{ctx.url}: not an article (JSON-LD says {profile}: an author's page)")


def _refuse_standing_pages(ctx: PageContext) -> None:
    """A page saying it is a standing page of the site (about us, contact, an event's page, a
    document's record; see :mod:`aggregator.parsing.page_kind`) is refused outright: its
    prose would have trafilatura "rescue" it. Not where a site's own body rule says where an
    article is."""
    if ctx.site_selector("body") is not None:
        return
    declared = _collection_type(ctx, OTHER_PAGE_TYPES)
    reason = (f"JSON-LD says {declared}" if declared
              else other_page_kind(ctx.url, ctx.page.body, has_article_ld=ctx.ld is not None))
    if reason:
        raise NotAnArticle(f"{ctx.url}: not an article ({reason})")


def _refuse_non_articles(ctx: PageContext, body_found: Found[_Element] | None) -> None:
    """og:type is one signal: a page calling itself a website (with no article JSON-LD) is
    refused only when its body holds little prose too; a page of teasers with no prose is
    refused whatever it declares (see :mod:`aggregator.parsing.article_or_not`)."""
    og_type = (ctx.page.meta("og:type") or "article").lower()
    declared_other = ctx.ld is None and og_type not in _ARTICLE_TYPES
    strong = body_found is not None and body_found.evidence.startswith(STRONG)
    if not strong and ctx.site_selector("body") is None:
        collection = _collection_type(ctx, _COLLECTION_TYPES)
        reason = (f"JSON-LD says {collection}" if collection
                  else _listing_around(ctx, body_found))
        if reason:
            raise NotAnArticle(f"{ctx.url}: not an article ({reason})")
    if body_found is None:
        if declared_other:
            raise NotAnArticle(f"{ctx.url}: not an article (og:type is {og_type!r} and no "
                               "article body: a listing or home page?)")
        return
    if ctx.site_selector("body") is not None:
        return
    reason = listing_reason(body_found.value, ctx.page.measures)
    if reason:
        raise NotAnArticle(f"{ctx.url}: not an article ({reason})")
    if declared_other and not body_found.evidence.startswith(STRONG) \
            and prose_paragraphs(body_found.value, ctx.page.measures) < 1 \
            and not photo_essay(body_found.value, ctx.page.measures):
        raise NotAnArticle(f"{ctx.url}: not an article (og:type is {og_type!r} and little "
                           "prose: a listing or home page?)")


def _second_opinion(ctx: PageContext, ours_html: str, record: _Record, *, fallback: bool,
                    lead: str, printed_lead: str, body_element: _Element | None
                    ) -> tuple[str, str]:
    """trafilatura's body where ours is missing or weak and theirs holds the same or better
    text (see :mod:`aggregator.parsing.second_opinion`), with its text (both texts are read
    for the comparison already). Taken, it loses the printed sapo as ours does."""
    theirs_html = trafilatura_body_html(ctx.page.tree, ctx.url, fast=not fallback)
    ours_text = html_to_text(ours_html)
    captions = own_lines(ours_html)
    ours_wins = prefer_ours(ours_text, prose_text(theirs_html), lead, captions)
    if not ours_wins and ours_text:
        # Read as a whole page, reader comments, footers and link cells are prose to
        # trafilatura: without them, is its answer still the better? (Only asked here:
        # finding the page's furniture costs a pass.)
        furniture = furniture_text(ctx.page.tree, (ctx.headline, body_element))
        without = without_furniture(theirs_html, furniture)
        if without is not theirs_html:
            theirs_html = without
            ours_wins = prefer_ours(ours_text, prose_text(theirs_html), lead, captions)
    theirs_text = html_to_text(theirs_html)
    if ours_wins:
        record.evidence["body"] = (record.evidence.get("body", "") +
                                   "; kept over trafilatura's (it lacks our prose)").lstrip("; ")
        kept = drop_unshared_labels(ours_html, theirs_text, captions) if theirs_text \
            else ours_html
        return kept, ours_text if kept is ours_html else html_to_text(kept)
    if ctx.headline is not None:
        theirs_html = without_headline(theirs_html, shown_text(ctx.headline))
        theirs_text = html_to_text(theirs_html)
    if printed_lead:
        theirs_html = without_repeated_lead(theirs_html, printed_lead)
        theirs_text = html_to_text(theirs_html)
    theirs_html, theirs_text = without_boxes(theirs_html, theirs_text)
    ctx.body = fragment(theirs_html)
    record.sources["body"] = TRAFILATURA_FALLBACK if fallback else TRAFILATURA_SECOND_OPINION
    return theirs_html, theirs_text


def _refuse_teasers_as_body(ctx: PageContext, theirs_text: str) -> None:
    """Refuse a page we found no body on when trafilatura's answer is only the teasers' date
    lines (a poem category's "Author - 15/11/2026 08:15" under each headline)."""
    if ctx.site_selector("body") is None and only_date_lines(theirs_text):
        raise NotAnArticle(f"{ctx.url}: not an article (no body found, and trafilatura's is "
                           "the teasers' date lines)")


def _rescue(ctx: PageContext, refusal: NotAnArticle, record: _Record) -> str:
    """trafilatura's body for a page we would refuse, when it holds prose that no teaser of
    the page holds (the prose our evidence missed: text in ``<div>``s or ``<br>`` lines, a
    body filled by script); otherwise the refusal stands. A site's own body rule is never
    overruled."""
    page_body = ctx.page.body
    if ctx.site_selector("body") is not None or page_body is None:
        raise refusal
    theirs_html = trafilatura_body_html(ctx.page.tree, ctx.url, fast=False)
    # Its footer's address and licence lines are prose to trafilatura, and no teaser's.
    furniture = furniture_text(ctx.page.tree, (ctx.headline,))
    prose = prose_outside_teasers(html_to_text(without_furniture(theirs_html, furniture)),
                                  page_body, ctx.page.measures)
    if prose < _RESCUED_PROSE:
        raise refusal
    record.sources["body"] = TRAFILATURA_RESCUE
    record.evidence["body"] = (f"{prose} characters of prose outside teasers; ours said: "
                               f"{str(refusal).removeprefix(f'{ctx.url}: ')}")
    return theirs_html


def _language(declared: str | None) -> str:
    """The ISO 639 code of ``<html lang>`` ("vi-VN" -> "vi"); anything else is "vi", the
    language of every site we crawl (a junk value must not reach the store or the feeds)."""
    code = (declared or "").strip().lower().replace("_", "-").split("-")[0]
    return code if _LANGUAGE_CODE.fullmatch(code) else "vi"
