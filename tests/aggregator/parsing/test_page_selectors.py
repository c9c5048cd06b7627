"""``select_css``: the selectors of site entries, families and user config, on parsed pages."""

from __future__ import annotations

from pathlib import Path

import lxml.html
from lxml.cssselect import CSSSelector

from aggregator.parsing import decode_html
from aggregator.parsing.page import select_css

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
