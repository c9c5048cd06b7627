"""Site entries: the declarative description of one site, built-in or from the user's config.

A site entry alone is enough to crawl a site of the usual shapes; the same validation applies
to built-in entries (``data/sites.toml``) and to ``[[sites]]`` in a user's config file, so a
mistake in either is reported the same way.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from cssselect import SelectorError
from lxml.cssselect import CSSSelector

from aggregator.errors import ConfigError
from aggregator.intervals import parse_interval
from aggregator.provinces import FORMER_UNITS, PROVINCES
from aggregator.schema import SITE_KINDS, SiteKind
from aggregator.text import match_key

SITE_ID_PATTERN = re.compile(r"^[a-z0-9-]+$")

SELECTOR_KEYS = ("title", "lead", "body", "date", "author", "remove")


@dataclass(frozen=True, slots=True)
class Selectors:
    """CSS selector overrides for one site; each one beats every generic or family rule."""

    title: str | None = None
    lead: str | None = None
    body: str | None = None
    date: str | None = None
    author: str | None = None
    remove: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SiteEntry:
    """One crawlable site."""

    id: str
    name: str
    kind: SiteKind
    url: str
    province: str | None = None
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    listings: tuple[str, ...] = ()
    article_url: str | None = None
    every_seconds: int | None = None
    min_every_seconds: int | None = None
    """Lower bound of this site's adaptive polling interval (default ``schedule.min_every``)."""
    max_every_seconds: int | None = None
    """Upper bound of this site's adaptive polling interval (default ``schedule.max_every``)."""
    selectors: Selectors = field(default_factory=Selectors)
    family: str | None = None
    """CMS family parser to use (see ``aggregator.parsing.families``); None = generic only."""
    verified: bool = False
    """True once someone confirmed this entry against the live site."""
    source: str = "builtin"
    """Where the entry came from: ``builtin`` or the config file path."""

    @property
    def discovery_methods(self) -> tuple[str, ...]:
        """How the spider finds article URLs, in the order it tries them."""
        methods = []
        if self.feeds:
            methods.append("feeds")
        if self.sitemaps:
            methods.append("sitemaps")
        if self.listings:
            methods.append("listings")
        return tuple(methods) or ("auto",)

    @property
    def article_url_regex(self) -> re.Pattern[str] | None:
        return re.compile(self.article_url) if self.article_url else None


SITE_KEYS = (
    "id", "name", "kind", "province", "url", "feeds", "sitemaps", "listings",
    "article_url", "every", "selectors", "family", "verified", "min_every", "max_every",
)


def did_you_mean(key: str, options: Iterable[str]) -> str:
    """A ``(did you mean 'x'?)`` hint for a misspelt key, or an empty string."""
    close = difflib.get_close_matches(key, list(options), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", match_key(name, keep_diacritics=False)).strip("-")


def _province_hint(slug: str) -> str:
    """Point a pre-2025 unit's slug at the unit it merged into; else a spelling hint.

    Spelling similarity alone would suggest 'ha-tinh' for 'thua-thien-hue'.
    """
    for name, current in FORMER_UNITS.items():
        if _slug(name) == slug and current != slug:
            return f" ({name} is part of {current!r} since 2025)"
    return did_you_mean(slug, PROVINCES)


def _expect_str(raw: Mapping[str, Any], key: str, where: str, source: str) -> str | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"must be a non-empty string, got {value!r}", source=source,
                          key=f"{where}.{key}")
    return value.strip()


def _expect_urls(raw: Mapping[str, Any], key: str, where: str, source: str) -> tuple[str, ...]:
    value = raw.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"must be a list of URLs, got {value!r}", source=source,
                          key=f"{where}.{key}")
    for url in value:
        _check_url(url, f"{where}.{key}", source)
    return tuple(value)


def _check_url(url: str, key: str, source: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"not an absolute http(s) URL: {url!r}", source=source, key=key)


def parse_selectors(raw: Any, where: str, source: str) -> Selectors:
    if raw is None:
        return Selectors()
    if not isinstance(raw, Mapping):
        raise ConfigError(f"must be a table, got {raw!r}", source=source, key=where)
    for key in raw:
        if key not in SELECTOR_KEYS:
            raise ConfigError(f"unknown selector key{did_you_mean(key, SELECTOR_KEYS)}",
                              source=source, key=f"{where}.{key}")
    values: dict[str, Any] = {}
    for key in SELECTOR_KEYS[:-1]:
        values[key] = _expect_str(raw, key, where, source)
        if values[key] is not None:
            _check_selector(values[key], f"{where}.{key}", source)
    remove = raw.get("remove", [])
    if isinstance(remove, str):
        remove = [remove]
    if not isinstance(remove, list) or not all(isinstance(v, str) for v in remove):
        raise ConfigError(f"must be a list of CSS selectors, got {remove!r}", source=source,
                          key=f"{where}.remove")
    for selector in remove:
        _check_selector(selector, f"{where}.remove", source)
    return Selectors(remove=tuple(remove), **values)


def _check_selector(selector: str, key: str, source: str) -> None:
    """Compile ``selector`` now: the parsers treat a bad selector as matching nothing, which
    would silently turn a typo into an empty body on every page of the site."""
    try:
        CSSSelector(selector)
    except SelectorError as exc:
        raise ConfigError(f"invalid CSS selector {selector!r}: {exc}", source=source,
                          key=key) from None


def _interval(raw: Mapping[str, Any], key: str, label: str, source: str) -> int | None:
    """An optional duration key of a site entry (``every``, ``min_every``, ``max_every``)."""
    value = raw.get(key)
    if value is None:
        return None
    try:
        return parse_interval(value)
    except ValueError as exc:
        raise ConfigError(str(exc), source=source, key=f"{label}.{key}") from None


def _family(raw: Mapping[str, Any], label: str, source: str) -> str | None:
    """The entry's CMS family, which must be a known one: a misspelt name would otherwise be
    parsed with generic rules and fail silently."""
    # Imported here: aggregator.parsing's package imports this module (SiteEntry).
    from aggregator.parsing.families import FAMILIES

    family = _expect_str(raw, "family", label, source)
    if family is not None and family not in FAMILIES:
        raise ConfigError(f"unknown family {family!r}{did_you_mean(family, FAMILIES)}; known: "
                          f"{', '.join(sorted(FAMILIES))}", source=source, key=f"{label}.family")
    return family


def parse_site_entry(raw: Any, *, source: str, index: int) -> SiteEntry:
    """Validate one ``[[sites]]`` table and build a :class:`SiteEntry`."""
    if not isinstance(raw, Mapping):
        raise ConfigError(f"must be a table, got {raw!r}", source=source, key=f"sites[{index}]")
    label = f"sites[{index}]"
    site_id = raw.get("id")
    if isinstance(site_id, str) and SITE_ID_PATTERN.match(site_id):
        label = f"sites[{index}] (id={site_id!r})"
    for key in raw:
        if key not in SITE_KEYS:
            raise ConfigError(f"unknown key{did_you_mean(key, SITE_KEYS)}", source=source,
                              key=f"{label}.{key}")
    if not isinstance(site_id, str) or not SITE_ID_PATTERN.match(site_id):
        raise ConfigError(f"must match [a-z0-9-]+, got {site_id!r}", source=source,
                          key=f"{label}.id")
    name = _expect_str(raw, "name", label, source) or site_id
    kind = raw.get("kind", "newspaper")
    if kind not in SITE_KINDS:
        raise ConfigError(f"must be one of {', '.join(SITE_KINDS)}, got {kind!r}",
                          source=source, key=f"{label}.kind")
    url = _expect_str(raw, "url", label, source)
    if url is None:
        raise ConfigError("is required (the site's home page)", source=source, key=f"{label}.url")
    _check_url(url, f"{label}.url", source)
    province = _expect_str(raw, "province", label, source)
    if province is not None and province not in PROVINCES:
        raise ConfigError(
            f"unknown province slug {province!r}{_province_hint(province)}; "
            "use one of the 34 current units (aggregator sites lists them)",
            source=source, key=f"{label}.province")
    article_url = _expect_str(raw, "article_url", label, source)
    if article_url is not None:
        try:
            re.compile(article_url)
        except re.error as exc:
            raise ConfigError(f"invalid regex {article_url!r}: {exc}", source=source,
                              key=f"{label}.article_url") from None
    every_seconds, min_every, max_every = (_interval(raw, key, label, source)
                                           for key in ("every", "min_every", "max_every"))
    if min_every is not None and max_every is not None and min_every > max_every:
        raise ConfigError(f"must not be below min_every ({raw['min_every']!r}), got "
                          f"{raw['max_every']!r}", source=source, key=f"{label}.max_every")
    verified = raw.get("verified", False)
    if not isinstance(verified, bool):
        raise ConfigError(f"must be true or false, got {verified!r}", source=source,
                          key=f"{label}.verified")
    return SiteEntry(
        id=site_id,
        name=name,
        kind=kind,
        url=url,
        province=province,
        feeds=_expect_urls(raw, "feeds", label, source),
        sitemaps=_expect_urls(raw, "sitemaps", label, source),
        listings=_expect_urls(raw, "listings", label, source),
        article_url=article_url,
        every_seconds=every_seconds,
        min_every_seconds=min_every,
        max_every_seconds=max_every,
        selectors=parse_selectors(raw.get("selectors"), f"{label}.selectors", source),
        family=_family(raw, label, source),
        verified=verified,
        source=source,
    )


def parse_site_entries(raw_sites: Any, *, source: str) -> list[SiteEntry]:
    """Validate a list of site tables; duplicate ids are an error."""
    if not isinstance(raw_sites, list):
        raise ConfigError(f"must be an array of tables ([[sites]]), got {raw_sites!r}",
                          source=source, key="sites")
    entries = [parse_site_entry(raw, source=source, index=i) for i, raw in enumerate(raw_sites)]
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        if entry.id in seen:
            raise ConfigError(f"duplicate site id {entry.id!r}", source=source,
                              key=f"sites[{i}].id")
        seen.add(entry.id)
    return entries


def builtin_sites() -> list[SiteEntry]:
    """The registry shipped with the package (``aggregator/data/sites.toml``)."""
    text = resources.files("aggregator").joinpath("data/sites.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return parse_site_entries(data.get("sites", []), source="builtin")


def merge_sites(builtin: list[SiteEntry], configured: list[SiteEntry]) -> list[SiteEntry]:
    """Config entries replace built-in entries with the same id and add the rest."""
    by_id = {entry.id: entry for entry in builtin}
    for entry in configured:
        by_id[entry.id] = entry
    return list(by_id.values())
