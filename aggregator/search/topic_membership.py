"""Which articles a topic feed holds: those its query finds *and* that are about the topic.

A keyword query over the whole text puts in every article that names one of its terms once:
a personnel story naming the "Sở Khoa học và Công nghệ", a traffic plan a department is
"nghiên cứu"-ing. So the index's matches are only candidates; an article is a member when
one of the query's positive terms is in its title or lead (what the article says it is
about), or when its body names the terms of each of the query's groups (its OR-clauses, which
are ANDed) at least :data:`MIN_BODY_MENTIONS` times: a body naming a farm once and a technology
once (a startup fair with a farm-software stall) names neither group twice, and a contest's
summary naming several technologies and one farmer's entry names the farm group once. A term of
:data:`DECISIVE_TERM_WORDS` words or more ("ứng dụng trên điện thoại", "thi khoa học kỹ thuật")
says what the article is about in one use, so it counts as that many mentions by itself. A query
of several groups also needs each group named outside a name. The words of a few names
(:data:`NOT_MENTIONS`: an office in a personnel story, the unions' name, a contest's name) are
no mention of a topic, unless one of its terms begins the name.

A term typed with diacritics is read in the article's exact form (NFC, canonical tones,
casefolded: :mod:`aggregator.search.folding`), so "sáng chế" is no mention in "chuyển sang chế
độ", nor "hộ trồng" in "hộ trong"; a term typed without them ("iot") still matches every
spelling. The index's matches, the candidates, are loose; this check decides on the exact form.
Excluded terms are read the same way, so they are left out of the candidate search (where
``-"lừa đảo"`` also dropped a rice dryer's "lúa đảo chiều") and checked here.

The check runs in Python on the text the index holds for the candidates (folded when the
article was stored, :meth:`aggregator.search.index.SearchIndex.folded`), so both stores give
the same members, and a publish folds nothing; only the members are loaded. Ad-hoc search
(``aggregator search``, ``/search``) does not go through it: a search lists every match.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from aggregator.schema import Article
from aggregator.search.folding import exact_tokens, loose_pattern, loosen
from aggregator.search.index import FoldedText, SearchFilters
from aggregator.search.query import Phrase, Query
from aggregator.search.topics import Topic

MIN_BODY_MENTIONS = 2
"""Mentions of a topic's terms in the body that make an article about the topic when its title
and lead name none: one is a passing mention; three lost recall on the tuning sets and took
out no further wrong article (README, "Which articles a topic feed holds")."""

DECISIVE_TERM_WORDS = 5
"""A term of this many words (syllables) or more counts :data:`MIN_BODY_MENTIONS` times by
itself: so specific that one use is no passing mention. Five, not four: on the tuning sets of
round 25 (sets 1-24), four let in more than 40 more wrong articles, five 3 for 18 recovered;
six changed nothing."""

NOT_MENTIONS = (
    "Sở Khoa học và Công nghệ",  # the department: in personnel news, as an organiser
    "Liên hiệp các Hội Khoa học và Kỹ thuật",  # its "kỹ thuật" is no farming technique
    "Tổ công nghệ số",  # the community digital-skills teams ("... cộng đồng"), no technology
    "Hội thi Sáng tạo kỹ thuật",  # a contest, not a technique used on a farm
    "công nghiệp chế biến, chế tạo",  # the manufacturing sector of economic reports
    "khí nhà kính",  # greenhouse gas, not a greenhouse
    "trang trại điện mặt trời",  # a solar power plant, not a farm using solar power
    "Đại học Công nghệ",  # a university's name, in a union's cooperation agreement
    "Hội Khoa học Kỹ thuật",  # a member association's name ("... Lâm nghiệp"), no technique
    "Đại học Kỹ thuật",  # a university's name, not a farming technique
    # a firm's name: a fire or a groundbreaking at "Công ty TNHH Công nghệ Giày ..." is no technology
    "Công ty TNHH Công nghệ",
    "Công ty CP Công nghệ",
    "Công ty Cổ phần Công nghệ",
    "Công ty Công nghệ",
)
"""Names whose words are no mention of a topic: read as one unit where they stand (left to
right, the longest phrase first, like the terms), they count for no topic, so "Sở Khoa học và
Công nghệ" in "bổ nhiệm Giám đốc Sở Khoa học và Công nghệ" or in "Sở Khoa học và Công nghệ tổ
chức ngày hội khởi nghiệp" is no mention of "công nghệ". A name
does count for a topic one of whose terms begins it: "Liên hiệp các Hội ..." is then a mention
of that term, as for ``lien-hiep-hoi`` (README, "Which articles a topic feed holds")."""

_NAMES = tuple(" ".join(exact_tokens(name)) for name in NOT_MENTIONS)

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
    candidates_query = Query(topic.query.clauses)  # exclusions are read exactly, by is_about
    members: list[str] = []
    checked: set[str] = set()  # a later round's candidates begin with the earlier round's
    for factor in CANDIDATE_ROUNDS:
        wanted = limit * factor
        candidates = store.search_ids(candidates_query, filters, limit=wanted)
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
    the query in its title or lead, or at least :data:`MIN_BODY_MENTIONS` mentions in its body
    of each group's terms (a term of :data:`DECISIVE_TERM_WORDS` words counting as many); and,
    for a query of several groups, each group named outside the names of :data:`NOT_MENTIONS`
    (see the module docstring). An article that names one of the query's excluded terms, read
    as the positive terms are, is not about it."""
    if any(_within(phrase, text.heading) or _within(phrase, text.body)
           for phrase in query.excluded):
        return False
    terms = term_pattern(query)
    heading, body = _found(terms, text.heading), _found(terms, text.body)
    named = [group for phrase in heading + body for group in terms.groups_of[phrase]]
    if len(set(named)) < terms.group_count:
        return False  # a group named only inside a name (the index matched its words)
    if heading:
        return True
    per_group: Counter[int] = Counter()
    for phrase in body:
        weight = MIN_BODY_MENTIONS if len(phrase.exact) >= DECISIVE_TERM_WORDS else 1
        for group in terms.groups_of[phrase]:
            per_group[group] += weight
    return min(per_group[group] for group in range(terms.group_count)) >= MIN_BODY_MENTIONS


def _found(terms: TermPattern, exact: str) -> list[Phrase]:
    """The mentions of ``terms`` in ``exact``, read as :func:`mentions` reads them."""
    found = []
    for text in terms.pattern.findall(exact):
        phrase = terms.spelt[text] if text in terms.spelt else terms.unspelt[loosen(text)]
        if phrase is not None:
            found.append(phrase)
    return found


@dataclass(frozen=True, slots=True)
class TermPattern:
    """A query's positive terms and the :data:`NOT_MENTIONS` names read with them."""

    pattern: re.Pattern[str]
    spelt: Mapping[str, Phrase | None]
    """The terms typed with diacritics, and the names (None: no mention), by their exact text."""
    unspelt: Mapping[str, Phrase]
    """The terms typed without diacritics, by their loose text (what the pattern found of them
    is read through :func:`loosen`)."""
    groups_of: Mapping[Phrase, frozenset[int]]
    """For each term, the query's groups (its ANDed OR-clauses, by position) it names: those
    with a term that is it or lies within it ("nông nghiệp công nghệ cao" names the group of
    "công nghệ" too)."""
    group_count: int


def mentions(terms: TermPattern, exact: str) -> int:
    """How many times exact-form text ``exact`` names ``terms``, read left to right with the
    longest phrase first at each place, so "chuyển giao công nghệ" is one mention, not two with
    the "công nghệ" inside it, and a name of :data:`NOT_MENTIONS` none."""
    return len(_found(terms, exact))


def _within(inner: Phrase, outer: str) -> bool:
    """Whether the term ``inner`` is read in exact-form text ``outer`` (as a whole word run)."""
    if inner.has_diacritics:
        return f" {' '.join(inner.exact)} " in f" {outer} "
    return f" {' '.join(inner.loose)} " in f" {loosen(outer)} "


def _begins(phrase: Phrase, name: str) -> bool:
    """Whether the term ``phrase`` is read at the start of exact-form text ``name``."""
    return _within(phrase, " ".join(name.split(" ")[:len(phrase.exact)]))


@functools.lru_cache(maxsize=256)
def term_pattern(query: Query) -> TermPattern:
    """The query's positive terms, with the names of :data:`NOT_MENTIONS` that none of them
    begins, as one pattern over exact-form text (tokens joined by single spaces): a term typed
    with diacritics as spelt, one typed without them in any spelling (:func:`loose_pattern`);
    a C-speed scan of each body instead of a Python loop over its words."""
    groups = [set(clause) for clause in query.clauses]
    phrases: set[Phrase] = set().union(*groups)
    names = [name for name in _NAMES if not any(_begins(phrase, name) for phrase in phrases)]
    spelt: dict[str, Phrase | None] = {" ".join(phrase.exact): phrase
                                       for phrase in phrases if phrase.has_diacritics}
    spelt.update((name, None) for name in names)
    unspelt = {" ".join(phrase.loose): phrase for phrase in phrases if not phrase.has_diacritics}
    ordered = sorted([*spelt, *unspelt], key=lambda text: (-text.count(" "), text))
    groups_of = {phrase: frozenset(number for number, group in enumerate(groups)
                                   if any(_within(term, " ".join(phrase.exact)) for term in group))
                 for phrase in phrases}
    # No capturing groups: they would cost the scan its literal-prefix shortcut (about 6x).
    return TermPattern(
        re.compile("(?<![^ ])(?:" + "|".join(re.escape(text) if text in spelt
                                             else loose_pattern(text) for text in ordered)
                   + ")(?![^ ])"), spelt, unspelt, groups_of, len(groups))
