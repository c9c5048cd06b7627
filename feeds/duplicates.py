"""Syndicated copies: the same story republished by several sites, found by text similarity.

VUSTA and the provincial unions and newspapers republish each other's stories, often with a
changed first line ("Theo Báo Lạng Sơn"), a shortened title or a different photo. A merged feed
should show such a story once, so articles are compared by the Jaccard similarity of their
5-syllable shingles, estimated from bottom-k MinHash sketches:

- text: :func:`aggregator.text.match_key` of the body (the lead when there is no body), so case,
  old/new tone placement ("hoà"/"hòa") and punctuation do not matter. ``match_key`` is applied
  per word, through a cache: it works syllable by syllable anyway, and running it over a whole
  body for every candidate of every feed would cost more than the rest of publishing;
- only the first :data:`MAX_WORDS` syllables count, so the cost per article is bounded; a
  republished story keeps its opening, while boilerplate (more likely at the end) counts less;
- words are numbered by CRC-32 and a shingle is hashed as the tuple of its 5 numbers: ``str``
  hashes change with every process (and the same store must always give the same feeds), while
  CPython hashes tuples of ints the same way in every process; this is twice as fast as hashing
  joined strings (the interpreter's version is part of ``state.code_fingerprint``);
- only articles of *different* sites are linked; a site's own repeats are its business.

Two different stories that share a boilerplate paragraph stay apart: the boilerplate is a
small part of their shingles, far from the :data:`SIMILARITY` threshold.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import unicodedata
import zlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

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
SIMILARITY = 0.5
"""Estimated Jaccard similarity from which two articles are copies of one story. A light
edit of a 300-syllable story changes a few dozen shingles (similarity ~0.8); unrelated stories
of the same province sit below 0.1, and a shared boilerplate paragraph lifts them to ~0.2."""

_EDGE_PUNCTUATION = re.compile(r"^\W+|\W+$")
_NO_WORD = -1


@dataclass(frozen=True, slots=True)
class Cluster:
    """One story: the copy to publish (the earliest) and the other sites' copies."""

    first: Article
    copies: tuple[Article, ...]
    """Later copies, earliest first."""


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


def similarity(a: Sketch, b: Sketch) -> float:
    """Estimated Jaccard similarity of the two texts behind ``a`` and ``b``.

    The smallest SKETCH_SIZE hashes of the union are those of the union of the two texts'
    shingles; the share of them that both texts have estimates the Jaccard similarity.
    """
    union = sorted(a.members | b.members)[:SKETCH_SIZE]
    if not union:
        return 0.0
    return len(a.members.intersection(union) & b.members) / len(union)


@functools.lru_cache(maxsize=1 << 16)
def _word_id(token: str) -> int:
    """CRC-32 of the ``match_key`` of a token without the punctuation around it ("(Theo" ->
    "theo"); :data:`_NO_WORD` for a token that is only punctuation."""
    key = _EDGE_PUNCTUATION.sub("", match_key(token))
    return zlib.crc32(key.encode()) if key else _NO_WORD  # match_key never holds a surrogate


class DuplicateFinder:
    """Groups articles into stories; remembers sketches, as an article is in several feeds."""

    def __init__(self) -> None:
        self._sketches: dict[tuple[str, str], Sketch] = {}

    def sketch_of(self, article: Article) -> Sketch:
        key = (article.id, article.content_hash)
        found = self._sketches.get(key)
        if found is None:
            found = self._sketches[key] = sketch(article.body_text or article.lead)
        return found

    def clusters(self, articles: Sequence[Article]) -> list[Cluster]:
        """One cluster per story, in the order of each story's first copy in ``articles``.

        Copies link transitively (A~B and B~C put A, B and C together). The published copy is
        the earliest (publication time, then id), so a later republication never changes which
        entry readers already have.
        """
        parent = list(range(len(articles)))

        def root(index: int) -> int:
            while parent[index] != index:
                parent[index] = parent[parent[index]]
                index = parent[index]
            return index

        for i, j in self._similar_pairs(articles):
            parent[root(j)] = root(i)
        members: dict[int, list[Article]] = defaultdict(list)
        for index, article in enumerate(articles):
            members[root(index)].append(article)
        stories = [sorted(group, key=_age) if len(group) > 1 else group
                   for group in members.values()]
        position = {id(article): n for n, article in enumerate(articles)}
        stories.sort(key=lambda story: position[id(story[0])])
        return [Cluster(story[0], tuple(story[1:])) for story in stories]

    def _similar_pairs(self, articles: Sequence[Article]) -> list[tuple[int, int]]:
        """Pairs (i < j) of different sites' articles that are copies of one story.

        Comparing every pair would cost the square of the feed, so only pairs whose sketches
        share a value in their *prefixes* are compared (prefix filtering, as in set-similarity
        joins). With values ordered rarest first, a pair reaching SIMILARITY must share at
        least ``ceil(SIMILARITY * len)`` values of each sketch, so the smallest shared value is
        within the first ``len - ceil(SIMILARITY * len) + 1`` of both: no pair is missed, and
        stock phrases that every article has sit at the end, outside the prefixes.
        """
        sketches = [self.sketch_of(article) for article in articles]
        frequency = Counter(itertools.chain.from_iterable(s.values for s in sketches))
        postings: dict[int, list[int]] = defaultdict(list)
        for index, values in enumerate(s.values for s in sketches):
            # Values are ascending and the sort is stable: the order is (frequency, value).
            prefix = sorted(values, key=frequency.__getitem__)
            for value in prefix[:len(values) - _least_shared(len(values)) + 1]:
                postings[value].append(index)
        candidates = {pair for members in postings.values() if len(members) > 1
                      for pair in itertools.combinations(members, 2)}
        return [(i, j) for i, j in sorted(candidates)
                if articles[i].site_id != articles[j].site_id
                and _copies(sketches[i], sketches[j])]


def _least_shared(size: int) -> int:
    """Values a sketch of ``size`` must share with another to reach SIMILARITY."""
    return math.ceil(SIMILARITY * size)


def _copies(a: Sketch, b: Sketch) -> bool:
    # Counting shared values first is exact (see _similar_pairs) and much cheaper.
    return (len(a.members & b.members) >= _least_shared(max(len(a.values), len(b.values)))
            and similarity(a, b) >= SIMILARITY)


def _age(article: Article) -> tuple[float, str]:
    when = article.published or article.fetched_at
    return (when.timestamp() if when else 0.0), article.id
