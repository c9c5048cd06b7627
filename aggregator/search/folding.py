"""Vietnamese folding for search: the one function documents and queries both go through.

Two forms of every token, aligned position by position:

- **exact**: NFC, canonical tone placement ("hoà" -> "hòa", :func:`aggregator.text.canonical_tones`),
  casefolded; diacritics kept, so a query typed with them can rank exact spellings first;
- **loose**: the exact form without diacritics, đ -> d ("chuyển đổi số" -> "chuyen doi so"),
  which is what matching uses, so text typed without diacritics finds the same articles.

Folding happens here, in Python, for both stores: SQLite has no Vietnamese-aware folding and
PostgreSQL's ``unaccent`` neither moves tone marks nor knows which documents were folded by us,
so one implementation is the only way to keep documents and queries identical.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from aggregator.text import match_key, strip_diacritics

# A word: letters and digits, with any combining mark NFC could not compose kept inside it
# (Python's \w has no combining marks, which would otherwise split such a word in two).
_WORD = re.compile(r"(?:[^\W_][\u0300-\u036f]*)+")


def _loose_table() -> dict[int, str]:
    """Precomposed Latin letters -> their base letter; ``str.translate`` with it is ~20x faster
    than decomposing every character of an article body."""
    table: dict[int, str] = {}
    for code in (*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)):
        char = chr(code)
        base = strip_diacritics(char)
        if base != char:
            table[code] = base
    return table


_LOOSE = _loose_table()
_COMBINING = re.compile("[\u0300-\u036f]")


def exact_tokens(text: str) -> list[str]:
    """The words of ``text`` in their exact form (see the module docstring)."""
    return _WORD.findall(match_key(text))


def loosen(exact: str) -> str:
    """The loose form of exact-form text: no diacritics, đ -> d (same as
    :func:`aggregator.text.strip_diacritics`, faster on precomposed text)."""
    loose = exact.translate(_LOOSE)
    return strip_diacritics(loose) if _COMBINING.search(loose) else loose


def has_diacritics(exact: str) -> bool:
    """Whether folding would change ``exact`` (it carries a diacritic or đ)."""
    return loosen(exact) != exact


class FoldedDocument(NamedTuple):
    """A document's two forms (see the module docstring) and where each of its parts ends."""

    exact: str
    loose: str
    ends: tuple[int, ...]
    """Tokens up to the end of each part: the parts' boundaries, which joining them loses
    (topic membership reads a title and lead apart from the body)."""


def fold_document(*parts: str) -> FoldedDocument:
    """(exact, loose) forms of a document's text, each as space-separated tokens whose
    positions correspond (``parts`` are joined as separate paragraphs), and the parts' ends."""
    tokens: list[str] = []
    ends = []
    for part in parts:
        if part:
            tokens += exact_tokens(part)
        ends.append(len(tokens))
    exact = " ".join(tokens)
    return FoldedDocument(exact, loosen(exact), tuple(ends))
