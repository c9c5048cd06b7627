"""``(url, html) -> Article``: the pure parser every spider and the ``extract`` command use.

Precedence per field: the site entry's own selectors, then its CMS family's rules, then generic
structured data (JSON-LD, OpenGraph, ``time[datetime]``), then generic selectors, and only then
trafilatura as a main-text fallback. No network, no Scrapy.
"""

from __future__ import annotations

import copy
import html as html_entities
import re
from dataclasses import dataclass
from datetime import UTC, datetime, time
from urllib.parse import urljoin

import lxml.html
from lxml.etree import _Element

from aggregator.dates import parse_date, parse_feed_date
from aggregator.errors import NotAnArticle
from aggregator.parsing.authors import is_person_name, structured_authors, trailing_byline
from aggregator.parsing.body import (
    IMAGE_SCHEMES,
    absolute_url,
    clean_body,
    html_to_text,
    remove_boilerplate,
    strip_dateline,
)
from aggregator.parsing.families import GENERIC, VISIBLE_DATES, FamilyRules, family_rules
from aggregator.parsing.page import Page
from aggregator.parsing.sanitize import sanitize_html
from aggregator.province_tagger import tag_provinces
from aggregator.registry import SiteEntry
from aggregator.schema import Article
from aggregator.text import match_key, normalize_text, plain_text
from aggregator.urls import same_site, stable_article_id

_MIN_BODY_CHARS = 80
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")
# Headlines of the "page not found" pages CMSs serve with status 200 (soft 404s).
_ERROR_PAGE_TITLE = re.compile(
    r"^(?:không tìm thấy|trang không tồn tại|bài viết không tồn tại|nội dung không tồn tại"
    r"|lỗi 404|404\b|page not found|not found)", re.I)
# Above this share of linked text a container is a list of other articles, not a body.
_MAX_BODY_LINK_DENSITY = 0.5


@dataclass(frozen=True, slots=True)
class FetchHints:
    """What discovery already knew about the page (from a feed item or sitemap entry)."""

    published: datetime | None = None
    title: str | None = None
    fetched_at: datetime | None = None


def _first(page: Page, selectors: tuple[str, ...]) -> _Element | None:
    for selector in selectors:
        element = page.select_one(selector)
        if (element is not None and normalize_text(element.text_content())) or (
            element is not None and element.get("datetime")
        ):
            return element
    return None


def _candidates(site: SiteEntry | None, field: str) -> tuple[str, ...]:
    """Selectors for ``field``: the site's override, then its family's, then generic."""
    override = getattr(site.selectors, field) if site else None
    family: FamilyRules | None = family_rules(site.family) if site else None
    return (
        ((override,) if override else ())
        + (getattr(family, field) if family else ())
        + getattr(GENERIC, field)
    )


def _title(page: Page, site: SiteEntry | None, ld: dict | None) -> str:
    """Visible headline first (og:title often carries a " – Site name" suffix)."""
    element = _title_element(page, site, ld)
    for candidate in (
        element.text_content() if element is not None else None,
        page.meta("og:title"),
        ld.get("headline") if ld else None,
    ):
        title = plain_text(candidate) if isinstance(candidate, str) else ""
        if title:
            return title
    title = plain_text(page.tree.findtext(".//title"))
    return re.split(r"\s+[|–-]\s+", title)[0]


def _title_element(page: Page, site: SiteEntry | None, ld: dict | None) -> _Element | None:
    """The headline element. Many mastheads wrap the logo in an ``h1`` above the article's
    own; when og:title or the JSON-LD headline names the article, an ``h1`` that does not
    agree with them gives way to one that does."""
    element = _first(page, _candidates(site, "title"))
    references = [match_key(r) for r in (page.meta("og:title"), ld.get("headline") if ld else None)
                  if isinstance(r, str) and normalize_text(r)]
    if element is None or not references or _agrees(element, references):
        return element
    for heading in page.select("h1, h2"):
        if _agrees(heading, references):
            return heading
    return element


def _agrees(element: _Element, references: list[str]) -> bool:
    """Whether a heading is the article title. og:title may add a " - Site" suffix, but a
    short category heading ("Khoa học") that merely opens the title does not count."""
    text = match_key(element.text_content())
    return bool(text) and any(ref == text or (ref.startswith(text) and 2 * len(text) >= len(ref))
                              for ref in references)


def _lead(page: Page, site: SiteEntry | None, ld: dict | None) -> tuple[str, bool]:
    """(lead, printed_on_page): a meta description is often just the body's first paragraph,
    so only a printed sapo is removed from the body when repeated there."""
    element = _first(page, _candidates(site, "lead"))
    text = plain_text(element.text_content()) if element is not None else ""
    if text:
        return strip_dateline(text), True
    for candidate in (page.meta("og:description", "description"),
                      ld.get("description") if ld else None):
        text = plain_text(candidate) if isinstance(candidate, str) else ""
        if text:
            return strip_dateline(text), False
    return "", False


def _date_from_element(element: _Element, reference: datetime) -> datetime | None:
    for attribute in ("datetime", "content", "title"):
        value = element.get(attribute)
        if value:
            parsed = parse_feed_date(value, reference=reference)  # falls back to parse_date
            if parsed:
                return parsed
    return parse_date(element.text_content(), reference=reference)


def _published(page: Page, site: SiteEntry | None, ld: dict | None, hints: FetchHints,
               reference: datetime) -> tuple[datetime | None, datetime | None]:
    """(published, updated). Structured and family sources beat visible text, because old
    pages print the render date in a banner above the article."""
    updated = None
    for raw in (page.meta("article:modified_time"), ld.get("dateModified") if ld else None):
        if isinstance(raw, str):
            updated = parse_feed_date(raw, reference=reference)
            if updated:
                break
    structured = None
    for raw in (page.meta("article:published_time", "datepublished", "pubdate"),
                ld.get("datePublished") if ld else None):
        if isinstance(raw, str):
            structured = parse_feed_date(raw, reference=reference)
            if structured:
                break
    override = site.selectors.date if site else None
    if override:
        for element in page.select(override):
            value = _date_from_element(element, reference)
            if value:
                return value, updated
    family = family_rules(site.family) if site else None
    family_date = None
    for selector in family.date if family else ():
        for element in page.select(selector):
            family_date = _date_from_element(element, reference)
            if family_date:
                break
        if family_date:
            break
    # Structured data wins, except a date-only value that a printed date of the same day
    # refines with its time.
    if structured:
        if structured.time() == time(0, 0):
            printed = family_date or _visible_date_after_title(page, site, ld, reference)
            if printed and printed.date() == structured.date():
                return printed, updated
        return structured, updated
    if family_date:
        return family_date, updated
    for selector in GENERIC.date:
        for element in page.select(selector):
            value = _date_from_element(element, reference)
            if value:
                return value, updated
    if hints.published:
        return hints.published, updated
    return _visible_date_after_title(page, site, ld, reference), updated


def _visible_date_after_title(page: Page, site: SiteEntry | None, ld: dict | None,
                              reference: datetime) -> datetime | None:
    """A printed date below the headline. Banners that print today's date ("Chủ nhật,
    22/11/2026") sit above it, often under the same class names, so they never qualify."""
    title = _title_element(page, site, ld)
    if title is None:
        return None
    order = {element: index for index, element in enumerate(page.tree.iter())}
    start = order.get(title, len(order))
    for selector in VISIBLE_DATES:
        for element in page.select(selector):
            if order.get(element, -1) > start:
                value = parse_date(element.text_content(), reference=reference)
                if value:
                    return value
    return None


def _mostly_links(element: _Element, text_chars: int) -> bool:
    """Whether links hold ``_MAX_BODY_LINK_DENSITY`` or more of the element's ``text_chars``
    (normalised) characters: true of listings, not of articles. Raw link text is never shorter
    than normalised, so its plain length settles an article body without normalising each
    link; only a container that may be a listing is measured exactly."""
    links = [a.text_content() for a in element.iter("a")]
    limit = _MAX_BODY_LINK_DENSITY * (text_chars or 1)
    return sum(map(len, links)) >= limit and sum(len(normalize_text(t)) for t in links) >= limit


def _body_element(page: Page, site: SiteEntry | None) -> _Element | None:
    for selector in _candidates(site, "body"):
        for element in page.select(selector):
            text_chars = len(normalize_text(element.text_content()))
            if text_chars >= _MIN_BODY_CHARS and not _mostly_links(element, text_chars):
                return element
    return None


def _fallback_body_html(page: Page) -> str:
    """trafilatura's main-text extraction, for pages no selector understands."""
    import trafilatura  # imported lazily: slow to import and off the fast path

    html = trafilatura.extract(page.tree, url=page.url, output_format="html",
                               include_images=True, include_links=True, include_comments=False,
                               favor_precision=True)
    if not html:
        return ""
    inner = re.sub(r"(?is)^.*?<body[^>]*>|</body>.*$", "", html)
    return sanitize_html(inner).strip()


def _remove_selectors(site: SiteEntry | None) -> tuple[str, ...]:
    family = family_rules(site.family) if site else None
    return (family.remove if family else ()) + (site.selectors.remove if site else ())


def _canonical(page: Page) -> str:
    for candidate in (page.link_href("canonical"), page.meta("og:url")):
        if candidate:
            absolute = urljoin(page.url, candidate)
            if same_site(absolute, page.url):
                return absolute.split("#", 1)[0]
    return page.url.split("#", 1)[0]


def _image(page: Page, body_html: str) -> str | None:
    """The page's declared image, else the first body image: an absolute http(s) URL only (a
    ``javascript:`` or ``data:`` og:image is passed over, not published)."""
    for name in ("og:image", "twitter:image"):
        image = absolute_url(page.meta(name) or "", page.url, IMAGE_SCHEMES)
        if image:
            return image
    match = re.search(r'<img[^>]+src="([^"]+)"', body_html)
    if match is None:
        return None
    return absolute_url(html_entities.unescape(match.group(1)), page.url, IMAGE_SCHEMES)


def _tags(page: Page, ld: dict | None) -> tuple[str, ...]:
    raw = page.meta("news_keywords", "keywords") or (ld.get("keywords") if ld else None) or ""
    if isinstance(raw, list):
        raw = ",".join(str(k) for k in raw)
    tags = (normalize_text(t) for t in plain_text(str(raw)).split(","))
    return tuple(dict.fromkeys(t for t in tags if t and len(t) <= 60))


def parse_article(url: str, html: str, site: SiteEntry | None = None, *,
                  hints: FetchHints | None = None, now: datetime | None = None) -> Article:
    """Parse one article page; raise :class:`NotAnArticle` when it has no title or body."""
    hints = hints or FetchHints()
    reference = now or hints.fetched_at or datetime.now(UTC)
    page = Page(url, html)
    ld = page.news_article_ld()
    og_type = (page.meta("og:type") or "article").lower()
    if ld is None and og_type not in ("article", "news", "newsarticle"):
        raise NotAnArticle(f"{url}: not an article (og:type is {og_type!r}: a listing or "
                           "home page?)")
    title = _title(page, site, ld) or plain_text(hints.title)
    if not title:
        raise NotAnArticle(f"{url}: no title found")
    if _ERROR_PAGE_TITLE.search(title):
        raise NotAnArticle(f"{url}: an error page ({title!r}) served with status 200")
    lead, lead_printed = _lead(page, site, ld)
    body = _body_element(page, site)
    authors: list[str] = []
    if body is not None:
        body = copy.deepcopy(body)
        remove_boilerplate(body, _remove_selectors(site))
        names, _element = trailing_byline(body)
        authors.extend(names)
        body_html = clean_body(body, base_url=url, lead=lead if lead_printed else "")
    else:
        body_html = _fallback_body_html(page)
        if body_html:
            names, _element = trailing_byline(
                lxml.html.fragment_fromstring(body_html, create_parent="div"))
            authors.extend(names)
    body_text = html_to_text(body_html)
    if len(body_text) < _MIN_BODY_CHARS:
        raise NotAnArticle(f"{url}: no article body found (a listing or an empty page?)")
    if not authors:
        publisher = {match_key(site.name)} if site else set()
        site_name = page.meta("og:site_name")
        if site_name:
            publisher.add(match_key(site_name))
        authors = structured_authors(ld, publisher)
        override = site.selectors.author if site else None
        family = family_rules(site.family) if site else None
        for selector in ((override,) if override else ()) + (family.author if family else ()):
            element = page.select_one(selector)
            name = plain_text(element.text_content()) if element is not None else ""
            if is_person_name(name):
                authors = [name]
                break
    published, updated = _published(page, site, ld, hints, reference)
    if updated and published and updated <= published:
        updated = None
    provinces = tag_provinces(f"{title}\n{lead}\n{body_text}",
                              primary=site.province if site else None)
    site_id = site.id if site else "unknown"
    canonical = _canonical(page)
    return Article(
        id=stable_article_id(site_id, canonical, shortlink=page.link_href("shortlink")),
        site_id=site_id,
        site_kind=site.kind if site else "newspaper",
        url=canonical,
        title=title,
        lead=lead,
        body_html=body_html,
        body_text=body_text,
        authors=tuple(dict.fromkeys(authors)),
        published=published,
        updated=updated,
        provinces=provinces,
        tags=_tags(page, ld),
        image=_image(page, body_html),
        language=_language(page.tree.get("lang")),
        fetched_at=hints.fetched_at or reference,
    )


def _language(declared: str | None) -> str:
    """The ISO 639 code of ``<html lang>`` ("vi-VN" -> "vi"); anything else is "vi", the
    language of every site we crawl (a junk value must not reach the store or the feeds)."""
    code = (declared or "").strip().lower().replace("_", "-").split("-")[0]
    return code if _LANGUAGE_CODE.fullmatch(code) else "vi"
