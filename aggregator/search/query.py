"""The query language of ``aggregator search``, topic queries and ``/search`` (see CONTRACT.md).

Words are ANDed; ``"a phrase"`` matches consecutive words; ``OR`` (upper case) between two
terms matches either (it binds tighter than the implicit AND: ``a b OR c`` is a AND (b OR c));
``-word`` or ``-"a phrase"`` excludes. A word that folds into several tokens ("COVID-19") is
a phrase. Matching is diacritic-insensitive; the exact (diacritic) form of each phrase is kept
so results can rank exact spellings first, and so that topic membership can read a phrase typed
with diacritics exactly (:mod:`aggregator.search.topic_membership`).
"""

from __future__ import annotations

from dataclasses import dataclass

from aggregator.errors import AggregatorError
from aggregator.search.folding import exact_tokens, has_diacritics, loosen

MAX_TERMS = 96
"""More terms than any person types; a bound on the work one ``/search`` request can cause.
The built-in topics use up to 68 (a term per way journalists name the subject; at 32 they had
to leave out terms the tuning sets needed, at 64 those of the seventh round); selecting the
five topics' members among 100,000 generated articles took 0.38 s with 64, 0.26 s with the
32-term queries (README, "Topic feeds")."""


class QuerySyntaxError(AggregatorError):
    """A query that cannot be parsed; the message says what to change."""


@dataclass(frozen=True, slots=True)
class Phrase:
    """Consecutive words, in exact form (canonical tones, casefolded)."""

    exact: tuple[str, ...]

    @property
    def loose(self) -> tuple[str, ...]:
        return tuple(loosen(token) for token in self.exact)

    @property
    def has_diacritics(self) -> bool:
        """Whether it was typed with diacritics: topic membership then reads it exactly."""
        return any(has_diacritics(token) for token in self.exact)


@dataclass(frozen=True, slots=True)
class Query:
    """``clauses`` all must match (each clause: any of its phrases); no ``excluded`` phrase may."""

    clauses: tuple[tuple[Phrase, ...], ...]
    excluded: tuple[Phrase, ...] = ()

    @property
    def has_diacritics(self) -> bool:
        """Whether exact-form matches rank first (the query was typed with diacritics)."""
        return any(phrase.has_diacritics for clause in self.clauses for phrase in clause)


@dataclass(frozen=True, slots=True)
class _Term:
    text: str
    quoted: bool
    negative: bool


def _lex(text: str) -> list[_Term | None]:
    """Terms, with None standing for the ``OR`` operator."""
    items: list[_Term | None] = []
    position, length = 0, len(text)
    while position < length:
        if text[position].isspace():
            position += 1
            continue
        negative = text[position] == "-" and position + 1 < length \
            and not text[position + 1].isspace()
        if negative:
            position += 1
        if text[position] == '"':
            end = text.find('"', position + 1)
            if end < 0:
                raise QuerySyntaxError(f"unclosed quote in {text!r}: add the closing \"")
            items.append(_Term(text[position + 1:end], True, negative))
            position = end + 1
            continue
        end = position
        while end < length and not text[end].isspace() and text[end] != '"':
            end += 1
        word = text[position:end]
        position = end
        items.append(None if word == "OR" and not negative else _Term(word, False, negative))
    return items


def parse_query(text: str) -> Query:
    """Parse ``text``; :class:`QuerySyntaxError` when it is empty, has a dangling ``OR``, an
    unclosed quote, ``OR`` next to an excluded term, or only excluded terms."""
    items = _lex(text)
    clauses: list[list[Phrase]] = []
    excluded: list[Phrase] = []
    pending_or = False
    previous_positive = False
    terms = 0
    for item in items:
        if item is None:
            if not previous_positive or pending_or:
                raise QuerySyntaxError(f"OR must stand between two words or phrases in {text!r}")
            pending_or = True
            continue
        tokens = tuple(exact_tokens(item.text))
        if not tokens:
            if pending_or:
                raise QuerySyntaxError(f"OR must stand between two words or phrases in {text!r}")
            continue  # punctuation alone ("&", "–") has no words to match
        terms += 1
        if terms > MAX_TERMS:
            raise QuerySyntaxError(f"too many terms in the query (at most {MAX_TERMS})")
        phrase = Phrase(tokens)
        if item.negative:
            if pending_or:
                raise QuerySyntaxError(f"OR cannot join an excluded term in {text!r}")
            excluded.append(phrase)
            previous_positive = False
        elif pending_or:
            clauses[-1].append(phrase)
            pending_or = False
            previous_positive = True
        else:
            clauses.append([phrase])
            previous_positive = True
    if pending_or:
        raise QuerySyntaxError(f"OR must stand between two words or phrases in {text!r}")
    if not clauses:
        raise QuerySyntaxError(f"no word to search for in {text!r}" if text.strip()
                               else "empty query: give at least one word")
    return Query(tuple(tuple(clause) for clause in clauses), tuple(excluded))
