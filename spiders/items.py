"""What a spider hands to the pipelines: a fetched article page plus what discovery knew."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(slots=True)
class ArticlePage:
    """A fetched page believed to be an article; parsing happens in a pipeline."""

    site_id: str
    url: str
    html: str
    fetched_at: datetime
    feed_published: datetime | None = None
    feed_title: str | None = None
