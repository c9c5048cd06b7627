"""``select_css``: the selectors of site entries, families and user config, on parsed pages."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import lxml.html
from lxml.cssselect import CSSSelector

from aggregator.parsing import decode_html
from aggregator.parsing.families import COMMON_REMOVE, FAMILIES, GENERIC
from aggregator.parsing.page import Page, Vocabulary, select_css

GOLD = Path(__file__).resolve().parents[2] / "gold"


def test_a_contains_selector_keeps_working_over_many_pages() -> None:
    """``:contains`` runs through lxml's own XPath functions; a compiled selector kept across
    pages used to read freed memory on a later call (garbage namespace name, crash)."""
    css = "p:contains('Theo'), .author, h1"
    pages = sorted(GOLD.glob("*/*.html"))[:12]
    matched = 0
    for page in pages:
        tree = lxml.html.document_fromstring(decode_html(page.read_bytes()))
        found = select_css(tree, css)
        assert found == list(CSSSelector(css, translator="html")(tree)), page.name
        matched += len(found)
    assert matched > len(pages)


def test_an_invalid_selector_selects_nothing() -> None:
    tree = lxml.html.document_fromstring("<html><body><p>x</p></body></html>")
    assert select_css(tree, "p[") == []
    assert select_css(tree, "p::before") == []
    assert [e.tag for e in select_css(tree, "p")] == ["p"]


def _shipped_selectors() -> list[str]:
    """Every selector the parser ships (families, generic rules, common removals), one by
    one and as the groups the parser runs."""
    rules = [*FAMILIES.values(), GENERIC]
    selectors = [css for r in rules for field in fields(r) if field.name != "url_signature"
                 for css in getattr(r, field.name)]
    groups = [", ".join(getattr(r, field.name)) for r in rules for field in fields(r)
              if field.name != "url_signature" and getattr(r, field.name)]
    return [*dict.fromkeys(selectors), *groups, ", ".join(COMMON_REMOVE)]


# Shapes where a name in the selector does not have to be on the page, or where a name test
# is not a plain class/id token test.
_TRICKY = [
    "div:not(.no-such-class)", "p:not(#no-such-id)", "[class!=no-such-class]", "[id!=x]",
    "[class|=entry]", "[class^=entry]", "[class$=content]", "[class~=entry-content]",
    "[CLASS*=content]", "[class=''], [class*='']", "div:has(.no-such-class), p",
    "div > .entry-content, .no-such-class ~ p, h1 + p", "#content-detail.no-such-class, h1",
    ".Entry-Content", "div#content-detail .cms-body", ":is(.no-such-class, p)",
]


def test_skipping_alternatives_by_the_page_s_names_changes_no_selection() -> None:
    """Alternatives naming a class or id the page lacks are not run (a speed-up): what is
    selected must be exactly what the full selector selects, on every gold page."""
    selectors = _shipped_selectors() + _TRICKY
    pages = sorted(GOLD.glob("*/*.html"))
    matched = skipped = 0
    for path in pages:
        page = Page(f"https://example.vn/{path.name}", decode_html(path.read_bytes()))
        vocabulary = Vocabulary.of(page.tree)
        for css in selectors:
            everything = select_css(page.tree, css)
            assert page.select(css) == everything, (path.name, css)
            assert select_css(page.tree, css, vocabulary) == everything, (path.name, css)
            matched += bool(everything)
        skipped += sum(not vocabulary.holds(frozenset({("class", c)})) for c in ("sapo", "desc"))
    assert matched > len(pages) and skipped > len(pages) // 2
