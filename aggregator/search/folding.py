"""Vietnamese folding for search: the one function documents and queries both go through.

Two forms of every token, aligned position by position:

- **exact**: NFC, canonical tone placement ("hoà" -> "hòa", :func:`aggregator.text.canonical_tones`),
  casefolded; diacritics kept, so a query typed with them can rank exact spellings first;
- **loose**: the exact form without diacritics, đ -> d ("chuyển đổi số" -> "chuyen doi so"),
  which is what search matching uses, so text typed without diacritics finds the same articles.

Topic membership reads the exact form: a term typed with diacritics must be spelt so
(:func:`loose_pattern` lets a term typed without them match every spelling).

Folding happens here, in Python, for both stores: SQLite has no Vietnamese-aware folding and
PostgreSQL's ``unaccent`` neither moves tone marks nor knows which documents were folded by us,
so one implementation is the only way to keep documents and queries identical.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from aggregator.text import match_key, normalize_document, strip_diacritics

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
# The same as a sequence indexed by code point (later ones raise IndexError: left as they are):
# ``str.translate`` indexes a list in half the time it looks up a dict.
_LOOSE_SEQUENCE = [_LOOSE.get(code, chr(code)) for code in range(max(_LOOSE) + 1)]
_COMBINING = re.compile("[\u0300-\u036f]")
# Without a combining mark NFC could not compose (nearly every text), a word is a plain run of
# word characters, which the regex engine finds a third faster than ``_WORD``.
_PLAIN_WORD = re.compile(r"[^\W_]+")


def exact_tokens(text: str) -> list[str]:
    """The words of ``text`` in their exact form (see the module docstring)."""
    key = match_key(text)
    return (_WORD if _COMBINING.search(key) else _PLAIN_WORD).findall(key)


def loosen(exact: str) -> str:
    """The loose form of exact-form text: no diacritics, đ -> d (same as
    :func:`aggregator.text.strip_diacritics`, faster on precomposed text)."""
    loose = exact.translate(_LOOSE_SEQUENCE)
    return strip_diacritics(loose) if _COMBINING.search(loose) else loose


def _variants() -> dict[str, str]:
    """Each base letter -> itself and every precomposed letter folding to it ("d" -> "dđ...")."""
    variants: dict[str, str] = {}
    for char, base in sorted((chr(code), base) for code, base in _LOOSE.items()):
        variants[base] = variants.get(base, base) + char
    return variants


_VARIANTS = _variants()


def loose_pattern(exact: str) -> str:
    """A regular expression matching exact-form text whose loose form is ``exact``'s: how a
    term typed without diacritics ("iot") is read in exact text ("iốt" too). Combining marks
    NFC could not compose may follow any letter, as they do in exact tokens."""
    return "".join(
        " " if char == " " else
        (f"[{re.escape(_VARIANTS[char])}]" if char in _VARIANTS else re.escape(char))
        + "[\u0300-\u036f]*"
        for char in loosen(exact))


def exact_offsets(exact: str, *offsets: int) -> tuple[int, ...]:
    """Where ``offsets``, token boundaries in ``exact``'s loose form, lie in ``exact``: the same
    places unless it holds a combining mark NFC could not compose (loosening drops it)."""
    if not _COMBINING.search(exact):
        return offsets
    loose = loosen(exact)
    words = exact.split(" ")
    mapped = []
    for offset in offsets:
        token = loose.count(" ", 0, offset)
        start = sum(len(word) + 1 for word in words[:token])
        at_start = offset == 0 or loose[offset - 1] == " "
        mapped.append(start if at_start else start + len(words[token]))
    return tuple(mapped)


def has_diacritics(exact: str) -> bool:
    """Whether folding would change ``exact`` (it carries a diacritic or đ)."""
    return loosen(exact) != exact


class FoldedDocument(NamedTuple):
    """A document's two forms (see the module docstring) and where each of its parts lies."""

    exact: str
    loose: str
    spans: tuple[tuple[int, int], ...]
    """Each part's (start, end) in ``loose``, as character offsets (a part without words: its
    predecessor's end, twice): the boundaries joining the parts loses, kept so that topic
    membership can read a title and lead apart from the body by slicing."""


def fold_document(*parts: str) -> FoldedDocument:
    """(exact, loose) forms of a document's text, each as space-separated tokens whose
    positions correspond (``parts`` are joined as separate paragraphs), and the parts' spans.

    Each part is folded white-space-separated token by token through :func:`_folded_token`'s
    cache, which gives the same words as folding the whole part (see there), and loosened on
    its own, so its span is measured on its own loose text rather than token by token."""
    exact_parts: list[str] = []
    loose_parts: list[str] = []
    spans: list[tuple[int, int]] = []
    end = 0  # where the loose text so far ends
    for part in parts:
        # Normalised whole first: it drops C0 controls str.split() takes for white space and
        # joins split surrogate pairs, so the tokens are those folding the whole part sees.
        # filter(), map() and zip() keep the per-token loop in C: most parts are a few hundred
        # tokens, and a Python-level loop over them costs as much as the cache saves.
        folded = list(filter(None, map(_folded_token, normalize_document(part).split())))
        if not folded:
            spans.append((end, end))
            continue
        exacts, looses = zip(*folded, strict=True)
        exact_part = " ".join(exacts)
        loose_part = " ".join(looses)
        if _COMBINING.search(loose_part):  # as loosen(exact_part) does, over the whole part
            loose_part = strip_diacritics(loose_part)
        start = end + 1 if loose_parts else 0
        end = start + len(loose_part)
        exact_parts.append(exact_part)
        loose_parts.append(loose_part)
        spans.append((start, end))
    return FoldedDocument(" ".join(exact_parts), " ".join(loose_parts), tuple(spans))


@functools.lru_cache(maxsize=1 << 15)
def _folded_token(token: str) -> tuple[str, str] | None:
    """The exact words of ``token`` (a white-space-free piece of text after
    :func:`~aggregator.text.normalize_document`), space-separated, and the same translated to
    loose letters (what :func:`loosen` does before decomposing what is left); None when it has
    no word (punctuation alone).

    The same as the token's share of folding a whole part: :func:`match_key` works within
    white-space-separated tokens (NFC composes nothing across white space, the invisible
    characters it drops are not white space, the old-style tone pattern looks no further than
    a letter either side, casefolding is per character), and words never span white space.
    Articles are written in a vocabulary of a few thousand syllables, so nearly every token is
    a cache hit (5,000 generated articles hold 5,539 distinct tokens): folding an article took
    0.136 ms whole and takes 0.060 ms so (bench/store_upsert.py's articles, best of 5 runs).
    Full, its 32,768 entries hold about 9 MB."""
    exact = " ".join(exact_tokens(token))
    return (exact, exact.translate(_LOOSE_SEQUENCE)) if exact else None
