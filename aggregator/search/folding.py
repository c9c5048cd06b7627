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

from aggregator.text import match_key, normalize_text, strip_diacritics

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


def loose_text(text: str) -> str:
    """The loose form alone (``fold_document(text)[1]``), at about half the cost: tone
    placement decides nothing once every diacritic is gone, so it is not canonicalised."""
    return " ".join(_WORD.findall(loosen(normalize_text(text).casefold())))


def fold_document(*parts: str) -> tuple[str, str]:
    """(exact, loose) forms of a document's text, each as space-separated tokens whose
    positions correspond (``parts`` are joined as separate paragraphs)."""
    exact = " ".join(" ".join(tokens) for part in parts if part and (tokens := exact_tokens(part)))
    return exact, loosen(exact)

