"""The lead (sapo). Sources, in order (``LEAD_SOURCES``):

1. the site entry's ``lead`` selector, 2. the family's lead selectors, 3. a generic sapo
selector whose element sits just after the headline or agrees with the meta description,
4. the element that prints the meta description (or the sapo whose opening it is, cut at a
length), 5. a bold first paragraph that is the sapo
by its dateline tag or its agreement with the meta description (its own text, or the next
paragraph's: the description excerpts the text after the sapo), or, written as sentences, on a
page that prints its description nowhere (not bold, a first paragraph opening with a dateline
tag and printed apart, above the text's block), 6. og:description / meta description, 7. the
JSON-LD description.

A printed sapo (1-5) is removed from the body when repeated there; a meta description is
often just the body's first paragraph, so it is not. Printed candidates made mostly of links
(a breadcrumb) or sitting in a comment or sidebar are never a lead, and a generic "sapo" far
from the headline, or under another article's headline link, is a related article's teaser.
"""

from __future__ import annotations

import re

from lxml.etree import XPath, _Element

from aggregator.parsing.authors import WRITER_LABEL
from aggregator.parsing.body import strip_dateline
from aggregator.parsing.context import PageContext
from aggregator.parsing.evidence import shown_text, zone_of
from aggregator.parsing.provenance import FieldSource, Found
from aggregator.text import has_key, match_key, plain_text
from aggregator.urls import domain_name

# A generic sapo must start within this many elements after the headline (the header block:
# category, date, share bar, author box sit between them).
_NEAR_HEADLINE = 60
# A first paragraph this long may be a sapo (a date or label line is shorter).
_OPENING_CHARS = 80
PRINTED = "printed"


# A label printed before a sapo: a journal's "Tóm tắt:" (abstract).
_LABEL = re.compile(r"^(?:tóm tắt|abstract)\s*:\s*", re.I)


# A first word used as a tag: "Kinhtedothi - ", "Vanvn- ".
_SITE_TAG = re.compile(r"(\S+?)\s*[-–—]\s+")


# Where a page states its description: Open Graph, HTML, and a journal article's Dublin Core
# and Highwire Press tags (OJS writes the abstract there and no other description).
_DESCRIPTIONS = ("og:description", "description", "dc.description", "citation_abstract")

# The writers' credit a sapo ends with, in brackets: "… thị trường khó tính. (Bài: Thanh Hà)".
SAPO_CREDIT = re.compile(rf"\s*\(\s*({WRITER_LABEL}[^()]{{2,60}})\)\s*$", re.I)


def _untagged(text: str, url: str) -> str:
    """The lead without its dateline tag ("(BNA) - ", "GD&TĐ - ") or the site's name used as
    one ("Kinhtedothi - " on kinhtedothi.vn, "Vanvn- " on vanvn.vn), and without the writers'
    credit it may end with (a field of its own)."""
    text = _LABEL.sub("", strip_dateline(text))
    text = SAPO_CREDIT.sub("", text)
    site = domain_name(url)
    tag = _SITE_TAG.match(text)
    return text[tag.end():] if tag and site and \
        tag.group(1).casefold().removesuffix(".vn") == site else text


def _printed(ctx: PageContext, selectors: tuple[str, ...], source: str, *, near: bool
             ) -> Found[str] | None:
    headline = ctx.headline
    for selector in selectors:
        for element in ctx.page.select(selector):
            text = plain_text(_without_stamp(element))
            if not text or _holds_a_text(element, text) or zone_of(element, headline) is not None \
                    or ctx.page.measures.link_density(element) >= 0.5 \
                    or _teasers_sapo(ctx, element, text):
                continue
            if near and not _placed_as_lead(ctx, element, text, headline):
                continue
            return Found(_untagged(text, ctx.url), f"{source} {selector}", PRINTED, element)
    return None


# A sapo is a paragraph or two: an element holding more is the text's wrapper (ColorMag names
# its post content "cm-entry-summary").
_LONGEST_SAPO = 1000
_SAPO_PARAGRAPHS = 2


def _holds_a_text(element: _Element, text: str) -> bool:
    """Whether a sapo-classed ``element`` (of ``text``) is longer than any sapo."""
    return len(text) > _LONGEST_SAPO or len(element.findall(".//p")) > _SAPO_PARAGRAPHS


def _teasers_sapo(ctx: PageContext, element: _Element, text: str) -> bool:
    """Whether a sapo-classed ``element`` is another article's (a related item's
    ``p.related-sapo`` under its headline link): climbing a few small blocks from it, one
    holding a headline-sized link before it comes before one holding the article's headline
    (which may link to itself: the article's own header block). A link after it is a related
    list the text's container also holds."""
    measures, place = ctx.page.measures, ctx.order.get(element, -1)
    node = element
    for _level in range(4):
        parent = node.getparent()
        if parent is None or measures.text_chars(parent) > 2.5 * len(text) + 150:
            return False
        node = parent
        if ctx.headline is not None and (node is ctx.headline or ctx.headline in node.iterdescendants()):
            return False
        if any(ctx.order.get(link, place) < place for link in measures.headline_links(node)):
            return True
    return False


# The class of a place stamp a sapo opens with (VnExpress's "location-stamp", styled with a
# dash after it): a dateline tag in markup rather than in text.
_STAMP_CLASS = re.compile(r"location|stamp|dateline", re.I)


def _without_stamp(element: _Element) -> str:
    """The sapo's text less an opening place stamp element."""
    first = next(element.iterchildren("*"), None)
    if first is None or (element.text or "").strip() or not _STAMP_CLASS.search(first.get("class") or ""):
        return shown_text(element)
    return (first.tail or "") + "".join(
        (child.text_content() if isinstance(child.tag, str) else "") + (child.tail or "")
        for child in first.itersiblings())


def _placed_as_lead(ctx: PageContext, element: _Element, text: str,
                    headline: _Element | None) -> bool:
    description = ctx.page.meta(*_DESCRIPTIONS)
    if description and match_key(plain_text(description))[:60] == match_key(text)[:60]:
        return True
    if headline is None:
        return False
    distance = ctx.order.get(element, -1) - ctx.order.get(headline, 0)
    return 0 < distance <= _NEAR_HEADLINE


def _printed_description(ctx: PageContext) -> Found[str] | None:
    """The element printing the meta description: a sapo under a class name no selector knows
    (Drupal's ``field--name-field-tom-tat``, DNN's ``span#…lblSummary``), found by its text."""
    description = plain_text(ctx.page.meta(*_DESCRIPTIONS) or "")
    words = description.split()
    if len(words) < 6:
        return None
    key = match_key(description)
    cut = len(description) >= _CUT_DESCRIPTION_CHARS and (
        not description.endswith(_WHOLE_TEXT_ENDS) or description.endswith("..."))
    probe = " ".join(words[:4])
    for text in ctx.page.tree.xpath("//body//text()[contains(., $probe)]", probe=probe):
        element = text.getparent()
        for _level in range(3):
            if element is None:
                break
            if _prints(element.text_content(), key, cut=cut):
                # A <p> printing it is the body's first paragraph (WordPress and many CMSs
                # copy it into the description), which stays in the body; unless it is the
                # only text of a block of its own that the text follows (a theme's
                # "entry-excerpt" above "entry-content").
                if element.tag == "p":
                    element = _block_of_its_own(element)
                # A cut description's opening may be the whole text's (a short post written
                # in one block): a sapo has text after it.
                if element is not None and element.tag != "p" \
                        and zone_of(element, ctx.headline) is None \
                        and not (cut and not _text_after(element)):
                    return Found(_untagged(plain_text(element.text_content()), ctx.url),
                                 f"element printing the meta description <{element.tag}>",
                                 PRINTED, element)
                break
            element = element.getparent()
    return None


# A description this long ending otherwise was cut at a length ("… vừa tổ chức đoà", CMSs cut
# at 150-160 characters; a shorter one without a full stop is a subtitle): the sapo printing
# it is longer, up to this many characters (a teaser's length at most).
_WHOLE_TEXT_ENDS = (".", "!", "?", "…", '"', "”", ")", "»")
_CUT_DESCRIPTION_CHARS = 120
_CUT_SAPO_CHARS = 600


def _prints(text: str, description_key: str, *, cut: bool) -> bool:
    """Whether ``text`` is the description, or a sapo whose opening a cut description is (up
    to its last word, which may be cut mid-syllable: "đoà" of "đoàn" keys as "đòa")."""
    return has_key(text, description_key) or (
        cut and len(text) <= _CUT_SAPO_CHARS
        and match_key(text).startswith(description_key.rsplit(" ", 1)[0]))


def _block_of_its_own(paragraph: _Element) -> _Element | None:
    """The block holding nothing but ``paragraph``, when prose paragraphs follow it in a later
    sibling block: a sapo printed apart from the text. A paragraph among others, or alone in
    a block that nothing follows, is the body's own."""
    block = paragraph.getparent()
    if block is None or block.tag in ("body", "article") or \
            match_key(block.text_content()) != match_key(paragraph.text_content()):
        return None
    follows = any(len(plain_text(p.text_content())) >= _OPENING_CHARS
                  for sibling in block.itersiblings() if isinstance(sibling.tag, str)
                  for p in sibling.iter("p"))
    return block if follows else None


def _bold_opening(ctx: PageContext) -> Found[str] | None:
    """A sapo printed as the text's first paragraph in bold (``<p><strong>…</strong></p>``, the
    usual sapo of Vietnamese WordPress sites), or not in bold but printed apart above the
    text's block with a dateline tag, when it says it is one: it opens with a dateline
    tag, or the meta description is its text or its opening cut short ("…"), or the next
    paragraph's, or the page prints no description at all (Lao Động's is a sentence of its
    own: the bold paragraph, written as sentences, is the only summary a reader sees).
    Otherwise a bold first paragraph is the text's own (a press release's bold event title),
    and an editor's note ("LTS: …") or a letter's salutation ("Kính gửi: …") always is."""
    headline = ctx.headline
    if headline is None:
        return None
    start = ctx.order.get(headline, 0)
    paragraph = next((p for p in ctx.page.tree.iter("p")
                      if ctx.order.get(p, -1) > start
                      and len(plain_text(p.text_content())) >= _OPENING_CHARS), None)
    if paragraph is None or ctx.order.get(paragraph, 0) - start > _NEAR_HEADLINE \
            or zone_of(paragraph, headline) is not None:
        return None
    text = plain_text(paragraph.text_content())
    untagged = _untagged(text, ctx.url)
    bold = sum(len(plain_text(b.text_content())) for b in paragraph if b.tag in ("strong", "b"))
    if bold < 0.9 * len(text) and not (untagged != text and _text_follows_apart(paragraph)):
        return None
    if _EDITORS_NOTE.match(text):
        return None
    raw_description = plain_text(ctx.page.meta(*_DESCRIPTIONS) or "")
    description = match_key(raw_description)
    following = next((p for p in paragraph.itersiblings("p")
                      if len(plain_text(p.text_content())) >= _OPENING_CHARS), None)
    # The description is this paragraph, or the next one's opening: an excerpt of the text
    # that starts after it (the sapo is printed from a field of its own).
    agrees = _echoes(description, untagged) or (
        following is not None and _echoes(description, plain_text(following.text_content())))
    if untagged == text and not agrees and (_printed_anywhere(ctx, raw_description)
                                            or not text.endswith(_SENTENCE_ENDS)):
        return None
    return Found(untagged, "bold first paragraph", PRINTED, paragraph)


def _text_after(element: _Element) -> bool:
    """Whether a paragraph of the text follows ``element`` (among the next few blocks): a
    ``<p>``, or a ``<div>`` written as one (old editors), of a sapo's length at least."""
    return any(len(plain_text(block.text if block.tag == "div" else block.text_content()))
               >= _OPENING_CHARS for block in _NEXT_BLOCKS(element))


_NEXT_BLOCKS = XPath("following::*[self::p or self::div][position() <= 8]")


def _text_follows_apart(paragraph: _Element) -> bool:
    """Whether the text follows ``paragraph`` in a block of its own (Báo Phú Thọ's ``p.pHead``
    above ``div#dcontent``): a paragraph printed apart from the text, above it."""
    return any(len(plain_text(p.text_content())) >= _OPENING_CHARS
               for sibling in paragraph.itersiblings() if isinstance(sibling.tag, str)
               and sibling.tag != "p" for p in sibling.iter("p"))


# A sapo is sentences; a bold line without a full stop is a title (a press release's event).
_SENTENCE_ENDS = (".", "!", "?", "…")
# An editor's note opening the text ("LTS:", "Lời tòa soạn:"), often in bold, and a letter's
# salutation ("Kính gửi: …", "Kính thưa …", set bold and centred above a greeting letter): the
# text's own.
_EDITORS_NOTE = re.compile(r"^(?:lts|lời (?:tòa|toà) soạn|ghi chú của tòa soạn|kính gửi|kính thưa"
                           r"|thân gửi)\b", re.I)


def _printed_anywhere(ctx: PageContext, description: str) -> bool:
    """Whether the page's text shows ``description`` (its first words, as written) anywhere;
    an empty description counts as not printed."""
    probe = " ".join(description.split()[:6])
    return bool(probe) and bool(
        ctx.page.tree.xpath("//body//text()[contains(., $probe)]", probe=probe))


def _echoes(description_key: str, text: str) -> bool:
    """Whether a description (a match key) is ``text`` or its opening cut short."""
    cut = description_key.rstrip(".… ")
    return len(cut) >= 40 and (match_key(text) == description_key
                               or match_key(text).startswith(cut))


# What a site calls itself before its name in a description that is the site's, not the
# page's: "Trang thông tin điện tử Liên hiệp các Hội …", "Cổng thông tin điện tử tỉnh …".
_SITE_KIND = re.compile(
    r"^(?:(?:trang|cổng) (?:thông tin|tin)(?: điện tử)?|báo điện tử|tạp chí điện tử|website|"
    r"trang web)(?: chính thức)?(?: của)? ")


def _meta(ctx: PageContext, name: str, raw: object) -> Found[str] | None:
    """A description as the lead, unless it only names the publication (an old portal puts its
    own name, or "Trang thông tin điện tử" and its name, and maybe its motto, in every page's
    description)."""
    text = plain_text(raw) if isinstance(raw, str) else ""
    if not text:
        return None
    key = match_key(text)
    named = _SITE_KIND.sub("", key)
    if named in ctx.publisher_keys or (named != key and any(
            named.startswith(f"{publisher} - ") for publisher in ctx.publisher_keys)):
        return None  # "Website <site> - <its motto>" too
    return Found(_untagged(text, ctx.url), name, "meta")


LEAD_SOURCES: tuple[FieldSource, ...] = (
    ("site selector", lambda ctx: _printed(
        ctx, (s,) if (s := ctx.site_selector("lead")) else (), "site selector", near=False)),
    ("family rule", lambda ctx: _printed(ctx, ctx.family_selectors("lead"),
                                         f"{ctx.family_name} family rule", near=False)),
    # The generic selectors as one group: one pass over the page, first match in page order.
    ("generic sapo near the headline", lambda ctx: _printed(
        ctx, (", ".join(ctx.generic_selectors("lead")),), "generic selector", near=True)),
    ("element printing the meta description", _printed_description),
    ("bold first paragraph", _bold_opening),
    ("og:description", lambda ctx: _meta(ctx, "og:description",
                                         ctx.page.meta(*_DESCRIPTIONS))),
    ("JSON-LD description", lambda ctx: _meta(ctx, "JSON-LD description",
                                              ctx.structured("description"))),
)
