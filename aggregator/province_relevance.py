"""Which provinces' feeds an article belongs in: the units it is *about*, not every unit it names.

Provincial papers name other provinces all the time without writing about them: traders "from
Lạng Sơn and Hà Nội" buy a Cao Bằng farmer's honey, a Quảng Ninh sensor "will be offered to Hải
Phòng next year", a Tây Ninh seminar hears experts "of a Hồ Chí Minh City university". Putting
such stories in those provinces' feeds fills a feed with news from elsewhere. The rule:

1. **The site's own province, always.** A provincial paper writes about its province (also when
   it names only a commune or a former district of it), and its readers subscribe to that feed.
2. **Another unit when the story is set there or is about it**, i.e. when it is named in

   - the **headline**, or the **lead** (sapo): the editor put it where every reader sees it;
   - the **dateline** (``HÀ NỘI –``, ``(LHH-TPHCM) –``) that opens the body: where it happened;
   - the **first body paragraph when the page has no lead**: that paragraph then is the lead;
   - a **sustained share of the body**: at least :data:`MIN_PARAGRAPHS` paragraphs and at
     least :data:`MIN_SHARE` of them. One paragraph can name a place in passing; a story
     that comes back to it paragraph after paragraph is about it. The share keeps a long
     feature that names a unit in two of its thirty paragraphs out.

   A single mention further down the body is a passing mention, and stays out.

Names are found by :func:`aggregator.province_tagger.mentions` on the same text the parser tags
(headline, lead, body), so a former name ("Bắc Kạn", "Quảng Nam (cũ)") counts for the current
unit it now belongs to, and the tagger's traps (streets, wards, persons, dishes) apply here too.
The entry's categories keep every unit named (``Article.provinces``); only feed membership
follows this rule. Measured on the hand-labelled gold set by ``bench/province_feeds.py``.
"""

from __future__ import annotations

import bisect
import re

from aggregator.province_tagger import mentions
from aggregator.schema import Article

MIN_PARAGRAPHS = 2
"""A unit named in this many body paragraphs (and :data:`MIN_SHARE` of them) is a subject."""
MIN_SHARE = 0.2
"""...and in at least this fraction of the body's paragraphs (2 of 10, 4 of 20)."""

# A dateline opens the body: a short run of capitalised words or a tag in parentheses, then a
# dash ("HÀ NỘI – ", "Đà Nẵng - ", "(LHH-TPHCM) – ", "TP. Hồ Chí Minh — ").
_DATELINE = re.compile(r"\s*(\([^()\n]{2,40}\)|[^\n]{2,40}?)\s*[-–—]\s")
_DATELINE_MAX_WORDS = 6
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def about_provinces(title: str, lead: str, body_text: str, *,
                    own: str | None = None) -> tuple[str, ...]:
    """Current-unit slugs whose feeds the article belongs in: ``own`` (the site's province)
    first, then the units it is about, in order of first mention, no duplicates."""
    text = f"{title}\n{lead}\n{body_text}"
    body_start = len(title) + len(lead) + 2
    found = mentions(text)
    chosen: dict[str, None] = dict.fromkeys([own] if own else [])
    paragraphs = _paragraph_spans(body_text, body_start)
    starts = [start for start, _ in paragraphs]
    prominent = body_start  # title and lead
    prominent = max(prominent, body_start + _dateline_end(body_text))
    if not lead.strip() and paragraphs:
        prominent = max(prominent, paragraphs[0][1])
    paragraphs_of: dict[str, set[int]] = {}
    for mention in found:
        if mention.start < prominent:
            chosen.setdefault(mention.slug)
        else:
            index = bisect.bisect_right(starts, mention.start) - 1
            if index >= 0 and mention.start < paragraphs[index][1]:
                paragraphs_of.setdefault(mention.slug, set()).add(index)
    needed = max(MIN_PARAGRAPHS, MIN_SHARE * len(paragraphs))
    for mention in found:  # text order, so units come out in order of first mention
        if len(paragraphs_of.get(mention.slug, ())) >= needed:
            chosen.setdefault(mention.slug)
    return tuple(chosen)


def article_about_provinces(article: Article, own: str | None) -> tuple[str, ...]:
    """:func:`about_provinces` of a parsed article from a site whose province is ``own``."""
    return about_provinces(article.title, article.lead, article.body_text, own=own)


def _paragraph_spans(body_text: str, offset: int) -> list[tuple[int, int]]:
    """(start, end) of each non-blank body paragraph, as offsets into the combined text."""
    spans = []
    start = 0
    for gap in [*_PARAGRAPH_BREAK.finditer(body_text), None]:
        end = gap.start() if gap else len(body_text)
        if body_text[start:end].strip():
            spans.append((offset + start, offset + end))
        start = gap.end() if gap else end
    return spans


def _dateline_end(body_text: str) -> int:
    """Where the body's dateline ends (0 when it has none). The part before the dash must be
    in parentheses or all capitalised words, so "Giá xoài cao hơn 20 - 30%" is no dateline."""
    match = _DATELINE.match(body_text)
    if not match:
        return 0
    head = match.group(1)
    words = head.split()
    if head.startswith("(") or (len(words) <= _DATELINE_MAX_WORDS
                                and all(w[0].isupper() for w in words if w[0].isalpha())):
        return match.end()
    return 0
