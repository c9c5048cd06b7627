"""The 34 current provincial-level units, the 63 former ones and their former cities and towns.

Data ships inside the package: ``data/provinces.csv`` and ``data/provinces_before_2025.csv``,
copied from the project's domain notes, and ``data/former_cities.csv``, generated from the
``vietnamadminunits`` package by ``scripts/generate_former_cities.py`` (see there why a file and
not the package). Matching uses :func:`aggregator.text.match_key`, so "Hoà Bình" and "Hòa
Bình", "THỪA THIÊN HUẾ" and "Thừa Thiên Huế" are the same name.
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

_FORMER_ROWS = _read_csv("provinces_before_2025.csv")

FORMER_UNITS: dict[str, str] = {row["old_name"]: row["current_slug"] for row in _FORMER_ROWS}
"""Former unit name (63 pre-2025 units) -> current unit slug."""

FORMER_UNIT_CODES: dict[str, str] = {row["gso_code_old"]: row["old_name"] for row in _FORMER_ROWS}
"""Statistics-office code of a former unit ("68") -> its name ("Lâm Đồng")."""


@dataclass(frozen=True, slots=True)
class FormerCity:
    """A district-level city (thành phố) or town (thị xã) of a former province, before 2025.

    ``shared_with``: the other current units where some administrative unit of any level, before
    or after 2025, bears the same name ("Phan Thiết" was also a ward of Tuyên Quang city).
    """

    gso_code: str
    name: str
    kind: str  # "thành phố" or "thị xã"
    former_unit: str
    slug: str
    shared_with: frozenset[str]


FORMER_CITIES: tuple[FormerCity, ...] = tuple(
    FormerCity(row["gso_code"], row["name"], row["kind"], row["former_unit"], row["current_slug"],
               frozenset(filter(None, row["shared_with"].split(";"))))
    for row in _read_csv("former_cities.csv")
)
"""The former cities and towns, in statistics-office code order.

Read from a file generated from ``vietnamadminunits`` rather than from the package itself: the
package would add numpy, shapely and geopy to the install and ~0.5 s to every start, while the
tagger only needs these ~140 rows once, at import, to compile them into its regular expression.
"""


def province_name(slug: str) -> str:
    """Vietnamese display name of a current unit ("lang-son" -> "Lạng Sơn")."""
    return PROVINCES[slug].name
