"""Pick the sites a command works on (``--site`` / ``--province``), with clear errors."""

from __future__ import annotations

from collections.abc import Sequence

from aggregator.errors import ConfigError
from aggregator.provinces import PROVINCES
from aggregator.registry import SiteEntry, did_you_mean


def select_sites(sites: Sequence[SiteEntry], *, site_ids: Sequence[str] = (),
                 provinces: Sequence[str] = ()) -> list[SiteEntry]:
    """All sites when nothing is asked; else the union of the named sites and provinces."""
    by_id = {site.id: site for site in sites}
    for site_id in site_ids:
        if site_id not in by_id:
            raise ConfigError(f"unknown site id {site_id!r}{did_you_mean(site_id, by_id)}",
                              key="--site")
    for slug in provinces:
        if slug not in PROVINCES:
            raise ConfigError(f"unknown province slug {slug!r}{did_you_mean(slug, PROVINCES)}",
                              key="--province")
    if not site_ids and not provinces:
        return list(sites)
    return [s for s in sites if s.id in site_ids or (s.province and s.province in provinces)]
