"""Turn a body container into clean, absolute, sanitized HTML and its plain text.

Order matters: boilerplate is cut on the raw tree (where class names still exist), images and
links are made absolute and captions become ``<figure>/<figcaption>`` before sanitising, and the
sanitiser runs last so nothing added here can smuggle markup through.
"""

from __future__ import annotations

import copy
import html
import re
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml.etree import XPath, _Element, _ElementUnicodeResult, iterwalk

from aggregator.dates import date_alone
from aggregator.parsing.authors import credit_line
from aggregator.parsing.evidence import (
    PARAGRAPH_CHARS,
    embedded_article,
    holds_blocks,
    is_hidden,
    link_chars,
    text_chars,
    visible_chars,
)
from aggregator.parsing.families import BOILERPLATE_HEADINGS, COMMON_REMOVE
from aggregator.parsing.page import Vocabulary, parse_fragment, select_css
from aggregator.parsing.sanitize import URL_SCHEMES, sanitize_html
from aggregator.text import match_key, normalize_text

# Dateline tags that open a lead: "LSO-", "(LSO) -", "(CTO) -", "(GLO)-", "BTNO -", "YBĐT -",
# and national papers' "(Dân trí) -", "(Chinhphu.vn) -", "QĐND Online -", "VOV.VN -", "GD&TĐ -",
# "TGVN. " (a tag of three or more capitals may end with a full stop; "TP. Huế" is no tag),
# "(NB&CL) " (a tag of capitals in brackets needs no dash),
# and the bare " - " left where a tag is printed by style or script (an empty brand span).
# The editions in other languages put the place before the agency ("Hanoi (VNA) –", "HÀ NỘI
# (VNS) —"), bracket it full-width ("（VOVWORLD） - ") or end it with a Chinese dash
# ("越通社广宁——").
_DATELINE = re.compile(
    r"^\s*(?:(?:\(\s*[^()]{2,24}?\s*\)|（[^（）]{2,24}）|[A-ZĐ][A-ZĐ&]{1,6}(?:\.VN| Online)?"
    r"|(?:[^\s()]{1,15}\s+){0,3}[^\s()]{1,15}\s*\([A-Z][A-Z+]{1,9}\))\s*[-–—:]"
    r"|\([A-ZĐ][A-ZĐ&]{1,7}\)(?=\s)|[A-ZĐ][A-ZĐ&]{2,6}\.(?=\s)|[-–—](?=\s)|[^\s\d，。]{2,12}——)\s*")


def strip_dateline(text: str) -> str:
    """Remove a leading dateline tag (only the summary loses it; the body keeps it)."""
    return _DATELINE.sub("", text, count=1)


# A template's unrendered leftovers: "{{ … }}", "{% … %}", and a WordPress shortcode a page
# builder did not render ('[button text="Tải toàn văn" link="…"]', "[/button]"; a bracketed
# word with no attribute, "[video]", may be text).
_TEMPLATE_LEFTOVER = re.compile(
    r"\{\{.*?\}\}|\{%.*?%\}|\[[a-z_][\w-]*(?:\s+[\w-]+=[\"“”″][^\"“”″\]]*[\"“”″])+\s*/?\]"
    r"|\[/[a-z_][\w-]*\]", re.S)
_LAZY_SRC_ATTRIBUTES = ("data-src", "data-lazy-src", "data-original", "data-lazyload", "data-url")
# Where the text of body HTML breaks into paragraphs when it is read as text (evidence.
# _BLOCK_CHILDREN asks another question, of the raw page: is this <div> a paragraph or a
# container of page zones?).
_BLOCK_TAGS = {"p", "div", "li", "h2", "h3", "h4", "h5", "h6", "blockquote", "figcaption",
               "tr", "table", "figure", "ul", "ol", "pre"}
# Class names of a block that holds an image and its caption ("img-detail", "detail-image",
# "wp-caption", "image", "photo-box").
_IMAGE_HOLDER = re.compile(r"image|img|photo|picture|caption", re.I)
# An image block's own text up to this length is its caption; longer is article text.
_CAPTION_CHARS = 300
_CAPTION_SELECTORS = ("figcaption", ".wp-caption-text", ".image_desc", ".PhotoCMS_Caption",
                      ".caption", ".img-caption", ".expNoEdit")


def _drop(element: _Element) -> None:
    """Remove an element but keep its tail text (which belongs to the parent)."""
    parent = element.getparent()
    if parent is None:
        return
    element.drop_tree()


# One selector group: a single XPath pass instead of one per selector.
_COMMON_REMOVE_GROUP = ", ".join(COMMON_REMOVE)

# Above this many non-space characters an element cannot be a boilerplate heading, so the
# costly match_key is skipped (most paragraphs are far longer). Derived from the longest
# heading ("tin cùng chuyên mục", 19): three characters per letter allow text typed in NFD
# (a Vietnamese letter takes at most two combining marks), ten more the ":", "»" around it.
_MAX_HEADING_CHARS = 3 * max(map(len, BOILERPLATE_HEADINGS)) + 10


# A remover may cut at most this share of the body's text: one that would cut more has
# matched the article itself (a "related" heading whose list is filled by JavaScript, a
# comment class on the body's wrapper), so it is not applied.
_MAX_CUT_SHARE = 0.5


class _CutGuard:
    """Refuses cuts that would take most of the body (see :data:`_MAX_CUT_SHARE`)."""

    def __init__(self, body: _Element) -> None:
        self.body = body
        self.total = visible_chars(body.text_content())
        self.refused = 0

    def allows(self, element: _Element) -> bool:
        if element is self.body or element.getparent() is None:
            return False
        if self.total >= 200 and visible_chars(element.text_content()) > \
                _MAX_CUT_SHARE * self.total:
            self.refused += 1
            return False
        return True


def remove_boilerplate(body: _Element, selectors: Iterable[str]) -> int:
    """Cut listed selectors, link blocks headed by "Tin liên quan" & co, boxes shaped like
    lists of other articles, and template text. Returns how many cuts were refused because
    they would have taken most of the body."""
    for fallback in list(body.iter("noscript")):
        # The text of a body the page fills by script (Blogger's template), for readers
        # without script; a lazy-loaded image's <noscript> copy holds no text and goes.
        # (A body that is itself the <noscript> copy has no tag around it to unwrap.)
        if fallback is not body and fallback.find(".//p") is not None \
                and text_chars(fallback) >= PARAGRAPH_CHARS:
            fallback.drop_tag()
    _keep_own_asides_and_footers(body)
    guard = _CutGuard(body)
    for hidden in [e for e in body.iter() if is_hidden(e)]:
        # Never shown to a reader: a newsletter form a script reveals, a copy for another
        # layout. (An element under one already dropped is dropped with it.)
        if hidden.getparent() is not None and guard.allows(hidden):
            _drop(hidden)
    vocabulary = Vocabulary.of(body)  # still right after cuts: the body only loses names
    for selector in (_COMMON_REMOVE_GROUP, *selectors):
        for element in select_css(body, selector, vocabulary):
            if guard.allows(element):
                _drop(element)
    for element in list(body.iter("h2", "h3", "h4", "h5", "div", "p", "span", "strong", "b")):
        if element.getparent() is None or len(element) > 3:
            continue
        text = element.text_content()
        # The raw length alone would also count the indentation of pretty-printed markup.
        if not text.strip() or (len(text) > _MAX_HEADING_CHARS
                                and len("".join(text.split())) > _MAX_HEADING_CHARS):
            continue
        heading = match_key(text).strip(" :»›>")
        if heading in BOILERPLATE_HEADINGS:
            _drop_heading_block(body, element, guard)
    for box in _side_columns(body):
        if box.getparent() is not None and guard.allows(box):
            _drop(box)
    drop_link_boxes(body, guard)
    # After the boxes: a share bar of three or more links went whole with its label, and
    # taking its links first would leave the label and the rest behind. A bar of fewer goes
    # link by link, then with the label left alone in it ("Chia sẻ bài viết:").
    bars = []
    for link in select_css(body, _SHARE_LINKS):
        if guard.allows(link):
            bars.append(link.getparent())
            _drop(link)
    for bar in bars:
        if bar is not None and bar is not body and bar.getparent() is not None \
                and len(bar.text_content().strip()) <= _CONTROL_CHARS and bar.find(".//img") is None:
            _drop(bar)
    for control in _photo_controls(body):
        if control.getparent() is not None:
            _drop(control)
    for link in [a for a in body.iter("a") if (a.get("href") or "").startswith("#")
                 and a.text_content().strip() in _BACK_LINKS]:
        _drop(link)
    # The gates' words are matched in the lower-cased text: re.I's case-blind matching of
    # Vietnamese letters at every position of a long text is four times slower.
    text = body.text_content().lower()
    for words, line_pattern in ((_EDIT_STAMP_WORDS, _EDIT_STAMP), (_PROMPT_WORDS, _PROMPT),
                                (_AD_LABEL, _AD_LABEL_LINE), (_VIEW_COUNT_WORDS, _VIEW_COUNT),
                                (_POINTER_WORDS, _POINTER_LINE)):
        if words.search(text):  # one pass; rarely true
            for line in [e for e in body.iter("div", "p", "span")
                         if line_pattern.match(e.text_content())]:
                if line.getparent() is not None and guard.allows(line):
                    _drop(line)
    for element in body.iter():
        if element.text and ("{" in element.text or "[" in element.text):
            element.text = _TEMPLATE_LEFTOVER.sub("", element.text)
        if element.tail and ("{" in element.tail or "[" in element.tail):
            element.tail = _TEMPLATE_LEFTOVER.sub("", element.tail)
    return guard.refused


def _keep_own_asides_and_footers(body: _Element) -> None:
    """Blocks inside the text that the cuts of every ``aside`` and ``footer`` would take, or
    trafilatura's answer leave out: a pull quote a long-form template sets in an ``aside``
    classed as one ("emag-pullquote"), a callout box set apart (Ghost's ``div`` classed
    "kg-callout-card"), and the credits block of the article's own ``<footer>`` ("Bài: …",
    "Ảnh: …", "Dữ liệu và đồ họa: …": HTML's place for who wrote a section). They become the
    blocks they are."""
    for box in list(body.iter("aside", "div")):
        kind = (box.get("class") or "").lower()
        if ("quote" in kind if box.tag == "aside" else "callout" in kind) \
                and next(box.iterancestors("blockquote"), None) is None:
            box.tag = "blockquote"
    for footer in list(body.iter("footer")):
        lines = [normalize_text(block.text_content()) for block in footer.iter("p", "div", "li")
                 if not holds_blocks(block)]
        lines = [line for line in lines if line]
        if lines and all(credit_line(line) for line in lines):
            footer.tag = "div"


# A grid column a third of the row wide or narrower (Flatsome's "large-4", Bootstrap's
# "col-md-4", "col-3").
_NARROW_COLUMN = re.compile(
    r"(?:^|\s)(?:(?:small|medium|large)-[1-4]|col-(?:(?:xs|sm|md|lg|xl)-)?[1-4])(?:\s|$)")
# A side box in such a column holds this much text at most, and the text it stands in this
# many times more.
_SIDE_BOX_CHARS = 400
_SIDE_BOX_SHARE = 4


def _side_columns(body: _Element) -> list[_Element]:
    """Narrow grid columns of a page builder's layout inside the text's container, each a
    short box set beside another column ("Thông tin Đề án": who, how large, a download
    button) in a text four times longer: furniture beside the text, not a part of it. A
    column with a photo is the text's figure."""
    found = []
    total = 0
    for column in body.iter("div"):
        if not _NARROW_COLUMN.search(column.get("class") or "") or column.find(".//img") is not None \
                or (column.getprevious() is None and column.getnext() is None):
            continue
        total = total or text_chars(body)
        chars = text_chars(column)
        if 0 < chars <= _SIDE_BOX_CHARS and total >= _SIDE_BOX_SHARE * chars:
            found.append(column)
    return found


# A CMS's "last edited" or "posted" stamp inside the body container (Joomla K2's
# itemDateModified, a site builder's "Ngày đăng: 09/11/2026" text box), not a line of the
# article: a label, a date, nothing else.
_EDIT_STAMP = re.compile(
    r"\s*(?:sửa lần cuối(?: vào)?|chỉnh sửa lần cuối|last updated(?: on)?|ngày đăng|đăng ngày|"
    r"ngày cập nhật|cập nhật(?: lúc| ngày)?)\b[^.!?]{0,60}\d{4}[\s\d:]*$",
    re.I)
_EDIT_STAMP_WORDS = re.compile(r"sửa lần cuối|last updated|ngày đăng|đăng ngày|cập nhật")
# A page's view counter ("| Lượt xem: 318"), also at the end of its posting stamp ("Ngày đăng:
# 10/11/2026 14:05 Lượt xem: 532"): a line of its own in the header a body container holds.
_VIEW_COUNT = re.compile(
    r"\s*(?:(?:ngày đăng|đăng ngày|cập nhật)\s*:?[^.!?]{0,40}?\d{4}[\s\d:h]*)?[|•·\-–]?\s*"
    r"(?:số\s+)?lượt\s+(?:xem|đọc|truy cập)\s*:?\s*[\d.,]+\s*$", re.I)
_VIEW_COUNT_WORDS = re.compile(r"lượt\s+(?:xem|đọc|truy cập)")
# A repost's pointer to the original and the original's tags pasted as a line: "Đọc tiếp bài
# viết tại Báo Đồng Tháp", ">> Xem bài gốc", "👉 Xem bài gốc tại …", "Link bài gốc: https://…",
# "Từ khóa: tôm - lúa".
_POINTER_LINE = re.compile(r"\s*[^\w\s]{0,3}\s*(?:đọc tiếp(?: bài viết)?\s+tại|xem bài gốc|link bài gốc"
                           r"|từ kh(?:óa|oá)\s*:)[^\n]{0,200}$", re.I)
_POINTER_WORDS = re.compile(r"đọc tiếp|bài gốc|từ kh(?:óa|oá)")
# A footnote's link back to its marker in the text ("[1] … ↩"): a control, not a word.
_BACK_LINKS = frozenset({"↩", "↩\ufe0e", "↩\ufe0f", "↑", "^", "⤴"})
# A prompt to watch or read something else ("Mời quý độc giả xem video: …"), or to send the
# column a question ("Bạn đọc có thắc mắc về pháp luật … xin gửi câu hỏi về …"), a line of its
# own.
_PROMPT = re.compile(r"\s*(?:mời (?:quý )?(?:độc giả|bạn đọc) (?:xem|theo dõi|đón xem)\b.{0,120}"
                     r"|(?:quý )?(?:độc giả|bạn đọc) có (?:thắc mắc|câu hỏi)\b.{0,200}\bgửi\b.{0,200}"
                     # a health site's disclaimer under every article
                     r"|(?:lưu ý\s*:\s*)?(?:bài viết|thông tin(?: trong bài(?: viết)?)?) chỉ mang "
                     r"tính(?: chất)? tham khảo\b.{0,300}"
                     # a shop's blog selling in the text: "Tham khảo sản phẩm: <a>…</a> – giao …"
                     r"|(?:tham khảo|xem|mua|đặt mua) (?:ngay )?sản phẩm\s*:.{0,200})$",
                     re.I | re.S)
_PROMPT_WORDS = re.compile(r"mời (?:quý )?(?:độc giả|bạn đọc)|(?:độc giả|bạn đọc) có (?:thắc mắc|câu hỏi)"
                           r"|chỉ mang tính(?: chất)? tham khảo|sản phẩm\s*:")
# An ad slot's label left in the text ("- Quảng cáo -", "Advertisement"), a line of its own.
_AD_LABEL = re.compile(r"quảng cáo|advertisement")
_AD_LABEL_LINE = re.compile(r"\s*[-–—]?\s*(?:quảng cáo|advertisement)\s*[-–—]?\s*$", re.I)
# Share buttons a theme writes as bare links (a popup to the network's share page): their
# labels ("Facebook Zalo") would read as a closing byline.
_SHARE_LINKS = ", ".join((
    "a[href*=sharer]", "a[onclick*=sharer]", "a[href*='zalo.me/share']",
    "a[onclick*='zalo.me/share']", "a[href*='twitter.com/intent']", "a[href*='twitter.com/share']",
    "a[href*='linkedin.com/share']", "a[href*='pinterest.com/pin/create']"))
# A photo's counter ("3/10") printed beside it in a photo story.
_PHOTO_COUNTER = re.compile(r"\s*\d{1,3}\s*/\s*\d{1,3}\s*")
# A script control's label ("Xem ảnh lớn", "Phóng to") is this short at most.
_CONTROL_CHARS = 30


def _photo_controls(body: _Element) -> list[_Element]:
    """What a gallery prints beside each photo for the viewer, not for the reader: next to the
    ``<img>``, a link that only runs a script ("Xem ảnh lớn" on ``javascript:void(0)``) and the
    photo's counter ("3/10"); a slideshow's counters and its controls on links to nowhere.
    Left in, they open every caption ("3/10Xem ảnh lớn …"). (Script links elsewhere are
    words: a dictionary popup, an obfuscated e-mail address.)"""
    found = []
    for image in body.iter("img"):
        for element in (*image.itersiblings(preceding=True), *image.itersiblings()):
            text = element.text_content() if isinstance(element.tag, str) else ""
            script_link = element.tag == "a" and len(text.strip()) <= _CONTROL_CHARS and \
                (element.get("href") or "").strip().lower().startswith("javascript:")
            if script_link or (len(element) == 0 and _PHOTO_COUNTER.fullmatch(text)):
                found.append(element)
    # A slideshow's counter, in each slide's caption ("<span class=counter>2/10</span>") or
    # under the slides ("<div class=swiper-pagination><span>1</span>/<span>10</span></div>").
    found.extend(counter for counter in body.iter("span", "div", "em", "i")
                 if _COUNTER_CLASS.search(counter.get("class") or "")
                 and _PHOTO_COUNTER.fullmatch(counter.text_content()))
    # A script's control on a link to nowhere ("Xem ảnh lớn" on href="#").
    found.extend(link for link in body.iter("a") if (link.get("href") or "").strip() == "#"
                 and 0 < len(link.text_content().strip()) <= _CONTROL_CHARS)
    return found


_COUNTER_CLASS = re.compile(r"count|pagination", re.I)


def _drop_heading_block(body: _Element, heading: _Element, guard: _CutGuard) -> None:
    """Drop the smallest ancestor that holds the heading and its list of links; if the heading
    sits directly in the body, drop it and the link lists that follow it. When that ancestor
    would take most of the body (the list is empty, filled by JavaScript), only the heading
    goes."""
    block = heading
    while block.getparent() is not None and block.getparent() is not body:
        parent = block.getparent()
        link_len = link_chars(parent)
        block = parent
        if link_len and link_len >= 0.5 * (text_chars(parent) - text_chars(heading)):
            break
    if not guard.allows(block):
        block = heading
    if block.getparent() is body and block is heading:
        sibling = heading.getnext()
        while sibling is not None and sibling.tag in ("ul", "ol", "div") and sibling.find(".//a") is not None:
            following = sibling.getnext()
            if guard.allows(sibling):
                _drop(sibling)
            sibling = following
    if guard.allows(block):
        _drop(block)


# Blocks that can be a box of links to other articles inside a body.
_BOX_TAGS = ("div", "ul", "ol", "table", "section", "blockquote", "p", "dl", "figure", "article")
# A link this long is the headline of another article, not an inline reference.
HEADLINE_LINK_CHARS = 20


# A short block of three or more short links is a tag or category list ("Thẻ: …").
_TAG_LIST_CHARS = 300


# A box's heading is short: "Mời quý độc giả đọc thêm:", "Sự kiện: Hội thi …".
_BOX_HEADING_CHARS = 80


def _drop_orphaned_heading(body: _Element, element: _Element | None, guard: _CutGuard) -> None:
    """Drop what headed a cut link box: the short line just before it ending in ":" or a
    heading tag, or the box's wrapper left holding only its title."""
    if element is None or element is body or element.getparent() is None \
            or element.find(".//img") is not None:
        return
    text = normalize_text(element.text_content())
    if not text or len(text) > _BOX_HEADING_CHARS:
        return
    is_heading = text.endswith(":") or element.tag in ("h2", "h3", "h4", "h5", "h6")
    is_leftover_wrapper = element.tag in ("div", "section", "aside") and len(element) <= 1
    if (is_heading or is_leftover_wrapper) and guard.allows(element):
        _drop(element)


# A box opening with another article's headline link and holding no more text than a
# headline and its sapo is that article's teaser.
_TEASER_BOX_CHARS = 300


def _teaser_box(box: _Element, text: int) -> bool:
    """Whether ``box`` (of ``text`` characters) is one teaser dropped between paragraphs
    ("<div><a>Headline</a><p>Sapo</p></div>", VCCorp's link-content-footer; a card opening
    with its thumbnail, Nhân Dân's ``article.story--related``): a block whose first child,
    past a thumbnail, is a headline-sized link or a heading holding one. A paragraph opening
    with a link is prose, so only ``div``/``section``/``aside``/``article`` boxes."""
    if box.tag not in ("div", "section", "aside", "article") or text > _TEASER_BOX_CHARS:
        return False
    children = box.iterchildren("*")
    first = next(children, None)
    if first is not None and first.find(".//img") is not None \
            and not visible_chars(first.text_content()):
        first = next(children, None)
    if first is None or (box.text or "").strip():
        return False
    link = first if first.tag == "a" else first.find(".//a") if first.tag in ("h2", "h3", "h4") else None
    return link is not None and bool(link.get("href")) \
        and visible_chars(link.text_content()) >= HEADLINE_LINK_CHARS


# One teaser of a list: a headline, a date and a sapo of a few lines at most.
_TEASER_ITEM_CHARS = 500


def _teaser_list(box: _Element) -> bool:
    """Whether ``box`` is a list of teasers with prose sapos ("<li><a><img></a><h4><a>
    Headline</a></h4><span>28/10/2026</span><p>Sapo…</p></li>", a related list between
    paragraphs): two or more items, each a thumbnail link and a headline-sized link with a
    little text. The sapos make it read as prose by its share of links."""
    items = [child for child in box.iterchildren("*") if child.tag not in ("script", "style")]
    return len(items) >= 2 and all(_teaser_item(item) for item in items)


def _teaser_item(item: _Element) -> bool:
    links = [a for a in item.iter("a") if a.get("href")]
    return visible_chars(item.text_content()) <= _TEASER_ITEM_CHARS \
        and any(a.find(".//img") is not None for a in links) \
        and any(visible_chars(a.text_content()) >= HEADLINE_LINK_CHARS for a in links)


def drop_link_boxes(body: _Element, guard: _CutGuard) -> None:
    """Cut boxes shaped like lists of other articles, whatever their heading says (or when
    they have none): tag lists, mostly headline-sized links ("Đọc thêm: <a>…</a>", two or three related
    links between paragraphs, a further-reading list, a partner-site list), or teasers with
    thumbnails (also when their sapos outweigh their links), or another article whole."""
    for box in list(body.iter(*_BOX_TAGS)):
        if box.getparent() is None or box is body:
            continue
        text = visible_chars(box.text_content())
        if not text or _introduced_files(box):
            continue
        links = [visible_chars(a.text_content()) for a in box.iter("a") if a.get("href")]
        headline_links = sum(1 for n in links if n >= HEADLINE_LINK_CHARS)
        thumbnails = sum(1 for a in box.iter("a") if a.find(".//img") is not None)
        linked = sum(links)
        if ((headline_links >= 2 and linked >= 0.6 * text)
                or (len(links) >= 3 and linked >= 0.6 * text and text < _TAG_LIST_CHARS)
                or (headline_links == 1 and linked >= 0.7 * text and box.tag in ("p", "div", "figure"))
                or (thumbnails >= 2 and headline_links >= 2 and linked >= 0.3 * text)
                or (headline_links == 1 and _teaser_box(box, text))
                or (thumbnails >= 2 and headline_links >= 2 and _teaser_list(box))
                or (headline_links >= 1 and embedded_article(box))) \
                and guard.allows(box):
            parent, heading = box.getparent(), box.getprevious()
            _drop(box)
            _drop_orphaned_heading(body, heading, guard)
            _drop_orphaned_heading(body, parent, guard)


# What a notice attaches: documents to download, not pages to read.
_DOCUMENT_FILE = re.compile(r"\.(?:pdf|docx?|xlsx?|pptx?|odt|ods|zip|rar)(?:[?#]|$)", re.I)


def _introduced_files(box: _Element) -> bool:
    """Whether ``box`` lists files the text introduces ("Danh mục biểu mẫu kèm theo thông
    báo:" above the forms to download): the notice's own enumeration, not a box of links to
    other articles. (An attachments box under its own heading is download furniture.)"""
    links = [a.get("href") or "" for a in box.iter("a") if a.get("href")]
    before = box.getprevious()
    return bool(links) and all(_DOCUMENT_FILE.search(href) for href in links) \
        and before is not None and before.tag == "p" \
        and normalize_text(before.text_content()).endswith(":")


LINK_SCHEMES = frozenset(URL_SCHEMES)  # the sanitiser's own list, so the two never disagree
IMAGE_SCHEMES = frozenset({"http", "https"})
# Browsers remove tabs and line breaks anywhere in a URL, and C0 controls and spaces around it
# (WHATWG URL standard). Any other control character left is junk (and lxml refuses to store
# it in an attribute).
_URL_BREAKS = re.compile(r"[\t\n\r]")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def absolute_url(value: str, base_url: str, schemes: frozenset[str]) -> str | None:
    """``value`` resolved against ``base_url``, or None unless its scheme is one of ``schemes``.

    The scheme is judged with white space removed, so ``java\\nscript:`` or ``java script:``
    is ``javascript:`` rather than a relative path that would slip through the sanitiser as
    ``java%0Ascript:``; an http(s) URL must name a host."""
    url = _URL_BREAKS.sub("", value).strip(_C0_AND_SPACE)
    if not url or _CONTROL.search(url):
        return None
    try:
        own_scheme = urlsplit(url.replace(" ", "")).scheme.lower()
        if own_scheme and own_scheme not in schemes:
            return None
        absolute = urljoin(base_url, url)
        parts = urlsplit(absolute)
    except ValueError:  # a malformed IPv6 host ("http://[::1/")
        return None
    scheme = parts.scheme.lower()
    if scheme not in schemes or (scheme in IMAGE_SCHEMES and not parts.netloc):
        return None
    return absolute


def resolve_media(body: _Element, base_url: str) -> None:
    """Lazy images get their real ``src``; every link and image URL becomes absolute.

    Links to any scheme but http(s) and mailto lose their ``<a>`` (the words stay), images
    not served over http(s) go."""
    for img in list(body.iter("img")):
        lazy = (img.get(attribute) for attribute in _LAZY_SRC_ATTRIBUTES)
        src = absolute_url(next((u for u in lazy if u), img.get("src") or ""), base_url,
                           IMAGE_SCHEMES)
        if src is None:
            _drop(img)
        else:
            img.set("src", src)
    for anchor in list(body.iter("a")):
        href = (anchor.get("href") or "").strip(_C0_AND_SPACE)
        if not href:
            continue
        if href.startswith("#"):
            anchor.attrib.pop("href")
            continue
        resolved = absolute_url(href, base_url, LINK_SCHEMES)
        if resolved is None:
            anchor.drop_tag()
        else:
            anchor.set("href", resolved)
    _background_photos(body, base_url)


# A photo a block paints as its CSS background: "background-image: url('…/photo.jpg')".
_BACKGROUND_URL = re.compile(r"background(?:-image)?\s*:[^;]*?url\(\s*['\"]?([^'\")]+)", re.I)
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _background_photos(body: _Element, base_url: str) -> None:
    """A long-form page's full-bleed photo, painted as a block's background with its caption
    laid over it (``<div style="background-image:url(…)"><div class="caption">…</div></div>``),
    becomes the figure it is: readers get the photo and the caption as a caption. A block
    holding a heading is a chapter's cover (its title over a photo), not a figure."""
    for holder in list(body.iter("div", "section")):
        found = _BACKGROUND_URL.search(holder.get("style") or "")
        if found is None or holder is body or holder.getparent() is None \
                or holder.find(".//img") is not None or next(holder.iter(*_HEADINGS), None) is not None:
            continue
        caption = normalize_text(holder.text_content())
        src = absolute_url(html.unescape(found.group(1)), base_url, IMAGE_SCHEMES)
        if caption and len(caption) <= _CAPTION_CHARS and src is not None:
            _replace_with_figure(holder, lxml.html.Element("img", src=src, alt=caption), caption)


def build_figures(body: _Element) -> None:
    """Normalise the CMS caption shapes to ``<figure><img><figcaption>``: a small table or an
    image block (a ``<figure>``, or a ``div``/``p`` whose class or type names an image or
    caption: "wp-caption", "img-detail", "detail-image", "image", ``type="Photo"``) holding one
    image, its caption the element a caption selector finds or else the block's own short text
    (a ``td`` under the image, a ``p.detail-image-caption``), and an image alone on its line
    with an italic or centred line under it: readers keep the caption as a caption, and the
    comparison with trafilatura's answer knows it for one."""
    for table in list(body.iter("table")):
        images = list(table.iter("img"))
        if len(images) == 1 and len(list(table.iter("td"))) <= 3:
            _replace_with_figure(table, images[0], _caption_text(table))
    for holder in list(body.iter("div", "p", "figure")):
        if holder.getparent() is None:
            continue
        # VCCorp's editor marks its photo blocks by a type: <div type="Photo">.
        if holder.tag == "figure" or _IMAGE_HOLDER.search(
                f"{holder.get('class') or ''} {holder.get('type') or ''}"):
            images = list(holder.iter("img"))
            caption = _caption_text(holder) if len(images) == 1 else ""
            # A block of a photo beside a paragraph of the text ("ImageWithText") is no
            # figure: its photo's own figure inside is.
            if len(images) == 1 and visible_chars(holder.text_content()) \
                    - visible_chars(caption) < PARAGRAPH_CHARS:
                _replace_with_figure(holder, images[0], caption)
    _caption_lines(body)
    _classed_captions(body)


def _classed_captions(body: _Element) -> None:
    """An image followed by a short block its class names a caption, both in one block of a
    page builder's grid ("<div class=emg-col-6><img><p class=emg-caption>…</p></div>"): the
    class is gone once sanitized, so the pair is made a figure here."""
    for image in list(body.iter("img")):
        caption = image.getnext()
        if image.getparent() is None or caption is None or not isinstance(caption.tag, str) \
                or next(image.iterancestors("figure"), None) is not None \
                or "caption" not in (caption.get("class") or "").lower() \
                or (image.tail or "").strip() or caption.find(".//img") is not None:
            continue
        text = normalize_text(caption.text_content())
        if text and len(text) <= _CAPTION_CHARS:
            image.tail = caption.tail
            caption.getparent().remove(caption)
            _replace_with_figure(image, image, text)


def _caption_lines(body: _Element) -> None:
    """An image alone on its line followed by a short italic or centred line: the editor's
    (CKEditor's) image and caption, "<p align=center><img></p><p align=center><em>Caption
    </em></p>", made one figure."""
    for line in list(body.iter("p", "div")):
        images = list(line.iter("img"))
        if line.getparent() is None or len(images) != 1 or line.text_content().strip():
            continue
        caption = line.getnext()
        if caption is None or caption.tag not in ("p", "div") or caption.find(".//img") is not None:
            continue
        text = normalize_text(caption.text_content())
        if text and len(text) <= _CAPTION_CHARS and _caption_styled(caption, text):
            line.tail = (line.tail or "") + (caption.tail or "")
            line.getparent().remove(caption)
            _replace_with_figure(line, images[0], text)


def _caption_styled(line: _Element, text: str) -> bool:
    """Whether a line is set as a caption: all in italics, or centred."""
    italic = "".join(e.text_content() for e in line.iter("em", "i")
                     if not any(a.tag in ("em", "i") for a in e.iterancestors()))
    style = f"{line.get('style') or ''} {line.get('align') or ''}".replace(" ", "").lower()
    return "".join(italic.split()) == "".join(text.split()) or "center" in style


def _caption_text(holder: _Element) -> str:
    """The caption of an image block: what a caption selector finds, else the block's own
    text when it is short enough to be one (an image block holding a paragraph of the
    article is left as it is: no caption then)."""
    for selector in _CAPTION_SELECTORS:
        for caption in select_css(holder, selector):
            return normalize_text(_spaced_text(caption))
    text = normalize_text(holder.text_content())
    return text if len(text) <= _CAPTION_CHARS else ""


def _spaced_text(element: _Element) -> str:
    """``element``'s text with a space where a block inside it starts or ends: a caption's
    text and its credit in paragraphs of their own ("… của trường" "ẢNH: HOÀNG SƠN") read as
    two phrases, not one glued word."""
    parts: list[str] = []
    for event, node in iterwalk(element, events=("start", "end", "comment", "pi")):
        if event in ("comment", "pi"):  # its tail is text
            parts.append(node.tail or "")
            continue
        block = node is not element and node.tag in _BLOCK_TAGS
        if event == "start":
            parts.append(" " if block else "")
            parts.append(node.text or "")
        else:
            parts.append(" " if block else "")
            if node is not element:
                parts.append(node.tail or "")
    return "".join(parts)


def figure_of(img: _Element, caption_text: str) -> _Element:
    """A ``<figure>`` holding a copy of ``img`` and, when there is one, its caption."""
    figure = lxml.html.Element("figure")
    figure.append(copy.deepcopy(img))
    figure[0].tail = None
    if caption_text:
        figcaption = lxml.html.Element("figcaption")
        figcaption.text = caption_text
        figure.append(figcaption)
    return figure


def _replace_with_figure(container: _Element, img: _Element, caption_text: str) -> None:
    figure = figure_of(img, caption_text)
    figure.tail = container.tail
    parent = container.getparent()
    if parent is not None:
        parent.replace(container, figure)


# At most this many characters of a site tag before a sapo repeated in the body.
_TAG_CHARS = 24


_LEAD_BLOCKS = ("p", "h2", "h3", "div", "strong")


def _wraps_blocks(element: _Element) -> bool:
    """Whether ``element`` holds a block with text of its own (a wrapper, not a line)."""
    return any((d.text or "").strip() for d in element.iterdescendants("p", "h2", "h3", "div"))


def drop_repeated_lead(body: _Element, lead: str) -> None:
    """The sapo is often printed again at the top of the body; keep it only once (in lead).

    The first two text blocks are checked, since some CMSs print it twice (a heading, then a
    truncated paragraph)."""
    if not lead:
        return
    lead_key = match_key(strip_dateline(lead)).rstrip(".…").strip()
    checked = 0
    dropped: list[_Element] = []
    for element in list(body.iter(*_LEAD_BLOCKS)):
        if element.getparent() is None or _wraps_blocks(element) \
                or any(element in d.iterdescendants() for d in dropped):
            # a page builder's wrappers (section > row > column > text) are not blocks, nor
            # is the bold run of a paragraph dropped already (the repeat may follow it)
            continue
        text = match_key(strip_dateline(element.text_content())).rstrip(".…").strip()
        if not text:
            continue
        prefix = text[:-3] if text.endswith("...") else text
        if text == lead_key or (len(prefix) >= 40 and lead_key.startswith(prefix.rstrip(". "))
                                ) or (len(lead_key) >= 40 and text.startswith(lead_key)
                                      and len(text) <= len(lead_key) + 5) \
                or (len(lead_key) >= 40 and text.endswith(lead_key)
                    and len(text) <= len(lead_key) + _TAG_CHARS):  # "Vanvn- " + the sapo
            _drop(element)
            dropped.append(element)
        checked += 1
        if checked >= 2:
            return


def html_to_text(html: str) -> str:
    """Plain text of sanitized body HTML, one paragraph per block element; a table's row is
    one, its cells joined by spaces (also a data cell an editor pasted as a paragraph from
    Word; a layout cell holding the text's paragraphs keeps them)."""
    if not html.strip():
        return ""
    fragment = parse_fragment(html)
    for element in fragment.iter():
        if element.tag in _BLOCK_TAGS and _in_data_cell(element):
            element.tail = " " + (element.tail or "")
        elif element.tag in _BLOCK_TAGS:
            element.tail = "\n\n" + (element.tail or "")
            # and a block opens one too: "<span>01</span><h2>Title</h2>" is two lines
            previous = element.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + "\n\n"
            elif element.getparent() is not None:
                parent = element.getparent()
                parent.text = (parent.text or "") + "\n\n"
        elif element.tag in ("td", "th"):
            element.tail = " " + (element.tail or "")
        elif element.tag == "br":
            # a data cell's lines read on its row's line, as the cell's paragraphs do
            element.tail = (" " if _data_cell(element) is not None else "\n") + (element.tail or "")
    paragraphs = (normalize_text(p) for p in fragment.text_content().split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


# A table cell holding at most this much text, in a row of several, is a data cell; a longer
# one, or a row's only cell (an old editor's paragraph table), is layout.
_DATA_CELL_CHARS = 200


def _in_data_cell(element: _Element) -> bool:
    """Whether ``element`` is the one paragraph of a data cell (Word pastes each cell's text as
    a ``<p>``); a cell of a layout, holding a column's boxes and headings, is not one."""
    if element.tag != "p":
        return False
    cell = _data_cell(element)
    return cell is not None and sum(1 for _ in cell.iter(*_BLOCK_TAGS)) == 1


def _data_cell(element: _Element) -> _Element | None:
    """The data cell ``element`` is in: a short cell in a row of several (a layout's cell,
    a row's only one or a long one, is none)."""
    cell = next(element.iterancestors("td", "th"), None)
    row = cell.getparent() if cell is not None else None
    if cell is None or row is None or len(cell.text_content()) > _DATA_CELL_CHARS \
            or sum(1 for c in row if c.tag in ("td", "th")) < 2:
        return None
    return cell


def clean_body(body: _Element, *, base_url: str, lead: str) -> str:
    """Sanitized, absolute HTML of ``body`` (a copy the caller owns: it is changed in place,
    after :func:`remove_boilerplate`) with the repeated lead removed."""
    resolve_media(body, base_url)
    build_figures(body)
    _paragraphs_from_divs(body)
    _separators_as_rules(body)
    _drop_edge_date_lines(body)
    _drop_repeated_pull_quotes(body)
    drop_repeated_lead(body, lead)
    return _tidy(sanitize_html(inner_html(body)))


# A pull quote is at least this long (a shorter quote may well be said twice).
_PULL_QUOTE_MIN_CHARS = 30
_QUOTE_MARKS = " .…“”\"'«»„"


def _drop_repeated_pull_quotes(body: _Element) -> None:
    """A pull quote that repeats a sentence of the text (a long-form page sets it large beside
    the paragraph holding it) is said once, where the paragraph says it."""
    quotes = list(body.iter("blockquote"))
    text_key = match_key(body.text_content()) if quotes else ""  # not on every page's text
    for quote in quotes:
        key = match_key(quote.text_content()).strip(_QUOTE_MARKS)
        if quote.getparent() is not None and len(key) >= _PULL_QUOTE_MIN_CHARS \
                and text_key.count(key) >= 2:
            _drop(quote)


_EDGE_TEXTS = XPath(".//text()[normalize-space()]")
# A date line is this short at most (a weekday, a date, a time, "(GMT+7)", a label).
_EDGE_DATE_CHARS = 60


def _drop_edge_date_lines(body: _Element) -> None:
    """A date alone on the text's first or last line is a date line, not a paragraph: the
    original header of an article migrated from a closed site, kept in its text in the old
    editor's markup ("<font><b>Thứ Hai, 12/10/2026, 16:40 (GMT+7)</b></font><br><br>"), or a
    long-form page's date under its credits ("Ngày xuất bản: 14/11/2026"). The line is the
    highest element holding that text alone, with the line breaks between it and the text."""
    texts = _EDGE_TEXTS(body)
    for text, after in ((texts[0], True), (texts[-1], False)) if texts else ():
        line = _date_line(body, text)
        if line is None or line.getparent() is None:
            continue
        breaks = line.itersiblings() if after else line.itersiblings(preceding=True)
        for neighbour in list(breaks):
            if neighbour.tag != "br" or (neighbour.tail or "").strip():
                break
            neighbour.drop_tree()
        _drop(line)


def _date_line(body: _Element, text: _ElementUnicodeResult) -> _Element | None:
    """The element holding ``text`` (a text node of ``body``) alone on a line of its own, when
    that text is a date alone."""
    if text.is_tail or text.getparent() is body:
        return None
    line = text.getparent()
    content = line.text_content()
    while (parent := line.getparent()) is not None and parent is not body \
            and parent.text_content().strip() == content.strip():
        line = parent
    previous = line.getprevious()
    before = (previous.tail if previous is not None else line.getparent().text) or ""
    if (line.tail or "").strip() or before.strip() or len(content) > _EDGE_DATE_CHARS \
            or not date_alone(content):
        return None
    return line


# A scene break printed as a paragraph: "***", "* * *", "---", "~~~".
_SEPARATOR = re.compile(r"[\s*•·~_=\-–—]{3,20}")


def _separators_as_rules(body: _Element) -> None:
    """A paragraph of only separator marks becomes the rule it draws (``<hr>``): a story's
    scene break, not a line of text for a feed entry's summary or a search index."""
    for paragraph in list(body.iter("p")):
        text = paragraph.text_content()
        if _SEPARATOR.fullmatch(text) and sum(not c.isspace() for c in text) >= 3 \
                and paragraph.find(".//img") is None:
            rule = paragraph.makeelement("hr", {})
            rule.tail = paragraph.tail
            paragraph.getparent().replace(paragraph, rule)


def _paragraphs_from_divs(body: _Element) -> None:
    """A ``<div>`` holding only text is a paragraph (old editors wrote one per paragraph);
    the sanitizer keeps no ``<div>``, so without this the paragraphs would run together."""
    for div in body.iter("div"):
        if div is not body and not holds_blocks(div) and div.text_content().strip():
            div.tag = "p"


def inner_html(element: _Element) -> str:
    """The markup inside ``element`` (its leading text and its children, not its own tag).
    The leading text is escaped: it is text, and "&lt;b&gt;" in it must not become a tag."""
    return html.escape(element.text or "", quote=False) + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in element)


_EMPTY_BLOCKS = re.compile(r"<(p|div|span|strong|em|b|i)>\s*(?:&nbsp;|\u00a0)?\s*</\1>")


def _tidy(html: str) -> str:
    """Drop empty paragraphs left after cuts and collapse blank runs."""
    previous = None
    while previous != html:
        previous = html
        html = _EMPTY_BLOCKS.sub("", html)
    return re.sub(r"\n{3,}", "\n\n", html).strip()

