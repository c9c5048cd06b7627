"""One parsed page: decoded once, parsed once into an lxml tree shared by every extraction step.

Decoding follows the declared charset (HTTP header, then ``<meta charset>``), except that bytes
which are valid UTF-8 are read as UTF-8 whatever the page claims; then the text is normalised to
NFC, because Windows-1258 decodes to a base letter plus a combining tone mark, and ``Ð`` (U+00D0)
typed for ``Đ`` is corrected.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

import cssselect
import lxml.html
from cssselect.parser import Attrib, Class, CombinedSelector, Hash
from cssselect.xpath import XPathExpr
from lxml.cssselect import CSSSelector, LxmlHTMLTranslator
from lxml.etree import ElementDefaultClassLookup, ParserError, XPath, _Element
from w3lib.encoding import html_to_unicode

from aggregator.errors import NotAnArticle
from aggregator.parsing.evidence import Measures
from aggregator.text import normalize_document

_UTF8_NAMES = {"utf-8", "utf8"}
_LXML_FUNCTIONS = "__lxml_internal_css:"
_XML_DECLARATION = re.compile(r"^(?:\ufeff)?<\?xml[^>]*\?>\s*", re.I)


def _html_parser() -> lxml.html.HTMLParser:
    """lxml.html's parser with the element class chosen in C. lxml.html's own lookup calls back
    into Python for every element touched, to give forms and inputs classes of their own that
    extraction never uses: 4-5 % of our time on trafilatura's evaluation set."""
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True,
                                  huge_tree=False)
    parser.set_element_class_lookup(ElementDefaultClassLookup(
        element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction, entity=lxml.html.HtmlEntity))
    return parser


_PARSER = _html_parser()


def parse_fragment(html: str) -> _Element:
    """An HTML fragment (body HTML we made) under a new ``<div>``, parsed as pages are."""
    return lxml.html.fragment_fromstring(html, create_parent="div", parser=_PARSER)


# Markup after the document's end: libxml2 stops reading at ``</html>``, where a browser reads
# on into the body. A CMS that prints its error or widget template as a whole document first
# puts the real page after it (``…</html><!DOCTYPE html><html>…<h1>``); without the end tags,
# libxml2 reads on like a browser (the repeated ``<html>``/``<head>``/``<body>`` are ignored).
_MARKUP_AFTER_END = re.compile(r"</html\s*>\s*<(?!!--)", re.I)
_END_TAGS = re.compile(r"</(?:html|body)\s*>", re.I)
# A meta text escaped twice by its CMS (old Joomla: ``content="Tổ hợp tác &amp;quot;Cam…"``):
# once parsed, entity names are left in it, which no reader is meant to see.
_ESCAPED_AGAIN = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,5}|#x[0-9a-fA-F]{2,4});")
# HTML5 void elements libxml2 does not know: it opens them as containers, so the paragraphs
# after an unclosed ``<embed>`` (old CMS video embeds) became its content and were cut with it.
_HTML5_VOID_TAGS = ("embed", "source", "track", "wbr", "keygen")
# A character reference to a code point XML 1.0 forbids (C0 controls but tab and line breaks,
# U+FFFE, U+FFFF), hex or decimal; the parser would put the character itself into the tree.
_FORBIDDEN_REFERENCE = re.compile(
    r"&#(?:[xX]0*([1-8bBcCeEfF]|1[0-9a-fA-F]|[fF]{3}[eEfF])(?![0-9a-fA-F])"
    r"|0*([1-8]|1[1-24-9]|2[0-9]|3[01]|6553[45])(?![0-9]));?")


def decode_html(raw: bytes, *, content_type: str | None = None) -> str:
    """Bytes -> NFC text using the HTTP and in-page charset declarations.

    Declarations lie in two common ways. Pages re-saved as UTF-8 by a newer CMS keep an old
    ``iso-8859-1`` or ``windows-1258`` declaration; text in those single-byte charsets almost
    never forms valid multi-byte UTF-8, so valid UTF-8 beats the declaration. And servers
    configured for UTF-8 send that header with legacy pages; when the bytes are not UTF-8,
    the page's own ``<meta>`` declaration is believed instead.
    """
    encoding, text = html_to_unicode(content_type, raw, default_encoding="utf-8")
    if raw.isascii():
        return normalize_document(text)
    as_utf8 = _mostly_utf8(raw)
    if as_utf8 is not None and encoding not in _UTF8_NAMES:
        text = as_utf8.removeprefix("\ufeff")
    elif as_utf8 is None and encoding in _UTF8_NAMES:
        in_page, in_page_text = html_to_unicode(None, raw, default_encoding="utf-8")
        # When the page's <meta> says UTF-8 too, both lie: the bytes are in Windows-1258, the
        # other encoding Vietnamese sites use.
        text = in_page_text if in_page not in _UTF8_NAMES else raw.decode("cp1258", "replace")
    return normalize_document(text)


# UTF-8 pages with a few broken sequences (a truncated character where a CMS cut a string
# by bytes) are still UTF-8: read them so, with the broken bytes replaced, rather than reading
# the whole page in another charset. Up to one broken sequence per this many bytes.
_BYTES_PER_BROKEN_SEQUENCE = 20_000


def _mostly_utf8(raw: bytes) -> str | None:
    """``raw`` as UTF-8, tolerating a few broken sequences; None when it is not UTF-8."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("utf-8", "replace")
    broken = text.count("\ufffd") - raw.count("\ufffd".encode())
    return text if broken <= max(1, len(raw) // _BYTES_PER_BROKEN_SEQUENCE) else None


@dataclass
class Page:
    """A fetched HTML page with lazily computed structured metadata."""

    url: str
    html: str
    tree: _Element = field(init=False)
    measures: Measures = field(init=False, default_factory=Measures, repr=False, compare=False)
    """Text measures of the tree's elements, each taken once (the tree is never edited)."""

    def __post_init__(self) -> None:
        text = _FORBIDDEN_REFERENCE.sub(_as_normalized, normalize_document(self.html)).strip()
        # lxml refuses a str that starts with an XML declaration naming an encoding (XHTML
        # pages); the text is decoded already, so the declaration says nothing any more.
        text = _XML_DECLARATION.sub("", text, count=1)
        if _MARKUP_AFTER_END.search(text):
            text = _END_TAGS.sub("", text)
        if not text:
            raise NotAnArticle(f"{self.url}: empty page")
        try:
            self.tree = lxml.html.document_fromstring(text, parser=_PARSER)
        except (ParserError, ValueError) as exc:
            raise NotAnArticle(f"{self.url}: not parseable as HTML ({exc})") from None
        for void in list(self.tree.iter(*_HTML5_VOID_TAGS)):
            void.drop_tag()  # what the parser nested inside moves back to where it was

    @cached_property
    def body(self) -> _Element | None:
        """The page's ``<body>``, which the evidence reads as a whole in several places."""
        return self.tree.find("body")

    def select(self, css: str) -> list[_Element]:
        """CSS selection over the whole page (invalid selectors select nothing)."""
        return select_css(self.tree, css, self._vocabulary)

    @cached_property
    def _vocabulary(self) -> Vocabulary:
        """The page's class and id names, read once: the tree only loses elements afterwards,
        so what it lacks now it lacks for good."""
        return Vocabulary.of(self.tree)

    def select_one(self, css: str) -> _Element | None:
        found = self.select(css)
        return found[0] if found else None

    def meta(self, *names: str) -> str | None:
        """First non-empty ``<meta property|name|itemprop=...>`` content among ``names``."""
        for name in names:
            content = self._metas.get(name)
            if content:
                return content
        return None

    @cached_property
    def _metas(self) -> dict[str, str]:
        """Each meta key (lower case) with its first non-empty content: read once, asked
        for about ten times per page."""
        metas: dict[str, str] = {}
        for element in self.tree.iterfind(".//meta"):
            key = element.get("property") or element.get("name") or element.get("itemprop")
            content = (element.get("content") or "").strip()
            if key and content:
                if _ESCAPED_AGAIN.search(content):
                    content = html.unescape(content)
                metas.setdefault(key.lower(), content)
        return metas

    def link_href(self, rel: str) -> str | None:
        for element in self.tree.iterfind(".//link"):
            if rel in (element.get("rel") or "").lower().split() and element.get("href"):
                return element.get("href", "").strip()
        return None

    @cached_property
    def json_ld(self) -> list[dict[str, Any]]:
        """Every JSON-LD object on the page, flattened out of lists and ``@graph``."""
        objects: list[dict[str, Any]] = []
        for script in self.tree.iterfind(".//script"):
            if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
                continue
            try:
                data = json.loads(script.text, strict=False)
            except ValueError:
                continue
            objects.extend(_flatten_ld(data))
        return objects

    def news_article_ld(self) -> dict[str, Any] | None:
        """The first JSON-LD object typed as an article: a schema.org ``…Article``, ``Report``
        or ``BlogPosting`` (an Article too; Sapo and Blogger shops type their posts so)."""
        for obj in self.json_ld:
            types = obj.get("@type")
            names = types if isinstance(types, list) else [types]
            if any((isinstance(t, str) and t.endswith("Article")) or t in ("Report", "BlogPosting")
                   for t in names):
                return obj
        return None


class _Translator(LxmlHTMLTranslator):
    """lxml's CSS translator with cheap tests first, for the same matches: ``[name=value]`` and
    ``#id`` ask whether the element has the attribute before comparing it (libxml2 otherwise
    compares every element's missing attribute with the value, three times slower over a
    page), and ``[name$=value]`` whether the attribute holds the value before cutting its end
    off (as cssselect's ``~=`` does)."""

    def xpath_attrib_equals(self, xpath: XPathExpr, name: str, value: str | None) -> XPathExpr:
        assert value is not None
        xpath.add_condition(f"{name} and {name} = {self.xpath_literal(value)}")
        return xpath

    def xpath_attrib_suffixmatch(self, xpath: XPathExpr, name: str, value: str | None
                                 ) -> XPathExpr:
        if value:
            xpath.add_condition(f"{name} and contains({name}, {self.xpath_literal(value)})")
        return super().xpath_attrib_suffixmatch(xpath, name, value)


_TRANSLATOR = _Translator()


@lru_cache(maxsize=1024)
def _compiled(css: str) -> Callable[[_Element], Any] | None:
    """Compiling CSS to XPath costs more than running it; every page uses the same few
    hundred selectors, so each is compiled once."""
    try:
        selector = CSSSelector(css, translator=_TRANSLATOR)
    except Exception:  # cssselect raises several types for bad user selectors
        return None
    if _LXML_FUNCTIONS in selector.path:
        # A kept selector calling lxml's own XPath functions (``:contains``) reads a freed
        # namespace name on a later call and crashes the parse: built per call instead.
        return lambda element: CSSSelector(css, translator=_TRANSLATOR)(element)
    return selector


def select_css(element: _Element, css: str, vocabulary: Vocabulary | None = None
               ) -> list[_Element]:
    """Elements under ``element`` (itself included) matching ``css``, in document order;
    an invalid selector (from a user's config) selects nothing.

    With the ``vocabulary`` of ``element``'s subtree, the alternatives of a selector group
    that name a class or id the subtree lacks are not run: the generic groups list a dozen
    CMSs' class names, a page uses one or none of them, and libxml2 tests every alternative
    against every element (about 60 % of their cost on unknown layouts)."""
    alternatives = _alternatives(css) if vocabulary is not None else None
    if alternatives is None or vocabulary is None:
        selector = _compiled(css)
        return list(selector(element)) if selector is not None else []
    kept = tuple(path for path, needs in alternatives if vocabulary.holds(needs))
    return list(_xpath(kept)(element)) if kept else []


_Need = tuple[str, str]
"""What an element must carry for a selector to match it: ("class", name), ("id", name), or
(attribute + "*", text) for a listed attribute (:data:`_LISTED_ATTRIBUTES`) holding ``text``."""

# Attributes whose values a subtree's vocabulary lists: class and id, and those a few selectors
# test (``[itemprop~=author]``, ``[rel=author]``, ``[property~='dc:created']``), which few
# elements carry: reading their values costs less than one selector run they spare.
_LISTED_ATTRIBUTES = ("class", "id", "itemprop", "rel", "property")
# Plain strings: lxml's "smart" strings, which know their element, cost twice as much.
_VALUES = {name: XPath(f"descendant-or-self::*/@{name}", smart_strings=False)
           for name in _LISTED_ATTRIBUTES}


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The class and id names used in a subtree, and every value of its listed attributes:
    enough to tell that a selector cannot match there without running it."""

    classes: frozenset[str]
    ids: frozenset[str]
    texts: dict[str, str]
    """Each listed attribute's values, joined by spaces."""

    @classmethod
    def of(cls, element: _Element) -> Vocabulary:
        values = {name: _VALUES[name](element) for name in _LISTED_ATTRIBUTES}
        texts = {name: " ".join(found) for name, found in values.items()}
        # Python's split() breaks at every whitespace XPath's normalize-space() breaks at
        # (and more), so every class token a selector can match is in ``classes``.
        return cls(frozenset(texts["class"].split()), frozenset(values["id"]), texts)

    def holds(self, needs: frozenset[_Need]) -> bool:
        return all(self._has(need) for need in needs)

    def _has(self, need: _Need) -> bool:
        kind, value = need
        if kind == "class":
            return value in self.classes
        if kind == "id":
            return value in self.ids
        return value in self.texts[kind.removesuffix("*")]


# Attribute operators under which a match's attribute holds the selector's value (not "!=").
_HOLDING_OPERATORS = frozenset({"=", "~=", "|=", "^=", "$=", "*="})


@lru_cache(maxsize=1024)
def _alternatives(css: str) -> tuple[tuple[str, frozenset[_Need]], ...] | None:
    """Each alternative of a selector group as XPath, with the names it needs; None for an
    invalid selector or one using lxml's own XPath functions (see :func:`_compiled`)."""
    try:
        selectors = cssselect.parse(css)
        paths = [_TRANSLATOR.selector_to_xpath(s, translate_pseudo_elements=True)
                 for s in selectors]
    except Exception:  # cssselect raises several types for bad user selectors
        return None
    if any(_LXML_FUNCTIONS in path for path in paths):
        return None
    return tuple((path, frozenset(_needs(s.parsed_tree))) for path, s in zip(paths, selectors,
                                                                             strict=True))


def _needs(tree: Any) -> Iterator[_Need]:
    """Class and id names (and listed attributes' values) an element must carry to match a
    parsed selector: those of the compound selectors joined by combinators, not those under
    ``:not()``, ``:is()`` or ``:has()`` (which may be absent)."""
    if isinstance(tree, Class):
        yield "class", tree.class_name
    elif isinstance(tree, Hash):
        yield "id", tree.id
    elif isinstance(tree, Attrib) and tree.attrib.lower() in _LISTED_ATTRIBUTES \
            and tree.operator in _HOLDING_OPERATORS and tree.value is not None \
            and tree.value.value is not None:
        yield f"{tree.attrib.lower()}*", tree.value.value
    if isinstance(tree, CombinedSelector):
        yield from _needs(tree.subselector)
    inner = getattr(tree, "selector", None)
    if inner is not None:
        yield from _needs(inner)


@lru_cache(maxsize=4096)
def _xpath(paths: tuple[str, ...]) -> XPath:
    """The union of some alternatives of a group, compiled once per combination."""
    return XPath(" | ".join(paths))


def _as_normalized(reference: re.Match[str]) -> str:
    """The referenced character as :func:`normalize_document` treats it when typed: lxml
    refuses to set a text or attribute holding one, so editing the tree around it failed."""
    hex_digits, digits = reference.groups()
    return normalize_document(chr(int(hex_digits, 16) if hex_digits else int(digits)))


def _flatten_ld(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _flatten_ld(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _flatten_ld(data["@graph"])
