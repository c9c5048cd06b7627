"""Load and validate the TOML configuration described in CONTRACT.md.

Lookup order: ``--config PATH``, ``$AGGREGATOR_CONFIG``, ``./aggregator.toml``, built-in
defaults. Every key is optional; relative paths are relative to the config file's folder (or the
working directory when no file is used). Every mistake becomes one :class:`ConfigError` line.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

from aggregator.errors import ConfigError
from aggregator.intervals import parse_interval
from aggregator.registry import (
    SiteEntry,
    builtin_sites,
    did_you_mean,
    merge_sites,
    parse_site_entries,
)
from aggregator.search.topics import Topic, builtin_topics, merge_topics, parse_topic_entries

CONFIG_ENV = "AGGREGATOR_CONFIG"
DEFAULT_CONFIG_NAME = "aggregator.toml"
MAX_REDIRECTS_LIMIT = 20
"""Browsers stop at about 20 redirects; a chain longer than that is a loop."""
DEFAULT_MIN_EVERY = 5 * 60
"""A provincial server is asked at most every 5 minutes, however busy (a 304 costs it little)."""
DEFAULT_MAX_EVERY = 6 * 3600
"""A quiet or dead site is still looked at four times a day."""
DEFAULT_KEEP_DAYS = 365
DEFAULT_USER_AGENT = "vn-news-aggregator/0.1 (+https://github.com/vn-news-aggregator/vn-news-aggregator)"


@dataclass(frozen=True, slots=True)
class PublishSettings:
    dir: Path
    base_url: str = "http://127.0.0.1:8080/"
    max_entries: int = 100
    websub_hub: str | None = None
    """WebSub hub announced in every feed and pinged after a publish that changed feeds."""


@dataclass(frozen=True, slots=True)
class CrawlSettings:
    max_age_days: int = 30
    obey_robots: bool = True
    user_agent: str = DEFAULT_USER_AGENT
    download_timeout: int = 30
    """Seconds before one request is abandoned; a hung server must not stall the run."""
    max_pages_per_site: int = 500
    """Upper bound of requests per site per run, so one huge site cannot starve the others."""
    max_page_bytes: int = 10 * 1024 * 1024
    """Responses larger than this are dropped (a provincial article page is ~100 KB)."""
    concurrency_per_domain: int = 2
    download_delay: float = 0.5
    """Base delay between requests to one domain (AutoThrottle adapts from there)."""
    max_redirects: int = 5
    """Redirects followed per request; a redirect loop or chain ends here instead of eating
    the site's page budget."""


@dataclass(frozen=True, slots=True)
class Config:
    """The validated configuration; ``sites`` already merges built-in and configured entries."""

    source: str
    storage_url: str
    publish: PublishSettings
    crawl: CrawlSettings
    every_seconds: int
    sites: list[SiteEntry] = field(default_factory=list)
    builtin_sites: bool = True
    min_every_seconds: int = DEFAULT_MIN_EVERY
    """Global bounds of the adaptive polling interval (:mod:`aggregator.polling`)."""
    max_every_seconds: int = DEFAULT_MAX_EVERY
    keep_days: int = DEFAULT_KEEP_DAYS
    """Articles published longer ago are pruned from the store and the feeds."""
    topics: list[Topic] = field(default_factory=list)
    """Topic feeds: the built-in set (unless ``builtin_topics = false``) merged with
    ``[[topics]]`` (:mod:`aggregator.search.topics`)."""


_TOP_KEYS = ("builtin_sites", "storage", "publish", "crawl", "schedule", "sites",
             "builtin_topics", "topics")
_SECTION_KEYS: dict[str, tuple[str, ...]] = {
    "storage": ("url", "keep_days"),
    "publish": ("dir", "base_url", "max_entries", "websub_hub"),
    "crawl": ("max_age_days", "obey_robots", "user_agent", "download_timeout",
              "max_pages_per_site", "max_page_bytes", "concurrency_per_domain", "download_delay",
              "max_redirects"),
    "schedule": ("every", "min_every", "max_every"),
}


def find_config_path(explicit: str | None) -> Path | None:
    """Apply the lookup order; an explicitly named file that does not exist is an error."""
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"config file not found: {explicit}")
        return path
    env = os.environ.get(CONFIG_ENV)
    if env:
        path = Path(env)
        if not path.is_file():
            raise ConfigError(f"${CONFIG_ENV} names a missing file: {env}")
        return path
    local = Path(DEFAULT_CONFIG_NAME)
    return local if local.is_file() else None


def load_config(explicit: str | None = None) -> Config:
    """Find, read and validate the configuration."""
    path = find_config_path(explicit)
    if path is None:
        return build_config({}, source="<defaults>", base_dir=Path.cwd())
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"TOML syntax error: {exc}", source=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file: {exc}", source=str(path)) from None
    return build_config(data, source=str(path), base_dir=path.resolve().parent)


def _section(data: Mapping[str, Any], name: str, source: str) -> Mapping[str, Any]:
    section = data.get(name, {})
    if not isinstance(section, Mapping):
        raise ConfigError(f"must be a table, got {section!r}", source=source, key=name)
    allowed = _SECTION_KEYS[name]
    for key in section:
        if key not in allowed:
            raise ConfigError(f"unknown key{did_you_mean(key, allowed)}", source=source,
                              key=f"{name}.{key}")
    return section


def _typed(section: Mapping[str, Any], key: str, kind: type | tuple[type, ...], default: Any,
           source: str, where: str, *, minimum: float | None = None,
           maximum: float | None = None) -> Any:
    value: Any = section.get(key, default)
    is_bool = isinstance(value, bool)
    wants_bool = kind is bool
    if is_bool != wants_bool or not isinstance(value, kind):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise ConfigError(f"must be {names}, got {value!r}", source=source, key=f"{where}.{key}")
    if minimum is not None and cast("float", value) < minimum:
        raise ConfigError(f"must be at least {minimum}, got {value!r}", source=source,
                          key=f"{where}.{key}")
    if maximum is not None and cast("float", value) > maximum:
        raise ConfigError(f"must be at most {maximum}, got {value!r}", source=source,
                          key=f"{where}.{key}")
    return value


def _resolve_sqlite_url(url: str, base_dir: Path) -> str:
    """Make a relative SQLite path relative to the config folder, as the contract says."""
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url.startswith("sqlite:////") and url != "sqlite:///:memory:":
        relative = url[len(prefix):]
        return prefix + str((base_dir / relative).resolve())
    return url


def build_config(data: Mapping[str, Any], *, source: str, base_dir: Path) -> Config:
    """Validate parsed TOML ``data``; ``base_dir`` anchors relative paths."""
    for key in data:
        if key not in _TOP_KEYS:
            raise ConfigError(f"unknown key{did_you_mean(key, _TOP_KEYS)}", source=source, key=key)
    use_builtin = _typed(data, "builtin_sites", bool, True, source, "config")

    storage = _section(data, "storage", source)
    url = _typed(storage, "url", str, "sqlite:///var/aggregator.db", source, "storage")
    if "://" not in url:
        raise ConfigError(f"not an SQLAlchemy URL: {url!r}", source=source, key="storage.url")

    publish = _section(data, "publish", source)
    base_url = _typed(publish, "base_url", str, "http://127.0.0.1:8080/", source, "publish")
    if urlsplit(base_url).scheme not in ("http", "https") or not urlsplit(base_url).netloc:
        raise ConfigError(f"must be an absolute http(s) URL, got {base_url!r}", source=source,
                          key="publish.base_url")
    hub = publish.get("websub_hub")
    if hub is not None and (not isinstance(hub, str) or urlsplit(hub).scheme not in ("http", "https")
                            or not urlsplit(hub).netloc):
        raise ConfigError(f"must be an absolute http(s) URL, got {hub!r}", source=source,
                          key="publish.websub_hub")
    publish_settings = PublishSettings(
        dir=(base_dir / _typed(publish, "dir", str, "public", source, "publish")).resolve(),
        base_url=base_url if base_url.endswith("/") else base_url + "/",
        max_entries=_typed(publish, "max_entries", int, 100, source, "publish", minimum=1),
        websub_hub=hub,
    )

    crawl = _section(data, "crawl", source)
    defaults = CrawlSettings()
    crawl_settings = CrawlSettings(
        max_age_days=_typed(crawl, "max_age_days", int, defaults.max_age_days, source, "crawl",
                            minimum=1),
        obey_robots=_typed(crawl, "obey_robots", bool, defaults.obey_robots, source, "crawl"),
        user_agent=_typed(crawl, "user_agent", str, defaults.user_agent, source, "crawl"),
        download_timeout=_typed(crawl, "download_timeout", int, defaults.download_timeout,
                                source, "crawl", minimum=1),
        max_pages_per_site=_typed(crawl, "max_pages_per_site", int, defaults.max_pages_per_site,
                                  source, "crawl", minimum=1),
        max_page_bytes=_typed(crawl, "max_page_bytes", int, defaults.max_page_bytes, source,
                              "crawl", minimum=1024),
        concurrency_per_domain=_typed(crawl, "concurrency_per_domain", int,
                                      defaults.concurrency_per_domain, source, "crawl", minimum=1),
        download_delay=float(_typed(crawl, "download_delay", (int, float),
                                    defaults.download_delay, source, "crawl", minimum=0)),
        max_redirects=_typed(crawl, "max_redirects", int, defaults.max_redirects, source,
                             "crawl", minimum=0, maximum=MAX_REDIRECTS_LIMIT),
    )

    schedule = _section(data, "schedule", source)
    try:
        every_seconds = parse_interval(schedule.get("every", "30m"))
    except ValueError as exc:
        raise ConfigError(str(exc), source=source, key="schedule.every") from None

    min_every, max_every = _polling_bounds(schedule, every_seconds, source)
    keep_days = _typed(storage, "keep_days", int, DEFAULT_KEEP_DAYS, source, "storage", minimum=1)

    configured = parse_site_entries(data.get("sites", []), source=source)
    sites = merge_sites(builtin_sites() if use_builtin else [], configured)
    use_builtin_topics = _typed(data, "builtin_topics", bool, True, source, "config")
    topics = merge_topics(builtin_topics() if use_builtin_topics else [],
                          parse_topic_entries(data.get("topics", []), source=source))
    return Config(
        source=source,
        storage_url=_resolve_sqlite_url(url, base_dir),
        publish=publish_settings,
        crawl=crawl_settings,
        every_seconds=every_seconds,
        sites=sites,
        builtin_sites=use_builtin,
        min_every_seconds=min_every,
        max_every_seconds=max_every,
        keep_days=keep_days,
        topics=topics,
    )


def _polling_bounds(schedule: Mapping[str, Any], every: int, source: str) -> tuple[int, int]:
    """``schedule.min_every``/``max_every``; the defaults widen to include ``every``, so
    setting only ``every`` keeps working as before."""
    bounds = []
    for key, default in (("min_every", min(DEFAULT_MIN_EVERY, every)),
                         ("max_every", max(DEFAULT_MAX_EVERY, every))):
        try:
            bounds.append(parse_interval(schedule[key]) if key in schedule else default)
        except ValueError as exc:
            raise ConfigError(str(exc), source=source, key=f"schedule.{key}") from None
    if bounds[0] > bounds[1]:
        raise ConfigError(f"must not be below min_every ({bounds[0] // 60}m), got "
                          f"{schedule.get('max_every')!r}", source=source, key="schedule.max_every")
    return bounds[0], bounds[1]
