"""Copy sketches: bottom-k MinHash sketches of an article's text, and their stored form.

Syndicated copies (``feeds.duplicates``) are found by the Jaccard similarity of two texts'
5-syllable shingles, estimated from these sketches. They live in the core, not in ``feeds``,
because the store computes each article's sketch when it is stored, so that a publish reads
it instead of computing it for every candidate again.

- text: :func:`aggregator.text.match_key` of the body (the lead when there is no body), so case,
  old/new tone placement ("hoà"/"hòa") and punctuation do not matter. ``match_key`` is applied
  per word, through a cache: it works syllable by syllable anyway, and running it over a whole
  body for every candidate of every feed would cost more than the rest of publishing;
- only the first :data:`MAX_WORDS` syllables count, so the cost per article is bounded; a
  republished story keeps its opening, while boilerplate (more likely at the end) counts less;
- words are numbered by CRC-32 and a shingle is hashed as the tuple of its 5 numbers: ``str``
  hashes change with every process (and the same store must always give the same feeds), while
  CPython hashes tuples of ints the same way in every process; this is twice as fast as hashing
  joined strings (the interpreter's version is part of ``feeds.state.code_fingerprint`` and of
  :func:`sketch_marker`).
"""

from __future__ import annotations

import functools
import hashlib
import re
import struct
import sys
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path

import aggregator.text
from aggregator.schema import Article
from aggregator.text import match_key

SHINGLE_WORDS = 5
"""Syllables per shingle: long enough that unrelated local news rarely shares one."""
SKETCH_SIZE = 64
"""Bottom-k sketch size; the Jaccard estimate's standard error is about 0.06 at 0.5, far
less than the gap between copies (~0.8) and different stories (<0.2)."""
MAX_WORDS = 300
"""Syllables read per text (about three paragraphs): enough to tell stories apart, and the
cost of a sketch stays flat for long articles."""
MIN_SHINGLES = 20
"""Texts with fewer shingles (a photo caption, "Xem video") are too short to call copies."""

_EDGE_PUNCTUATION = re.compile(r"^\W+|\W+$")
_NO_WORD = -1
_VALUE = struct.Struct("<q")
"""One stored value: little-endian, so a store moved to another machine reads the same."""


@dataclass(frozen=True, slots=True)
class Sketch:
    """The :data:`SKETCH_SIZE` smallest shingle hashes of a text (fewer for a short text)."""

    values: tuple[int, ...]
    """Ascending."""
    members: frozenset[int]


def sketch(text: str) -> Sketch:
    """Bottom-k sketch of ``text``'s shingle hashes; empty when the text is too short."""
    tokens = unicodedata.normalize("NFC", text).split(maxsplit=MAX_WORDS)[:MAX_WORDS]
    words = list(filter(_NO_WORD.__ne__, map(_word_id, tokens)))
    shingles = zip(*(words[i:] for i in range(SHINGLE_WORDS)), strict=False)
    hashes = sorted(set(map(hash, shingles)))
    values = tuple(hashes[:SKETCH_SIZE]) if len(hashes) >= MIN_SHINGLES else ()
    return Sketch(values, frozenset(values))


def article_sketch(article: Article) -> Sketch:
    """The sketch copies of ``article`` are found by: of its body, else of its lead."""
    return sketch(article.body_text or article.lead)


def similarity(a: Sketch, b: Sketch) -> float:
    """Estimated Jaccard similarity of the two texts behind ``a`` and ``b``.

    The smallest SKETCH_SIZE hashes of the union are those of the union of the two texts'
    shingles; the share of them that both texts have estimates the Jaccard similarity.
    """
    union = sorted(a.members | b.members)[:SKETCH_SIZE]
    if not union:
        return 0.0
    return len(a.members.intersection(union) & b.members) / len(union)


def encode_sketch(found: Sketch) -> bytes:
    """``found`` as stored: :func:`sketch_marker`, then each value as 8 bytes."""
    return sketch_marker() + struct.pack(f"<{len(found.values)}q", *found.values)


def decode_sketch(data: bytes) -> Sketch | None:
    """The sketch :func:`encode_sketch` stored; None when it was made by other code or another
    interpreter (its marker differs), as :func:`sketch` would now give other values."""
    marker = sketch_marker()
    if not data.startswith(marker) or (len(data) - len(marker)) % _VALUE.size:
        return None
    values = struct.unpack_from(f"<{(len(data) - len(marker)) // _VALUE.size}q", data,
                                len(marker))
    return Sketch(values, frozenset(values))


@functools.cache
def sketch_marker() -> bytes:
    """8 bytes that change whenever :func:`article_sketch` could give other values for a text.

    The source of this module (the constants, which text is read, the shingling) and of
    :mod:`aggregator.text` (``match_key``) covers the code; for the interpreter, a tuple's
    hash, the hash parameters and the version (which also fixes the Unicode tables of the NFC
    step). Hashing the source is coarse, as any edit makes every stored sketch stale, but it
    cannot be forgotten as a version number to bump can, and a stale sketch taken for current
    would change feeds. Stale sketches are ignored by a publish and made again by the next
    crawl's ``ArticleStore.fill_copy_sketches``.
    """
    digest = hashlib.sha256()
    for path in (Path(__file__), Path(aggregator.text.__file__)):
        digest.update(path.read_bytes())
    digest.update(f"{hash((1, 2, 3, 4, 5))} {sys.hash_info} {sys.implementation.cache_tag} "
                  f"{sys.version}".encode())
    return digest.digest()[:8]


@functools.lru_cache(maxsize=1 << 16)
def _word_id(token: str) -> int:
    """CRC-32 of the ``match_key`` of a token without the punctuation around it ("(Theo" ->
    "theo"); :data:`_NO_WORD` for a token that is only punctuation."""
    key = _EDGE_PUNCTUATION.sub("", match_key(token))
    return zlib.crc32(key.encode()) if key else _NO_WORD  # match_key never holds a surrogate
