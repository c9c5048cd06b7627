"""WebSub, publisher side: tell the hub which feeds changed, so it pushes them to subscribers.

The feeds announce the hub (``<link rel="hub">``); after a publish that rewrote feeds, one
``POST`` with ``hub.mode=publish`` and a ``hub.url`` per changed feed (the form most hubs
accept, e.g. Google's pubsubhubbub.appspot.com and websub.rocks). A hub that is down costs a
logged warning, never the publish: readers still poll.
"""

from __future__ import annotations

import logging
import urllib.error
import urllib.request
from collections.abc import Sequence
from urllib.parse import urlencode

log = logging.getLogger(__name__)

PING_TIMEOUT = 10
"""Seconds to wait for the hub; the scheduler waits meanwhile, so keep it short."""


def ping_hub(hub: str, feed_urls: Sequence[str], *, timeout: float = PING_TIMEOUT) -> bool:
    """Announce ``feed_urls`` to ``hub``; True when the hub accepted (any 2xx)."""
    if not feed_urls:
        return False
    body = urlencode([("hub.mode", "publish"), *(("hub.url", url) for url in feed_urls)])
    request = urllib.request.Request(hub, data=body.encode("ascii"), method="POST", headers={
        "Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return 200 <= int(response.status) < 300
    except (urllib.error.URLError, OSError) as exc:
        log.warning("WebSub hub %s was not told about %d changed feed(s): %s", hub,
                    len(feed_urls), exc)
        return False
