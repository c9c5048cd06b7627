"""Which articles a topic feed holds: those its query finds *and* that are about the topic.

A keyword query over the whole text puts in every article that names one of its terms once:
a personnel story naming the "Sở Khoa học và Công nghệ", a traffic plan a department is
"nghiên cứu"-ing. So the index's matches are only candidates; an article is a member when
one of the query's positive terms is in its title or lead (what the article says it is
about), or when its body names them at least :data:`MIN_BODY_MENTIONS` times.

The check runs in Python on the text the index holds for the candidates (folded when the
article was stored, :meth:`aggregator.search.index.SearchIndex.folded`), so both stores give
the same members, and a publish folds nothing; only the members are loaded. Ad-hoc search
(``aggregator search``, ``/search``) does not go through it: a search lists every match.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from aggregator.schema import Article
from aggregator.search.index import FoldedText, SearchFilters
from aggregator.search.query import Query
from aggregator.search.topics import Topic

MIN_BODY_MENTIONS = 2
"""Mentions of a topic's terms in the body that make an article about the topic when its title
and lead name none: one is a passing mention; three lost recall on the tuning sets and took
out no further wrong article (README, "Which articles a topic feed holds")."""

CANDIDATE_ROUNDS = (2, 4, 8)
"""Candidates read per wanted member, in successive searches while members are short: a topic
whose newest matches are mostly passing mentions costs at most eight times its feed's size,
never the store's (its feed is then shorter)."""


@runtime_checkable
class ArticleSearch(Protocol):
    """Full-text search as the store offers it (``aggregator.store.ArticleStore``)."""

    def search(self, query: Query, filters: SearchFilters | None = None, *,
               limit: int = 100) -> list[Article]:
        """Articles matching ``query`` within ``filters``, newest first, at most ``limit``."""
        ...

    def search_ids(self, query: Query, filters: SearchFilters | None = None, *,
                   limit: int = 100) -> list[str]:
        """The ids :meth:`search` would load, in its order."""
        ...

    def folded_texts(self, article_ids: Sequence[str]) -> dict[str, FoldedText]:
        """The indexed text of those of ``article_ids`` the index holds."""
        ...

    def get_many(self, article_ids: Sequence[str]) -> list[Article]:
        """The stored articles of ``article_ids``, in their order."""
        ...


def topic_articles(store: ArticleSearch, topic: Topic, limit: int) -> list[Article]:
    """The topic's newest ``limit`` members (see the module docstring), newest first: what its
    feed publishes and what ``bench/topic_quality.py`` scores."""
    filters = SearchFilters(provinces=topic.provinces, kinds=topic.kinds, exact_first=False)
    members: list[str] = []
    checked: set[str] = set()  # a later round's candidates begin with the earlier round's
    for factor in CANDIDATE_ROUNDS:
        wanted = limit * factor
        candidates = store.search_ids(topic.query, filters, limit=wanted)
        unchecked = [article_id for article_id in candidates if article_id not in checked]
        checked.update(unchecked)
        texts = store.folded_texts(unchecked)
        for article_id in unchecked:
            if (text := texts.get(article_id)) is not None and is_about(topic.query, text):
                members.append(article_id)
                if len(members) == limit:
                    return store.get_many(members)
        if len(candidates) < wanted:
            break
    return store.get_many(members)


def is_about(query: Query, text: FoldedText) -> bool:
    """Whether the article of ``text``, which ``query`` matches, is about it: a positive term of
    the query in its title or lead, or at least :data:`MIN_BODY_MENTIONS` mentions in its body."""
    terms = term_pattern(query)
    return terms.search(text.heading) is not None \
        or mentions(terms, text.body) >= MIN_BODY_MENTIONS


def mentions(terms: re.Pattern[str], loose: str) -> int:
    """How many times folded text ``loose`` names ``terms``, read left to right with the longest
    term first at each place, so "chuyển giao công nghệ" is one mention, not two with the
    "công nghệ" inside it."""
    return sum(1 for _ in terms.finditer(loose))


@functools.lru_cache(maxsize=256)
def term_pattern(query: Query) -> re.Pattern[str]:
    """The query's positive terms as one pattern over folded text (loose tokens joined by single
    spaces): a C-speed scan of each body instead of a Python loop over its words."""
    phrases = sorted({" ".join(phrase.loose) for clause in query.clauses for phrase in clause},
                     key=lambda phrase: (-phrase.count(" "), phrase))
    return re.compile("(?<![^ ])(?:" + "|".join(map(re.escape, phrases)) + ")(?![^ ])")
