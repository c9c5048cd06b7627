"""Everything the field sources of one page share, computed once: the parsed page, the site
entry, the CMS family (declared by the entry or recognised from the page), structured data,
discovery hints, and the headline element the other fields are positioned against."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

from lxml.etree import _Element

from aggregator.parsing.families import GENERIC, FamilyRules, detect_family, family_rules
from aggregator.parsing.page import Page
from aggregator.registry import SiteEntry
from aggregator.text import match_key


@dataclass(frozen=True, slots=True)
class FetchHints:
    """What discovery already knew about the page (from a feed item or sitemap entry)."""

    published: datetime | None = None
    title: str | None = None
    fetched_at: datetime | None = None


@dataclass
class PageContext:
    """One page under extraction. ``family_how`` is "declared" (the site entry names it),
    "detected" (recognised by its markup signature) or "" (generic rules only)."""

    page: Page
    site: SiteEntry | None
    hints: FetchHints
    reference: datetime
    ld: dict[str, Any] | None = field(init=False)
    family_name: str | None = field(init=False)
    family_how: str = field(init=False)
    title_references: list[str] | None = field(init=False, default=None)
    """og:title and the JSON-LD headline as match keys, once the title sources ask."""
    headline: _Element | None = field(init=False, default=None)
    """The headline element once the title is chosen: the other fields are placed by it."""
    lead_element: _Element | None = field(init=False, default=None)
    """The printed lead, once chosen: the header block, not body prose."""
    body: _Element | None = field(init=False, default=None)
    """The cleaned body (ours or trafilatura's) once chosen: the byline is read from it."""
    date_line: _Element | None = field(init=False, default=None)
    """The printed date line the publication date was read from, if any: a byline may share
    it."""

    def __post_init__(self) -> None:
        self.ld = self.page.news_article_ld()
        declared = self.site.family if self.site else None
        if declared and family_rules(declared) is not None:
            self.family_name, self.family_how = declared, "declared"
        else:
            self.family_name = detect_family(self.page.url,
                                             lambda css: self.page.select_one(css) is not None)
            self.family_how = "detected" if self.family_name else ""

    @property
    def family(self) -> FamilyRules | None:
        return family_rules(self.family_name)

    @property
    def url(self) -> str:
        return self.page.url

    def site_selector(self, name: str) -> str | None:
        """The entry's own CSS override for field ``name``."""
        return getattr(self.site.selectors, name) if self.site else None

    def family_selectors(self, name: str) -> tuple[str, ...]:
        family = self.family
        return getattr(family, name) if family else ()

    @staticmethod
    def generic_selectors(name: str) -> tuple[str, ...]:
        return tuple(getattr(GENERIC, name))

    def structured(self, key: str) -> Any:
        """A JSON-LD article property (None without JSON-LD)."""
        return self.ld.get(key) if self.ld else None

    @cached_property
    def publisher_keys(self) -> frozenset[str]:
        """Match keys of the publication's own names (the site entry's name, og:site_name): an
        author or a description holding only one of them names the paper, not the article."""
        names = (self.site.name if self.site else None, self.page.meta("og:site_name"))
        return frozenset(key for name in names if name and (key := match_key(name)))

    @cached_property
    def order(self) -> dict[_Element, int]:
        """Document position of every element: "above/below the headline" and distances."""
        return {element: index for index, element in enumerate(self.page.tree.iter())}
