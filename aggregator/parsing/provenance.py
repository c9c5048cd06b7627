"""Where each extracted value came from: sources as data, one small function per source.

Every field of an article is read by an ordered, named list of *sources* (``FieldSources``):
``(name, function)`` pairs, tried in the written order, each returning a :class:`Found` (the
value, the source's name and why it was accepted) or None. The order is data, so the
docstring of each field module can be checked against its list, ``aggregator extract
--explain`` prints the winning source of every field, and the crawl counts how often each
source (notably a fallback) won, per site.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from lxml.etree import _Element

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Found(Generic[T]):
    """A value with its provenance: ``source`` names the rule that produced it, ``evidence``
    says why that rule's answer was believed."""

    value: T
    source: str
    evidence: str = ""
    element: _Element | None = None


FieldSource = tuple[str, Callable[[Any], "Found[Any] | None"]]
"""A named source: the name is what ``--explain`` and the crawl statistics show."""


def first_found(sources: Sequence[FieldSource], context: Any) -> Found[Any] | None:
    """The answer of the first source (in the written order) that has one."""
    for _name, source in sources:
        found = source(context)
        if found is not None:
            return found
    return None


def source_names(sources: Sequence[FieldSource]) -> tuple[str, ...]:
    """The names of ``sources`` in order (for documentation checks and ``--explain``)."""
    return tuple(name for name, _source in sources)
