"""Parse human interval strings such as ``30m``, ``1h30m`` or ``45s`` used by the schedule."""

from __future__ import annotations

import re

_PART = re.compile(r"(\d+)\s*([dhms])")
_UNIT_SECONDS = {"d": 86400, "h": 3600, "m": 60, "s": 1}
_MINIMUM_SECONDS = 60


def parse_interval(value: object) -> int:
    """Return the interval in seconds; raise ValueError naming the bad value.

    Intervals under a minute are refused: no provincial server should be polled that often.
    """
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValueError(f"must be a duration such as '30m' or '2h', got {value!r}")
    if isinstance(value, int):
        seconds = value
    else:
        text = value.strip().lower().replace(" ", "")
        if not text or _PART.sub("", text):
            raise ValueError(f"must be a duration such as '30m' or '2h', got {value!r}")
        seconds = sum(int(n) * _UNIT_SECONDS[u] for n, u in _PART.findall(text))
    if seconds < _MINIMUM_SECONDS:
        raise ValueError(f"must be at least 1m, got {value!r}")
    return seconds
