"""trafilatura as a second opinion, not a blind fallback.

It is asked only when our own body evidence is weak (no site rule or declared family rule
matched, and no schema.org ``articleBody``: a recognised family or a prose-dense container is
still a guess) or when we found no body at all, so sites whose entry names their layout never
pay for it. Its answer is compared with ours by what each holds:

- trafilatura's is taken when it holds prose paragraphs that ours lacks, worth at least
  :data:`_MISSING_SHARE` of its text (ours is a wrong or partial block); a stray footer
  paragraph in trafilatura's page-wide answer does not count that much, and its blocks of
  mostly linked text (a "more news" list glued into one paragraph) are not prose at all;
- ours is kept when it holds prose that trafilatura's lacks, worth at least
  :data:`_KEEP_SHARE` of ours (trafilatura dropped real paragraphs); the lead is left out of
  both sides, since ours leaves the printed sapo to the summary on purpose;
- with the same prose in both, ours wins only when all it adds is captions (trafilatura
  drops them), subheadings, chapter numbers, short pull quotes, the closing byline or the
  credits block it ends with, lines of no word (a callout's emoji) and prose paragraphs
  between paragraphs both hold (a warning box, a quote); anything else it adds is page
  furniture (link lists, date lines, labels, a bio before or after the text) that
  trafilatura rightly left out.

A page we would refuse (a listing by our evidence, or a declared body with no text) is also
shown to trafilatura: its answer is kept when it holds prose that no teaser of the page holds
(:func:`aggregator.parsing.article_or_not.prose_outside_teasers`), so a real article our
evidence misread is not lost, while a category page's sapos still do not make it an article.
"""

from __future__ import annotations

import itertools
import logging
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from lxml.etree import _Element

from aggregator.parsing.authors import credit_line
from aggregator.parsing.body import drop_repeated_lead, html_to_text, inner_html, remove_boilerplate
from aggregator.parsing.evidence import link_chars, text_chars
from aggregator.parsing.page import parse_fragment
from aggregator.parsing.sanitize import sanitize_html
from aggregator.text import match_key, normalize_text

# A paragraph of ours that trafilatura lacks counts as prose from this length on.
_PROSE_PARAGRAPH = 100
# Compared sentence by sentence: one extractor may glue the headline, the date line or a share
# box onto a paragraph, which then matches nothing in the other's text as a whole.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_PROSE_SENTENCE = 40
# How many characters of a sentence's start or end must match for it to count as present.
_WINDOW = 50
# A body lacking prose paragraphs worth this share of the other's text is the worse one.
_MISSING_SHARE = 0.2
# Ours is kept outright only when trafilatura lacks a third of its prose: less than that is as
# often our page furniture (bios, notices) as text trafilatura dropped.
_KEEP_SHARE = 0.35
# A caption printed as a plain paragraph ends with its photo credit.
_PHOTO_CREDIT = re.compile(r"\(?(?:ảnh|photo|foto|bild)\s*:\s*[^()]{2,40}\)?\.?$", re.I)
# A long-form page's chapter number ("01", "II."), set large above the chapter's title.
_CHAPTER_NUMBER = re.compile(r"(?:\d{1,2}|[IVX]{1,4})\.?")
# A block with this share of linked text is a link list, not prose.
_LINK_BLOCK_SHARE = 0.5
# The subheadings of a body, lines of its own (trafilatura sometimes drops them).
_SUBHEADINGS = ("h2", "h3", "h4", "h5", "h6")
log = logging.getLogger(__name__)
_BODY_TAGS = re.compile(r"(?is)^.*?<body[^>]*>|</body>.*$")


def trafilatura_body_html(tree: _Element, url: str, *, fast: bool) -> str:
    """trafilatura's main text of ``tree`` as sanitized HTML ('' when it finds none).

    ``fast`` skips trafilatura's own fallback extractors (readability, jusText): a third of its
    time, asked on most pages of unknown layouts, where our body is there to compare with. A
    page we would refuse has no body of ours, so it gets the full run.

    What ``trafilatura.extract(output_format="html")`` returns (NFC), without the content
    fingerprint ``extract`` also computes for every HTML output (15 % of the call in fast mode;
    we never read it).
    trafilatura works on its own copy of ``tree``."""
    # Imported lazily: slow to import and off the fast path.
    from trafilatura import bare_extraction
    from trafilatura.htmlprocessing import build_html_output
    from trafilatura.metadata import Document
    from trafilatura.settings import Extractor

    # No url: trafilatura would resolve every link of the page with its own URL parser (a tenth
    # of its time); the sanitizer below resolves those of the text it keeps.
    options = Extractor(output_format="html", fast=fast, comments=False, links=True,
                        images=False, tables=True)
    try:
        document = bare_extraction(tree, options=options, as_dict=False)
        html = build_html_output(document, False) if isinstance(document, Document) else ""
    except Exception as error:  # its bug must not cost the article: no second opinion then
        # (trafilatura 2.3.1 raises KeyError on <hi rend="uppercase">, for one)
        log.warning("%s: trafilatura failed (%s: %s); our own extraction stands",
                    url, type(error).__name__, error)
        return ""
    if not html:
        return ""
    return sanitize_html(_BODY_TAGS.sub("", unicodedata.normalize("NFC", html)),
                         base_url=url).strip()


def prose_text(body_html: str) -> str:
    """Text of body HTML without its blocks of mostly linked text: what counts as prose when
    comparing (trafilatura glues a "more news" list into one paragraph that reads as a long
    sentence)."""
    if not body_html.strip():
        return ""
    root = fragment(body_html)
    for block in list(root.iter(*_LEAF_BLOCKS, "li")):
        chars = text_chars(block)
        if block.getparent() is not None and chars and link_chars(block) >= _LINK_BLOCK_SHARE * chars:
            block.drop_tree()
    return html_to_text(inner_html(root))


# The match key of a paragraph or sentence of a body's text, kept: one comparison keys the same
# ones several times (looking for the lead in every paragraph, then for the prose each text
# lacks and what ours adds), and the comparison is made again once reader comments are dropped
# from trafilatura's answer. Bounded, and whole texts are not kept.
_part_key = lru_cache(maxsize=1024)(match_key)


def _prose_missing(text: str, other_key: str) -> int:
    """Characters of ``text``'s prose paragraphs that ``other_key`` (a match key) lacks."""
    return sum(len(sentence) for paragraph in text.split("\n\n") if len(paragraph) >= _PROSE_PARAGRAPH
               for sentence in _SENTENCE_END.split(paragraph)
               if len(sentence) >= _PROSE_SENTENCE and not _present(_part_key(sentence), other_key))


def _present(paragraph_key: str, other_key: str) -> bool:
    """Whether a paragraph is in the other text: its opening or its closing words (one
    extractor may glue a heading or a caption onto a paragraph's start or end)."""
    return paragraph_key[:_WINDOW] in other_key or paragraph_key[-_WINDOW:] in other_key


def _without_lead(text: str, lead: str) -> str:
    """``text`` less the paragraph that repeats the lead (with or without a glued headline)."""
    lead_key = match_key(lead)[:60]
    if not lead_key:
        return text
    return "\n\n".join(p for p in text.split("\n\n") if lead_key not in _part_key(p))


def prefer_ours(ours_text: str, theirs_text: str, lead: str = "",
                captions: frozenset[str] = frozenset()) -> bool:
    """Whether our body is the better one (see the module docstring). ``lead`` is left out of
    the comparison: ours leaves the printed sapo to the summary on purpose."""
    if not ours_text:
        return False
    if not theirs_text:
        return True
    theirs, ours = _without_lead(theirs_text, lead), _without_lead(ours_text, lead)
    if not ours:
        return False
    theirs_key = match_key(theirs)
    ours_missing = _prose_missing(theirs, match_key(ours))
    theirs_missing = _prose_missing(ours, theirs_key)
    ours_lack, theirs_lack = ours_missing / max(len(theirs), 1), theirs_missing / len(ours)
    if ours_lack >= _MISSING_SHARE and theirs_lack >= _KEEP_SHARE:
        # Two different texts (trafilatura took a related list's remains): the one holding
        # more prose the other lacks.
        return theirs_missing > ours_missing
    if ours_lack >= _MISSING_SHARE:
        return False
    if theirs_lack >= _KEEP_SHARE:
        return True
    paragraphs = ours.split("\n\n")
    shared = [i for i, p in enumerate(paragraphs) if _present(_part_key(p), theirs_key)]
    own = _prose_runs_inside(paragraphs, shared) | _closing_credits(paragraphs)
    return all(p in captions or i == len(paragraphs) - 1 or _PHOTO_CREDIT.search(p)
               or _CHAPTER_NUMBER.fullmatch(p) or i in own or not any(map(str.isalnum, p))
               for i, p in enumerate(paragraphs) if i not in shared)


def _closing_credits(paragraphs: list[str]) -> set[int]:
    """The labelled credit lines that end a text, one per line ("Bài: …", "Ảnh: …", "Dữ liệu
    và đồ họa: …": a long-form page's credits block): its closing byline, grown to a block."""
    closing: set[int] = set()
    for index in range(len(paragraphs) - 1, -1, -1):
        if not credit_line(paragraphs[index]):
            break
        closing.add(index)
    return closing


def _prose_runs_inside(paragraphs: list[str], shared: list[int]) -> set[int]:
    """The paragraphs of ours, between paragraphs both bodies hold, in runs of prose
    (:func:`_sentence_prose`) with one other line at most: the article's own (a warning box
    with its title, a reader's letter quoted with its signature), which trafilatura skipped.
    A run of labels ("Chia sẻ mục này") or of a slideshow's captions is not; bios and notices,
    the furniture our containers also hold, come before or after the text both share."""
    own: set[int] = set()
    for before, after in itertools.pairwise(shared):
        run = range(before + 1, after)
        prose = sum(_sentence_prose(paragraphs[i]) for i in run)
        if prose and len(run) - prose <= 1:
            own.update(run)
    return own


def _sentence_prose(paragraph: str) -> bool:
    """A paragraph of prose, not a label or a link line."""
    return len(paragraph) >= _PROSE_PARAGRAPH and paragraph.endswith((".", "!", "?", "…", '"', "”"))


# A pull quote is this long at most.
_PULL_QUOTE_MAX_CHARS = 250
# A line of our body this short that trafilatura left out is a label ("Artikel bewerten",
# "Gefällt mir", "Chia sẻ") rather than text.
_LABEL_CHARS = 50
_LEAF_BLOCKS = ("p", "div", "li", "span", "h2", "h3", "h4", "h5", "h6", "dt", "dd")


def drop_unshared_labels(body_html: str, theirs_text: str, keep: frozenset[str]) -> str:
    """Our body without the short lines trafilatura's lacks (labels, prompts, credits of
    nothing), keeping captions, chapter numbers, labelled credits, the closing byline and
    ``keep``: where our container is
    the better one, trafilatura's answer still tells which of its short lines are furniture."""
    root = fragment(body_html)
    theirs_key = match_key(theirs_text)
    blocks = [b for b in root.iter(*_LEAF_BLOCKS)
              if not any(True for _ in b.iterchildren(*_LEAF_BLOCKS)) and b.text_content().strip()]
    closing = blocks[-1] if blocks else None
    dropped = False
    for block in blocks:
        text = normalize_text(block.text_content())
        if (len(text) <= _LABEL_CHARS and block is not closing and text not in keep
                and block.find(".//img") is None and not _PHOTO_CREDIT.search(text)
                and not _CHAPTER_NUMBER.fullmatch(text) and not credit_line(text)
                and match_key(text) not in theirs_key and block.getparent() is not None
                and not _inside_kept(block, root, keep)):
            block.drop_tree()
            dropped = True
    if not dropped:
        return body_html
    return inner_html(root)


def _inside_kept(block: _Element, root: _Element, keep: frozenset[str]) -> bool:
    """Whether ``block`` is a piece of a line kept whole (a file's link in its list item,
    "Mẫu 02: Thuyết minh … (112 KB)")."""
    return any(normalize_text(a.text_content()) in keep
               for a in block.iterancestors() if a is not root)


# A block of trafilatura's answer this long whose text is the page's furniture goes.
_FURNITURE_BLOCK = 40


def without_furniture(theirs_html: str, furniture: str) -> str:
    """trafilatura's answer without the blocks that are the page's furniture (``furniture``:
    their match key, :func:`aggregator.parsing.evidence.furniture_text`): read as a whole page,
    a long reader comment, a footer's address or an old layout's "other news" cell is prose to
    it, and would make our body look short of text."""
    if not furniture or not theirs_html:
        return theirs_html
    root = fragment(theirs_html)
    dropped = False
    for block in list(root.iter(*_LEAF_BLOCKS)):
        text = match_key(block.text_content())
        if len(text) >= _FURNITURE_BLOCK and block.getparent() is not None \
                and text[:_WINDOW] in furniture:
            block.drop_tree()
            dropped = True
    return inner_html(root) if dropped else theirs_html


def without_headline(body_html: str, headline: str) -> str:
    """trafilatura's answer less the headline it opens with, when it does: it reads a page's
    ``<h1>`` as text (a line before the first paragraph, or its first block), while the title
    is a field of its own and a feed entry shows it above the body."""
    key = match_key(headline)
    if not key:
        return body_html
    root = fragment(body_html)
    if match_key(root.text or "") == key:
        root.text = None
        return inner_html(root).strip()
    if not (root.text or "").strip() and len(root) and match_key(root[0].text_content()) == key:
        root[0].drop_tree()
        return inner_html(root).strip()
    return body_html


def without_repeated_lead(body_html: str, lead: str) -> str:
    """trafilatura's body less the printed sapo it opens with (it keeps it as text; ours
    leaves it to the summary)."""
    root = fragment(body_html)
    drop_repeated_lead(root, lead)
    return inner_html(root).strip()


def fragment(body_html: str) -> _Element:
    """A parsed copy of body HTML (for reading its byline)."""
    return parse_fragment(body_html)


def own_lines(body_html: str) -> frozenset[str]:
    """The captions (also a line repeating a photo's alt text), a quote's attribution,
    subheadings (headings, or paragraphs all in bold) and enumerated items of body HTML (a
    list a paragraph introduces, "Ba giải pháp đạt giải Nhất gồm:", or whose items are
    punctuated as clauses): lines that are the article's own though trafilatura may leave
    them out, and readers want them all."""
    if "<figcaption" not in body_html and "<h" not in body_html and "<li" not in body_html \
            and "<img" not in body_html and "<strong" not in body_html and "<b>" not in body_html \
            and "<blockquote" not in body_html and "<table" not in body_html:
        return frozenset()
    root = fragment(body_html)
    lines = [c.text_content() for c in root.iter("figcaption", *_SUBHEADINGS)]
    lines.extend(_captions_after_images(root))
    lines.extend(_table_captions(root))
    # A line saying what a photo's alt text says is its caption, however it is marked up.
    lines.extend(image.get("alt") or "" for image in root.iter("img"))
    # The short line right after a quote is its attribution ("TS. Lê Quang Vinh, chủ nhiệm").
    lines.extend(line.text_content() for quote in root.iter("blockquote")
                 if (line := quote.getnext()) is not None
                 and len(normalize_text(line.text_content())) <= _SUBHEADING_CHARS)
    # A pull quote set large in the text: one sentence or two (a tweet's embed copy ends with
    # its author and date, a long quoted passage is prose compared as prose).
    lines.extend(text for quote in root.iter("blockquote")
                 if len(text := normalize_text(quote.text_content())) <= _PULL_QUOTE_MAX_CHARS
                 and text.endswith((".", "!", "?", "…", '"', "”")))
    lines.extend(_bold_subheadings(root))
    for introduction, listing, items in _lists(root):
        if (introduction is not None and normalize_text(introduction.text_content()).endswith(":")) \
                or _enumeration(listing, items):
            lines.extend(items)
    return frozenset(normalize_text(line) for line in lines)


def _lists(root: _Element) -> Iterator[tuple[_Element | None, _Element, list[str]]]:
    """Each list of body HTML: the line before it, its element and its items' text. Items an
    editor wrote without their ``<ul>`` (old Joomla) are a list of their own, introduced by
    the line before the first."""
    for listing in root.iter("ul", "ol"):
        items = [normalize_text(item.text_content()) for item in listing.iter("li")]
        yield listing.getprevious(), listing, items
    orphans: dict[_Element, list[_Element]] = {}
    for item in root.iter("li"):
        parent = item.getparent()
        if parent is not None and parent.tag not in ("ul", "ol"):
            orphans.setdefault(parent, []).append(item)
    for parent, loose in orphans.items():
        yield loose[0].getprevious(), parent, [normalize_text(i.text_content()) for i in loose]


# A subheading written as a bold paragraph is this short at most.
_SUBHEADING_CHARS = 120


def _bold_subheadings(root: _Element) -> list[str]:
    """Subheadings written as a paragraph all in bold (``<p><strong>Hướng tới …</strong></p>``,
    the usual subheading of Vietnamese CMS editors), which trafilatura may leave out with the
    collapsed half of a text it hides."""
    found = []
    for paragraph in root.iter("p"):
        text = normalize_text(paragraph.text_content())
        bold = normalize_text(" ".join(b.text_content() for b in paragraph.iter("strong", "b")))
        if text and len(text) <= _SUBHEADING_CHARS and bold == text:
            found.append(text)
    return found


def _enumeration(listing: _Element, items: list[str]) -> bool:
    """Whether a list is the text's enumeration, its items punctuated as clauses of a sentence
    ("…học tập;", "…trở lên;", "…thực hành."), not a list of links (a menu, related
    articles)."""
    return bool(items) and link_chars(listing) < 0.2 * max(text_chars(listing), 1) \
        and sum(item.endswith((";", ".", ",")) for item in items) >= 0.5 * len(items)


# A caption printed as a line of its own under the photo is this short at most.
_CAPTION_CHARS = 250


def _captions_after_images(root: _Element) -> list[str]:
    """Captions printed as a short italic line right under a photo, not in a
    ``<figcaption>`` (``<p><img></p><p><em>Bìa cuốn sách …</em></p>``, the usual shape of
    Vietnamese CMS editors)."""
    found = []
    for image in root.iter("img"):
        holder = image
        while holder.getnext() is None and holder.getparent() is not None \
                and holder.getparent() is not root and not (holder.tail or "").strip():
            holder = holder.getparent()
        line = holder.getnext()
        if line is None or (holder.tail or "").strip():
            continue
        text = normalize_text(line.text_content())
        italic = normalize_text(" ".join(e.text_content() for e in line.iter("em", "i")))
        if text and len(text) <= _CAPTION_CHARS and italic == text:
            found.append(text)
    return found


def _table_captions(root: _Element) -> list[str]:
    """A table's caption printed as a short line of its own just above or below it ("Bảng 1.
    Mật độ vi nhựa …" in a ``<p>``, not a ``<caption>``), as science articles number them."""
    found = []
    for table in root.iter("table"):
        for line in (table.getprevious(), table.getnext()):
            text = normalize_text(line.text_content()) if line is not None else ""
            if text and len(text) <= _CAPTION_CHARS and line.tag == "p" \
                    and _TABLE_CAPTION.match(text):
                found.append(text)
    return found


# "Bảng 1.", "Bảng 2:", "Table 3 –": how a numbered table's caption opens.
_TABLE_CAPTION = re.compile(r"(?:bảng|table)\s*\d+\s*[.:–-]", re.I)


def without_boxes(body_html: str, text: str) -> tuple[str, str]:
    """trafilatura's body (and its text) less the boxes of links to other articles our own
    bodies lose (a "Các số podcast khác" list under its heading, "Tin liên quan" boxes): it
    keeps a list that follows the text inside the same container."""
    root = fragment(body_html)
    remove_boilerplate(root, ())
    cleaned = inner_html(root).strip()
    return (body_html, text) if cleaned == body_html.strip() else (cleaned, html_to_text(cleaned))
