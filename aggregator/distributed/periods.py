"""Crawl periods of a site in distributed mode: pure arithmetic on Unix time, no clock.

Every worker computes the same periods from the same config, so the period a deferral is for
(its start, in whole seconds) is a cluster-wide name the database can refuse to see twice.

Periods are ``every`` seconds long and start at ``phase + k * every``. The phase is a stable
hash of the site id modulo ``every``: with hundreds of sites on "30m", aligning them all on
:00 and :30 would queue every crawl on the same second and leave the workers idle in between.
"""

from __future__ import annotations

import hashlib
import math


def phase(site_id: str, every_seconds: int) -> int:
    """The site's offset in ``[0, every_seconds)``, the same on every host and every run."""
    digest = hashlib.sha256(site_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % every_seconds


def period_start(now: float, every_seconds: int, offset: int) -> int:
    """Start (Unix seconds) of the period holding ``now``: the latest ``offset + k * every``
    not after ``now``. A site never crawled before is therefore due at once."""
    return math.floor((now - offset) / every_seconds) * every_seconds + offset


def next_period_start(now: float, every_seconds: int, offset: int) -> int:
    """Start of the period after the one holding ``now``."""
    return period_start(now, every_seconds, offset) + every_seconds
