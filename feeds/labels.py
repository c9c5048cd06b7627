"""Every Vietnamese string the published feeds, OPML and index page show, in one place."""

from __future__ import annotations

from aggregator.provinces import PROVINCES

PROJECT_TITLE = "Tin địa phương Việt Nam"
"""Appended to every feed title ("Tin Lạng Sơn — Tin địa phương Việt Nam")."""

KIND_LABELS = {
    "newspaper": "Báo địa phương",
    "federation": "Liên hiệp các hội KH&KT",
}
"""Display name of each site kind (``aggregator.schema.SITE_KINDS``)."""

GROUP_LABELS = {
    "all": "Tổng hợp",
    "province": "Theo tỉnh, thành phố",
    "source": "Theo nguồn tin",
    "kind": "Theo loại nguồn",
    "topic": "Theo chủ đề",
}
"""Headings of the feed groups (catalog ``FeedSpec.group``), in OPML order."""

FORMAT_LABELS = {"atom": "Atom", "rss": "RSS", "json": "JSON Feed"}

ALSO_PUBLISHED_ON = "Cũng đăng trên:"
"""Starts the line under a syndicated story that links the other sites' copies."""


def province_label(slug: str) -> str:
    """Vietnamese name of a current unit, or the slug itself for an unknown one."""
    province = PROVINCES.get(slug)
    return province.name if province else slug


def kind_label(kind: str) -> str:
    """Vietnamese name of a site kind, or the kind itself for an unknown one."""
    return KIND_LABELS.get(kind, kind)
