"""Syndicated copies: the same story republished by several sites, found by text similarity.

VUSTA and the provincial unions and newspapers republish each other's stories, often with a
changed first line ("Theo Báo Lạng Sơn"), a shortened title or a different photo. A merged feed
should show such a story once, so articles are compared by the Jaccard similarity of their
5-syllable shingles, estimated from bottom-k MinHash sketches (:mod:`aggregator.copy_sketch`).
A store that keeps each article's sketch (:class:`~feeds.source.StoredSketches`) saves
computing them again: they were about a tenth of a full publish. Only articles of *different*
sites are linked; a site's own repeats are its business.

Two different stories that share a boilerplate paragraph stay apart: the boilerplate is a
small part of their shingles, far from the :data:`SIMILARITY` threshold.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from aggregator.copy_sketch import Sketch, article_sketch, similarity
from aggregator.schema import Article
from feeds.source import StoredSketches

SIMILARITY = 0.5
"""Estimated Jaccard similarity from which two articles are copies of one story. A light
edit of a 300-syllable story changes a few dozen shingles (similarity ~0.8); unrelated stories
of the same province sit below 0.1, and a shared boilerplate paragraph lifts them to ~0.2."""


@dataclass(frozen=True, slots=True)
class Cluster:
    """One story: the copy to publish (the earliest) and the other sites' copies."""

    first: Article
    copies: tuple[Article, ...]
    """Later copies, earliest first."""


class DuplicateFinder:
    """Groups articles into stories; remembers sketches, as an article is in several feeds.

    With ``stored``, the sketches a store kept are read, one query per feed for the articles
    not seen in an earlier feed; only those it lacks are computed.
    """

    def __init__(self, stored: StoredSketches | None = None) -> None:
        self._stored = stored
        self._sketches: dict[tuple[str, str], Sketch] = {}

    def sketch_of(self, article: Article) -> Sketch:
        key = (article.id, article.content_hash)
        found = self._sketches.get(key)
        if found is None:
            found = self._sketches[key] = article_sketch(article)
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
        self._read_stored(articles)
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

    def _read_stored(self, articles: Sequence[Article]) -> None:
        """Remember the stored sketches of those of ``articles`` not sketched yet."""
        if self._stored is None:
            return
        unseen = [article for article in articles
                  if (article.id, article.content_hash) not in self._sketches]
        if not unseen:
            return
        stored = self._stored.copy_sketches(unseen)
        for article in unseen:
            if (found := stored.get(article.id)) is not None:
                self._sketches[article.id, article.content_hash] = found


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
