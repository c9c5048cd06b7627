"""trafilatura as a second opinion, not a blind fallback.

It is asked only when our own body evidence is weak (no site or family rule matched and the
best generic container is not clearly prose) or when we found no body at all, so pages of
known layouts never pay for it. Its answer is compared with ours by what each holds:

- trafilatura's is taken when it holds prose paragraphs that ours lacks (ours is a wrong or
  partial block);
- ours is kept when it holds prose that trafilatura's lacks (trafilatura dropped real
  paragraphs), amounting to at least :data:`_OWN_PROSE_SHARE` of our text;
- with the same prose in both, ours wins unless it is more than :data:`_SURPLUS_SHARE`
  longer: a little more is captions and bylines (trafilatura drops captions), much more is
  link lists, date lines and other page furniture.
"""

from __future__ import annotations

import re

import lxml.html
from lxml.etree import _Element

from aggregator.parsing.sanitize import sanitize_html
from aggregator.text import match_key

# A paragraph of ours that trafilatura lacks counts as prose from this length on.
_PROSE_PARAGRAPH = 100
_OWN_PROSE_SHARE = 0.2
# With the same prose in both, ours may be this much longer (captions, the byline) and still
# win; beyond it the extra is page furniture trafilatura rightly left out.
_SURPLUS_SHARE = 0.15
_BODY_TAGS = re.compile(r"(?is)^.*?<body[^>]*>|</body>.*$")


def trafilatura_body_html(tree: _Element, url: str) -> str:
    """trafilatura's main text of ``tree`` as sanitized HTML ('' when it finds none).

    trafilatura edits the tree it is given; callers pass the page tree only once every other
    field has been read from it."""
    import trafilatura  # imported lazily: slow to import and off the fast path

    html = trafilatura.extract(tree, url=url, output_format="html", include_images=True,
                               include_links=True, include_comments=False, include_tables=True)
    if not html:
        return ""
    return sanitize_html(_BODY_TAGS.sub("", html)).strip()


def _prose_missing(text: str, other_key: str) -> int:
    """Characters of ``text``'s prose paragraphs that ``other_key`` (a match key) lacks."""
    return sum(len(p) for p in text.split("\n\n")
               if len(p) >= _PROSE_PARAGRAPH and not _present(match_key(p), other_key))


def _present(paragraph_key: str, other_key: str) -> bool:
    """Whether a paragraph is in the other text: its opening or its closing words (one
    extractor may glue a heading or a caption onto a paragraph's start or end)."""
    return paragraph_key[:80] in other_key or paragraph_key[-80:] in other_key


def prefer_ours(ours_text: str, theirs_text: str) -> bool:
    """Whether our body is the better one (see the module docstring)."""
    if not theirs_text:
        return True
    if not ours_text:
        return False
    ours_lack = _prose_missing(theirs_text, match_key(ours_text))
    theirs_lack = _prose_missing(ours_text, match_key(theirs_text))
    if theirs_lack >= _OWN_PROSE_SHARE * len(ours_text) and not ours_lack:
        return True
    if ours_lack:
        return False
    return len(ours_text) - len(theirs_text) <= _SURPLUS_SHARE * len(ours_text)


def fragment(body_html: str) -> _Element:
    """A parsed copy of body HTML (for reading its byline)."""
    return lxml.html.fragment_fromstring(body_html, create_parent="div")

