"""Who wrote the article. Sources, in order (``AUTHOR_SOURCES``):

1. a credit line under the headline that names its writers outright ("Bài và ảnh: Phan
   Bình", "Ghi chép của Hoàng Diệu"): the body may end with someone else's name in bold (an
   interviewee's),
2. the writers' credit a sapo ends with ("… (Bài: Thanh Hà)"),
3. the byline at the end of the body (the usual place on these sites),
4. the site entry's ``author`` selector, 5. the family's author selectors,
6. a field labelled "Tác giả:" outside the text (NukeViet's "Tác giả bài viết:", a portal's
   table of fields): where a CMS prints the writer apart, its login or the union's office is
   what the structured data names,
7. JSON-LD ``author`` persons (never the publication or its domain), or the author box's
   names by the headline where they hold those and more (Ghost names only the first writer),
8. a journal's ``citation_author`` metas (the Highwire Press tags of scholarly articles),
9. a generic author box by the headline (``.author-name``, ``[rel=author]``, ...),
10. the emphasised name on the printed date line (the byline beside a date printed after the
   body container),
11. a name among the pieces of the meta line under the headline ("15 tháng 10, 2026 · 9 phút
    đọc · TS. Vũ Thành Nam (Viện Toán học)"): a blog theme's only byline.

Selector text is read as a byline, so "Theo Minh Anh" gives "Minh Anh", "Hoàng Yến - Đức
Duy" two people, and "Theo TTXVN" or "baoxyz.vn" nobody.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml.etree import XPath, _Element

from aggregator.dates import date_alone
from aggregator.parsing.authors import WRITER_LABEL, byline_names, structured_authors, trailing_byline
from aggregator.parsing.context import PageContext
from aggregator.parsing.evidence import shown_text, zone_of
from aggregator.parsing.lead import SAPO_CREDIT
from aggregator.parsing.provenance import FieldSource, Found
from aggregator.surnames import opens_with_surname
from aggregator.text import match_key, plain_text

# Class names national and portal CMSs give the author box in the article header.
# (Ghost's Casper: "gh-article-author-name".)
_GENERIC_AUTHOR = (".author-name", "[class$=-author-name]", ".article__author", ".article-author",
                   ".detail-author",
                   "[rel=author]", "[itemprop~=author] [itemprop~=name]", "[itemprop~=author]",
                   ".byline", ".author", ".post-author", ".tac-gia", ".tacgia",
                   "[class$=-author]", "[class$=-authors]", "[class$=__author]",
                   # Drupal's author field, one item per writer under its label ("Tác giả",
                   # "Nhóm phóng viên"): Drupal 8+ and Drupal 7 markup.
                   ".field--name-field-author .field__item", ".field-name-field-author .field-item")
# How far from the headline an author box may sit (elements in document order).
_NEAR_HEADLINE = 80
# A date line holding a byline is this short (a longer text is prose).
_DATE_LINE_CHARS = 120


def _from_selectors(ctx: PageContext, selectors: Iterable[str], source: str, *, near: bool
                    ) -> Found[list[str]] | None:
    for selector in selectors:
        matches = ctx.page.select(selector)
        for element in matches:
            if zone_of(element, ctx.headline) is not None or (near and not _near(ctx, element)):
                continue
            names = [name for co_author in _co_authors(element, matches)
                     for name in _box_names(co_author)]
            if names:
                return Found(list(dict.fromkeys(names)), f"{source} {selector}", "", element)
    return None


def _box_names(box: _Element) -> list[str]:
    """The names an author box prints: its whole text read as a byline, else its bold line
    (a box also printing the author's institution under the name: "<strong>GS, TS TRẦN VĂN
    HẢI</strong><br><em>Học viện Chính trị khu vực I</em>"), else the first of its children
    that is a line of author links (a box also holding an avatar and a "follow" button)."""
    names = byline_names(plain_text(box.text_content()))
    if names:
        return names
    bold = box.find(".//strong")
    if bold is None:
        bold = box.find(".//b")
    names = byline_names(plain_text(bold.text_content())) if bold is not None else []
    if names:
        return names
    for child in box.iterchildren("div", "span", "p"):
        names = byline_names(plain_text(child.text_content()))
        # Only a line of author links ("<a>Ngọc An</a> - <a>Hoàng Long</a>"), each a full
        # name: a box's other lines are labels, menus and section links ("News").
        links = {match_key(a.text_content()) for a in child.iter("a")}
        if names and all(match_key(name) in links and " " in name for name in names):
            return names
    return []


def _co_authors(element: _Element, matches: list[_Element]) -> list[_Element]:
    """``element`` and the other matches beside it under the same parent: two authors printed
    as two author links ("<a class=author>A</a> - <a class=author>B</a>") are one byline."""
    parent = element.getparent()
    return [m for m in matches if m.getparent() is parent] if parent is not None else [element]


def _near(ctx: PageContext, element: _Element) -> bool:
    if ctx.headline is None:
        return False
    return abs(ctx.order.get(element, -10**6) - ctx.order.get(ctx.headline, 0)) <= _NEAR_HEADLINE


# A Chinese edition's writer labels: "记者：…" (reporter), "文/图：…" (text/photos).
_CHINESE_CREDIT = r"(?:记者|文\s*/\s*图)\s*[:：]"
# A credit line that says its names wrote the article: "Bài và ảnh: Phan Bình", "Tin, ảnh: …";
# in the editions in other languages "By …" and the Chinese labels.
_WRITER_CREDIT = re.compile(rf"^\s*(?:{WRITER_LABEL}|(?-i:By)\s"
                            rf"|ghi chép của\s|tác giả\s*:|{_CHINESE_CREDIT})", re.I)
# Text pieces after the headline the header's credit line may start in.
_CREDIT_PIECES = 12
# One of those labels alone in its element, the names beside it.
_CREDIT_LABEL_ONLY = re.compile(rf"^\s*(?:By|{_CHINESE_CREDIT})\s*$")


def _header_credit(ctx: PageContext) -> Found[list[str]] | None:
    """The writers a credit line under the headline names outright ("Bài và ảnh: Phan Bình"):
    they wrote it, though the body may end with another person's name in bold (an interviewee
    signing a quote box)."""
    headline = ctx.headline
    if headline is None:
        return None
    for text in headline.xpath(f"following::text()[position() <= {_CREDIT_PIECES}]"):
        if not _WRITER_CREDIT.match(text):
            continue
        line = text.getparent()
        if line is None or zone_of(line, headline) is not None:
            continue
        # A label of its own ("<em>By </em><a>Name</a>"): the line is the label's parent.
        if not _CREDIT_LABEL_ONLY.sub("", shown_text(line)) and line.getparent() is not None:
            line = line.getparent()
        # The names in bold when the line goes on with its date ("Ngày đăng: …").
        bold = " - ".join(plain_text(b.text_content()) for b in line.iter("b", "strong"))
        names = byline_names(bold or shown_text(line))
        if names:
            return Found(names, "credit line under the headline", "", line)
    return None


def _sapo_credit(ctx: PageContext) -> Found[list[str]] | None:
    """The writers a printed sapo credits at its end, in brackets ("… (Bài, ảnh: Thanh Hà)")."""
    lead = ctx.lead_element
    found = SAPO_CREDIT.search(plain_text(lead.text_content())) if lead is not None else None
    names = byline_names(found.group(1)) if found else []
    return Found(names, "writers' credit ending the sapo", "", lead) if names else None


# Text pieces opening with the label of an author field: NukeViet's "Tác giả bài viết:" after
# the text, a portal's table of the article's fields ("Tác giả:" | "Thanh Tùng").
_AUTHOR_FIELD_TEXTS = XPath("//body//text()[starts-with(normalize-space(), 'Tác giả')]")
# A CMS's field, not a line of the text: never appended to the body as its closing byline.
_AUTHOR_FIELD = "author field"
_AUTHOR_LABEL = re.compile(r"^\s*tác giả(?: bài viết)?\s*:\s*$", re.I)


def _labelled_field(ctx: PageContext) -> Found[list[str]] | None:
    """The names a field labelled "Tác giả:" prints outside the text (a CMS's author field):
    the rest of the label's line, or the next cell of a table of fields."""
    for text in _AUTHOR_FIELD_TEXTS(ctx.page.tree):
        label = text.getparent()
        if label is None or zone_of(label, ctx.headline) is not None:
            continue
        line = label
        if _AUTHOR_LABEL.match(text) and label.tag not in ("td", "th", "p", "div", "li"):
            line = label.getparent() if label.getparent() is not None else label
        value = shown_text(line)
        if _AUTHOR_LABEL.match(value) and line.tag in ("td", "th"):
            cell = line.getnext()
            value = f"{value} {shown_text(cell)}" if cell is not None else value
        names = byline_names(value)
        if names:
            return Found(names, _AUTHOR_FIELD, "", line)
    return None


def _trailing(body: _Element | None) -> Found[list[str]] | None:
    if body is None:
        return None
    names, element = trailing_byline(body)
    return Found(names, "byline at the end of the body", "", element) if names else None


def _structured(ctx: PageContext) -> Found[list[str]] | None:
    """JSON-LD's persons; where the author box by the headline names them and more, the box's
    (a theme's structured data names the first of several writers only: Ghost's)."""
    names = structured_authors(ctx.ld, set(ctx.publisher_keys))
    if not names:
        return None
    box = _author_box(ctx)
    if box is not None and set(names) < set(box.value):
        return Found(box.value, "JSON-LD author, with the co-writers the author box names", "",
                     box.element)
    return Found(names, "JSON-LD author")


def _author_box(ctx: PageContext) -> Found[list[str]] | None:
    return _from_selectors(ctx, (", ".join(_GENERIC_AUTHOR),), "generic selector", near=True)


def _citation_authors(ctx: PageContext) -> Found[list[str]] | None:
    """A journal article's authors as its ``citation_author`` metas list them, one name each
    (the tags Google Scholar reads; journal CMSs such as OJS write them for every article)."""
    names = [name for value in ctx.page.tree.xpath("//meta[@name='citation_author']/@content")
             if (name := plain_text(value)) and match_key(name) not in ctx.publisher_keys]
    return Found(list(dict.fromkeys(names)), "citation_author metas") if names else None


def _right_aligned(element: _Element, line: _Element) -> bool:
    """Whether ``element`` or a block of ``line`` holding it is set to the right (a class such
    as "text-right"/"pull-right", a style or an ``align``): where a byline sits on a date line."""
    for node in (element, *element.iterancestors()):
        if "right" in f"{node.get('class', '')} {node.get('style', '')} {node.get('align', '')}":
            return True
        if node is line:
            return False
    return False


def _on_date_line(ctx: PageContext) -> Found[list[str]] | None:
    """The emphasised name on the printed date line ("<b>Trần Quốc Việt</b> - 16:20,
    05/11/2026"): a page printing its only date beside the closing byline, outside the body
    container. Only names credited as writers ("Tin: …"), opening with a surname ("<b>Thứ
    Tư</b>, 14/10/2026" is a weekday) or set to the right of the line (a pen name such as
    "Khánh Vy" has no surname)."""
    date = ctx.date_line
    if date is None:
        return None
    # The date may be a span of its own beside the name: its parent line then.
    for line in (date, date.getparent()):
        if line is None or len(plain_text(line.text_content())) > _DATE_LINE_CHARS:
            return None
        bolds = list(line.iter("b", "strong"))
        emphasised = " - ".join(plain_text(b.text_content()) for b in bolds)
        names = byline_names(emphasised) if emphasised else []
        if names and (_WRITER_CREDIT.match(emphasised)
                      or all(opens_with_surname(name) for name in names)
                      or all(_right_aligned(b, line) for b in bolds)):
            return Found(names, "byline on the date line", "", line)
    return None


# The pieces of a theme's meta line: "date · reading time · author".
_META_SEPARATOR = re.compile(r"\s+[·•|]\s+")
# The meta line follows the headline within this many elements, and is this short.
_META_LINE_AFTER = 12
_META_LINE_CHARS = 120
_FOLLOWING = XPath(f"following::*[position() <= {_META_LINE_AFTER}]")


def _on_meta_line(ctx: PageContext) -> Found[list[str]] | None:
    """The writer among the pieces of the short line under the headline that also holds the
    date alone: a name opening with a common surname, its academic title and institution
    aside (a category or a reading time is none)."""
    if ctx.headline is None:
        return None
    for element in _FOLLOWING(ctx.headline):
        text = plain_text(element.text_content())
        pieces = _META_SEPARATOR.split(text)
        if len(text) > _META_LINE_CHARS or len(pieces) < 2 \
                or not any(date_alone(piece) for piece in pieces):
            continue
        for piece in pieces:
            names = [] if _DIGIT.search(piece) else byline_names(piece)
            if names and all(opens_with_surname(name) for name in names):
                return Found(names, "piece of the meta line under the headline", "", element)
        return None
    return None


_DIGIT = re.compile(r"\d")
# Text pieces after the body container among which the first visible one is looked for.
_PIECES_AFTER_BODY = 12


def byline_after_body(found: Found[list[str]] | None, container: _Element | None) -> str:
    """The closing byline line when the page prints it in a block of its own just after the
    body container (mCMS's ``div.t1`` after ``.cms-body``, an ``article__author`` line, a
    portal's author-and-date line): the first text after the container is the found author's,
    so a reader sees it end the article. Its widest block still reading as the same byline
    ("Thanh Hương (TTXVN/Vietnam+)") without the date printed beside it, or '' when the
    authors came from elsewhere."""
    if found is None or found.element is None or container is None \
            or found.source == _AUTHOR_FIELD:
        return ""
    element = found.element
    if element is container \
            or container in element.iterancestors() or element in container.iterancestors():
        return ""
    first = next((t for t in container.xpath(
        f"following::text()[normalize-space()][position() <= {_PIECES_AFTER_BODY}]")
        if t.getparent() is not None and t.getparent().tag not in ("script", "style")), None)
    if first is None or not (first.getparent() is element
                             or element in first.getparent().iterancestors()):
        return ""
    line = plain_text(element.text_content())
    if _DIGIT.search(line):  # the names in bold, a date beside them: the bold names alone
        bold = next(element.iter("strong", "b"), None)
        line = plain_text(bold.text_content()) if bold is not None else ""
        if not line or _DIGIT.search(line) or byline_names(line) != found.value:
            return ""
    for block in element.iterancestors():
        text = plain_text(block.text_content())
        # A wider block that adds digits adds the date printed beside the names.
        if byline_names(text) != found.value or _DIGIT.search(text.replace(line, "")):
            break
        line = text
    return line


AUTHOR_SOURCES: tuple[FieldSource, ...] = (
    ("credit line under the headline", _header_credit),
    ("writers' credit ending the sapo", _sapo_credit),
    ("byline at the end of the body", lambda ctx: _trailing(ctx.body)),
    ("site selector", lambda ctx: _from_selectors(
        ctx, (s,) if (s := ctx.site_selector("author")) else (), "site selector", near=False)),
    ("family rule", lambda ctx: _from_selectors(ctx, ctx.family_selectors("author"),
                                                f"{ctx.family_name} family rule", near=False)),
    ("labelled author field", _labelled_field),
    ("JSON-LD author", _structured),
    ("citation_author metas", _citation_authors),
    ("author box by the headline", _author_box),
    ("byline on the date line", _on_date_line),
    ("byline on the meta line", _on_meta_line),
)
