"""Which feeds exist: the merged feed, one per site kind, per current unit and per site.

The catalog is the single list the feed files, the OPML outline and the index page are all
produced from, so none of them can list a feed the others lack.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from aggregator.provinces import PROVINCES
from aggregator.registry import SiteEntry
from aggregator.schema import SITE_KINDS, Article
from aggregator.search.topic_membership import topic_articles
from aggregator.search.topics import Topic
from feeds.items import ENTRY_ID_PREFIX
from feeds.labels import PROJECT_TITLE, kind_label, province_label
from feeds.model import PAGE_FORMAT, FeedMeta, feed_url
from feeds.source import ArticleQuery, TopicSearch
from feeds.xmlsafe import plain_text, xml_safe

FeedGroup = Literal["all", "kind", "province", "source", "topic"]

CANDIDATES_PER_ENTRY = 2
"""Candidates a merged feed reads per entry it publishes (see :meth:`FeedSpec.fetch`)."""

FEED_ID_PREFIX = f"{ENTRY_ID_PREFIX}feed:"
"""Feed ids share the entries' tag URI authority; ``:`` cannot occur in a site id, so a feed id
can never equal an entry id (``<site_id>/<key>``)."""


@dataclass(frozen=True, slots=True)
class FeedSpec:
    """One published feed (in every format): what it selects and how it is named."""

    group: FeedGroup
    key: str
    """``all``, a site kind, a province slug or a site id."""
    name: str
    """Vietnamese display name ("Lạng Sơn", "Báo Lạng Sơn", "Báo địa phương")."""
    site: SiteEntry | None = None
    """The site of a ``source`` feed."""
    topic: Topic | None = None
    """The saved search of a ``topic`` feed."""

    @property
    def path(self) -> str:
        """Path under the output folder, without extension (``province/lang-son``)."""
        return "all" if self.group == "all" else f"{self.group}/{self.key}"

    @property
    def heading(self) -> str:
        """The title without the project's name ("Tin Lạng Sơn", "Báo Huế")."""
        return f"Tin {self.name}" if self.group == "province" else self.name

    @property
    def title(self) -> str:
        return f"{self.heading} — {PROJECT_TITLE}"

    @property
    def description(self) -> str:
        if self.group == "all":
            return "Tin mới nhất từ mọi báo địa phương và liên hiệp hội được theo dõi."
        if self.group == "province":
            return f"Tin mới nhất về {self.name} từ các báo và liên hiệp hội."
        if self.topic is not None:
            return f"Tin mới nhất về chủ đề {self.name}: {self.topic.query_text}"
        if self.group == "source" and self.site is not None:
            return f"Tin mới nhất từ {self.name} ({self.site.url})."
        return f"Tin mới nhất từ {self.name.lower()}."

    @property
    def merges_copies(self) -> bool:
        """Merged feeds show a syndicated story once; a site's own feed keeps its copy."""
        return self.group != "source"

    @property
    def entry_scope(self) -> str:
        """Fragment of this feed's entry ids (see ``items.entry_id``): none in a site's own
        feed, the feed's path elsewhere."""
        return "" if self.group == "source" else self.path

    def fetch(self, query: ArticleQuery, max_entries: int) -> list[Article]:
        """The candidates for this feed's ``max_entries`` entries, newest first.

        A merged feed fetches twice as many: folding syndicated copies into one entry must
        not leave it short, and the cost still follows the feed's size, not the store's.
        """
        limit = max_entries * CANDIDATES_PER_ENTRY if self.merges_copies else max_entries
        if self.group == "province":
            return query.latest(limit=limit, province=self.key)
        if self.group == "source":
            return query.latest(limit=limit, site_ids=[self.key])
        if self.group == "kind":
            return query.latest(limit=limit, kind=self.key)
        if self.topic is not None:
            if not isinstance(query, TopicSearch):
                return []
            return topic_articles(query, self.topic, limit)
        return query.latest(limit=limit)

    def home_url(self, base_url: str) -> str:
        """The site's home page for a source feed; the feed's own page for the others."""
        if self.site is not None:
            return xml_safe(self.site.url)
        return feed_url(base_url, self.path, PAGE_FORMAT)

    def meta(self, *, base_url: str, updated: datetime, ttl_minutes: int) -> FeedMeta:
        """Feed-level values of this feed."""
        return FeedMeta(
            path=self.path,
            feed_id=FEED_ID_PREFIX + self.path,
            title=self.title,
            description=self.description,
            home_url=self.home_url(base_url),
            author=self.name if self.site is not None else PROJECT_TITLE,
            base_url=base_url,
            updated=updated,
            ttl_minutes=ttl_minutes,
        )


def feed_catalog(query: ArticleQuery, sites: Sequence[SiteEntry],
                 topics: Sequence[Topic] = ()) -> list[FeedSpec]:
    """Every feed to publish, in display order: merged, kinds, units, sites, topics.

    A unit gets a feed when it has articles or a registered site (an empty feed is still a valid
    one to subscribe to); slugs that are not current units are ignored.
    """
    wanted = query.provinces_with_articles() | {s.province for s in sites if s.province}
    specs = [FeedSpec("all", "all", "Tất cả tin")]
    specs += [FeedSpec("kind", kind, kind_label(kind)) for kind in SITE_KINDS]
    specs += [FeedSpec("province", slug, province_label(slug))
              for slug in PROVINCES if slug in wanted]
    specs += [FeedSpec("source", site.id, plain_text(site.name), site)
              for site in sorted(sites, key=lambda s: s.id)]
    specs += [FeedSpec("topic", topic.id, plain_text(topic.name), topic=topic) for topic in topics]
    return specs
