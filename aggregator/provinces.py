"""The 34 current provincial-level units, the 63 former ones, and tagging articles with them.

Data ships inside the package (``data/provinces.csv`` and ``data/provinces_before_2025.csv``,
copied from the project's domain notes). Matching uses :func:`aggregator.text.match_key`, so
"Hoà Bình" and "Hòa Bình", "THỪA THIÊN HUẾ" and "Thừa Thiên Huế" are the same name.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True, slots=True)
class Province:
    """A current (post-1 July 2025) provincial-level unit."""

    slug: str
    name: str
    official_name: str
    kind: str
    gso_code: str


def _read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("aggregator").joinpath(f"data/{name}").read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


PROVINCES: dict[str, Province] = {
    row["slug"]: Province(row["slug"], row["name"], row["official_name"], row["kind"],
                          row["gso_code"])
    for row in _read_csv("provinces.csv")
}

FORMER_UNITS: dict[str, str] = {
    row["old_name"]: row["current_slug"] for row in _read_csv("provinces_before_2025.csv")
}
"""Former unit name (63 pre-2025 units) -> current unit slug."""


def province_name(slug: str) -> str:
    """Vietnamese display name of a current unit ("lang-son" -> "Lạng Sơn")."""
    return PROVINCES[slug].name
