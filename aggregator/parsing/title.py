"""The headline. Sources, in order (``TITLE_SOURCES``):

1. the site entry's ``title`` selector, 2. the family's title selectors, 3. any ``h1``/``h2``
that agrees with og:title or the JSON-LD headline, 4. the generic headline selectors,
5. og:title, 6. the JSON-LD headline, 7. the document ``<title>`` without its " | Site"
suffix, 8. the feed item's title.

A selector's heading (1, 2, 4) is believed unless og:title or the JSON-LD headline name the
article and another heading agrees with them: many mastheads wrap the logo in an ``h1`` above
the article's own, and a category heading ("Khoa học") often precedes the headline.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml.etree import _Element

from aggregator.parsing.context import PageContext
from aggregator.parsing.evidence import in_comment_or_aside
from aggregator.parsing.provenance import FieldSource, Found
from aggregator.text import match_key, normalize_text, plain_text

_TITLE_SUFFIX = re.compile(r"\s+[|–-]\s+")


def _references(ctx: PageContext) -> list[str]:
    """og:title and the JSON-LD headline as match keys (computed once per page)."""
    if ctx.title_references is None:
        raw = (ctx.page.meta("og:title"), ctx.structured("headline"))
        ctx.title_references = [match_key(r) for r in raw if isinstance(r, str) and normalize_text(r)]
    return ctx.title_references


def _agrees(element: _Element, references: list[str]) -> bool:
    """Whether a heading is the article title. og:title may add a " - Site" suffix, but a
    short category heading that merely opens the title does not count."""
    text = match_key(element.text_content())
    return bool(text) and any(ref == text or (ref.startswith(text) and 2 * len(text) >= len(ref))
                              for ref in references)


def _agreeing_heading(ctx: PageContext) -> _Element | None:
    references = _references(ctx)
    if not references:
        return None
    for heading in ctx.page.select("h1, h2"):
        if _agrees(heading, references) and not in_comment_or_aside(heading):
            return heading
    return None


def _first_heading(ctx: PageContext, selectors: Iterable[str], source: str
                   ) -> Found[str] | None:
    """The first element of ``selectors`` with text, if nothing contradicts it."""
    for selector in selectors:
        for element in ctx.page.select(selector):
            text = plain_text(element.text_content())
            if not text or in_comment_or_aside(element):
                continue
            references = _references(ctx)
            if references and not _agrees(element, references) and _agreeing_heading(ctx) is not None:
                return None
            return Found(text, f"{source} {selector}", "first heading with text", element)
    return None


def _site_selector(ctx: PageContext) -> Found[str] | None:
    selector = ctx.site_selector("title")
    return _first_heading(ctx, (selector,), "site selector") if selector else None


def _family_rule(ctx: PageContext) -> Found[str] | None:
    return _first_heading(ctx, ctx.family_selectors("title"), f"{ctx.family_name} family rule")


def _agreeing(ctx: PageContext) -> Found[str] | None:
    heading = _agreeing_heading(ctx)
    if heading is None:
        return None
    return Found(plain_text(heading.text_content()), f"<{heading.tag}> agreeing with og:title",
                 "same words as og:title / the JSON-LD headline", heading)


def _generic(ctx: PageContext) -> Found[str] | None:
    return _first_heading(ctx, ctx.generic_selectors("title"), "generic selector")


def _text_source(name: str, raw: object) -> Found[str] | None:
    text = plain_text(raw) if isinstance(raw, str) else ""
    return Found(text, name) if text else None


def _document_title(ctx: PageContext) -> Found[str] | None:
    title = plain_text(ctx.page.tree.findtext(".//title"))
    return Found(_TITLE_SUFFIX.split(title)[0], "<title>") if title else None


TITLE_SOURCES: tuple[FieldSource, ...] = (
    ("site selector", _site_selector),
    ("family rule", _family_rule),
    ("heading agreeing with og:title", _agreeing),
    ("generic selector", _generic),
    ("og:title", lambda ctx: _text_source("og:title", ctx.page.meta("og:title"))),
    ("JSON-LD headline", lambda ctx: _text_source("JSON-LD headline", ctx.structured("headline"))),
    ("<title>", _document_title),
    ("feed item title", lambda ctx: _text_source("feed item title", ctx.hints.title)),
)
