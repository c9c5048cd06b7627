"""Which articles a topic feed holds: those its query finds *and* that are about the topic.

A keyword query over the whole text puts in every article that names one of its terms once:
a personnel story naming the "Sở Khoa học và Công nghệ", a traffic plan a department is
"nghiên cứu"-ing. So the index's matches are only candidates; an article is a member when
one of the query's positive terms is in its title or lead (what the article says it is
about), or when its body names them at least :data:`MIN_BODY_MENTIONS` times.

The check runs in Python on the candidates the index returns, with the index's own folding
(:mod:`aggregator.search.folding`), so both stores give the same members. Ad-hoc search
(``aggregator search``, ``/search``) does not go through it: a search lists every match.
"""

from __future__ import annotations

import functools
import re
from typing import Protocol, runtime_checkable

from aggregator.schema import Article
from aggregator.search.folding import loose_text
from aggregator.search.index import SearchFilters
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

FOLDED_CACHE = 2048
"""Folded texts kept between checks: topics share candidates, and the next publish sees mostly
the same articles; folding a body is the check's main cost (0.3-0.5 ms for 850 characters)."""


@runtime_checkable
class ArticleSearch(Protocol):
    """Full-text search as the store offers it (``aggregator.store.ArticleStore.search``)."""

    def search(self, query: Query, filters: SearchFilters | None = None, *,
               limit: int = 100) -> list[Article]:
        """Articles matching ``query`` within ``filters``, newest first, at most ``limit``."""
        ...


def topic_articles(store: ArticleSearch, topic: Topic, limit: int) -> list[Article]:
    """The topic's newest ``limit`` members (see the module docstring), newest first: what its
    feed publishes and what ``bench/topic_quality.py`` scores."""
    filters = SearchFilters(provinces=topic.provinces, kinds=topic.kinds, exact_first=False)
    members: list[Article] = []
    checked: set[str] = set()  # a later round's candidates begin with the earlier round's
    for factor in CANDIDATE_ROUNDS:
        wanted = limit * factor
        candidates = store.search(topic.query, filters, limit=wanted)
        for article in candidates:
            if len(members) == limit:
                return members
            if article.id not in checked:
                checked.add(article.id)
                if is_about(topic.query, article):
                    members.append(article)
        if len(candidates) < wanted:
            break
    return members


def is_about(query: Query, article: Article) -> bool:
    """Whether ``article``, which ``query`` matches, is about it: a positive term of the query
    in its title or lead, or at least :data:`MIN_BODY_MENTIONS` mentions in its body."""
    terms = term_pattern(query)
    if terms.search(_loose(f"{article.title}\n{article.lead}")):
        return True
    return mentions(terms, _loose(article.body_text)) >= MIN_BODY_MENTIONS


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


@functools.lru_cache(maxsize=FOLDED_CACHE)
def _loose(text: str) -> str:
    return loose_text(text)
