"""The window of article requests in flight (issue 8's flat crawl memory).

Discovery finds article links by the thousand (a sitemap), but a Scrapy Request per link made
at once would sit in the scheduler and grow the crawl's memory with the site. So found
articles wait here as small :class:`~spiders.discovery.Discovered` records, and only ``size``
of them are requested at a time; each outcome (page, error, drop) frees a slot for the next.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from spiders.discovery import Discovered


class ArticleWindow:
    """Queued articles and the count of requested ones whose outcome has not come back."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.queued: deque[Discovered] = deque()
        self.in_flight = 0

    def __len__(self) -> int:
        return len(self.queued)

    def queue(self, item: Discovered) -> None:
        """Keep ``item`` until a slot is free (it is already charged to the page budget)."""
        self.queued.append(item)

    def take(self) -> Iterator[Discovered]:
        """Queued articles to request now: as many as there are free slots."""
        while self.queued and self.in_flight < self.size:
            self.in_flight += 1
            yield self.queued.popleft()

    def finished(self) -> None:
        """One requested article came back (a page, an error, or a drop)."""
        self.in_flight -= 1

    def reset(self) -> None:
        """Nothing is in flight (Scrapy is idle): outcomes no callback saw, such as a request a
        middleware dropped silently, must not hold the window shut and end the crawl early."""
        self.in_flight = 0
