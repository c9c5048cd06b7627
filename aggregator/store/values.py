"""Python values to column values and back: datetimes as ISO 8601 text (the page's own offset
kept) or UTC timestamps, string lists as JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def from_iso(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def json_or_none(values: Sequence[str] | None) -> str | None:
    return json.dumps(list(values), ensure_ascii=False) if values is not None else None


def timestamp(value: datetime) -> int:
    return int(value.timestamp())
