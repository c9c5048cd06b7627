"""Each field module's docstring lists its sources in the order the code tries them.

The order is data (``*_SOURCES``), so the documentation can be held to it: the docstring
numbers its sources 1..N, and N must be the length of the list, so adding or dropping a source
without updating the docstring fails here.
"""

from __future__ import annotations

import re
from types import ModuleType

import pytest

from aggregator.parsing import author_sources, body_choice, lead, published, title
from aggregator.parsing.provenance import FieldSource, source_names

FIELDS: list[tuple[ModuleType, tuple[FieldSource, ...]]] = [
    (title, title.TITLE_SOURCES),
    (lead, lead.LEAD_SOURCES),
    (body_choice, body_choice.BODY_SOURCES),
    (published, published.PUBLISHED_SOURCES),
    (author_sources, author_sources.AUTHOR_SOURCES),
]


@pytest.mark.parametrize(("module", "sources"), FIELDS, ids=[m.__name__ for m, _ in FIELDS])
def test_docstring_numbers_every_source(module: ModuleType, sources: tuple[FieldSource, ...]
                                        ) -> None:
    numbers = [int(n) for n in re.findall(r"(?:^|\s)(\d{1,2})\.\s", module.__doc__ or "")]
    assert numbers == list(range(1, len(sources) + 1)), (
        f"{module.__name__}: the docstring numbers {numbers}, the code has "
        f"{len(sources)} sources: {source_names(sources)}")


@pytest.mark.parametrize(("module", "sources"), FIELDS, ids=[m.__name__ for m, _ in FIELDS])
def test_source_names_are_unique(module: ModuleType, sources: tuple[FieldSource, ...]) -> None:
    names = source_names(sources)
    assert len(set(names)) == len(names), f"{module.__name__}: {names}"
