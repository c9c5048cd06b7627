"""Regenerate ``aggregator/data/former_cities.csv`` from the ``vietnamadminunits`` package.

The file lists the district-level cities (thành phố) and towns (thị xã) of the 63 former
provinces, as they stood before the 2025 reform, each with the former province it belonged to
and the current unit that province is now part of (the project's own mapping,
``provinces_before_2025.csv``). The province tagger reads it to tag "Đà Lạt", "TP. Nha Trang".

Why a generated file and not the package at run time: the package pulls in numpy, shapely and
geopy (about 95 MB) and takes about 0.5 s to import, for a table of ~140 rows that the tagger
compiles into its regular expression once, at import. The file is small and reviewable, and
``tests/aggregator/test_former_cities.py`` fails when it no longer matches the installed package
(a dev dependency), with the command to run.

Rural districts (huyện) and urban districts (quận) are left out: their names repeat across
provinces and as commune names far too often to tag from.

Usage: ``.venv/bin/python scripts/generate_former_cities.py [--check]``.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sqlite3
import sys
from collections import defaultdict
from importlib import metadata
from pathlib import Path

from aggregator.provinces import FORMER_UNIT_CODES, FORMER_UNITS, PROVINCES
from aggregator.text import match_key

PACKAGE = "vietnamadminunits"
OUTPUT = Path(__file__).resolve().parents[1] / "aggregator" / "data" / "former_cities.csv"
COLUMNS = ("gso_code", "name", "kind", "former_unit", "current_slug", "shared_with")
_KINDS = {"Thành phố": "thành phố", "Thị xã": "thị xã"}
# The package disambiguates a district sharing its province's name with a note:
# "Kỳ Anh (Thị xã)" next to "Huyện Kỳ Anh".
_NOTE = re.compile(r"\s*\([^)]*\)\s*$")


def _database() -> Path:
    """The package's SQLite file, located without importing the package (and numpy)."""
    try:
        distribution = metadata.distribution(PACKAGE)
    except metadata.PackageNotFoundError:
        raise SystemExit(f"{PACKAGE} is not installed: run .venv/bin/pip install -e '.[dev]'") from None
    return Path(str(distribution.locate_file(f"{PACKAGE}/data/dataset.db")))


def _former_current_slug(code: str, package_name: str) -> tuple[str, str]:
    """(former unit name, current slug) of a pre-2025 province code, checked against its name."""
    former = FORMER_UNIT_CODES.get(code)
    if former is None or match_key(package_name) not in match_key(former):
        raise SystemExit(f"{PACKAGE} province {code} {package_name!r} does not match "
                         f"provinces_before_2025.csv ({former!r}); fix the mapping first")
    return former, FORMER_UNITS[former]


def _plain(name: str) -> str:
    return _NOTE.sub("", name).strip()


def _slugs_by_name(db: sqlite3.Connection) -> dict[str, set[str]]:
    """match_key of every unit name, both periods, any level -> the current units holding one."""
    current_by_code = {p.gso_code: p.slug for p in PROVINCES.values()}
    found: dict[str, set[str]] = defaultdict(set)
    legacy = db.execute("SELECT DISTINCT provinceCode, provinceShort, districtShort, wardShort "
                        "FROM admin_units_legacy")
    for code, province, district, ward in legacy:
        slug = _former_current_slug(code, province)[1]
        for name in (district, ward):
            if name:
                found[match_key(_plain(name))].add(slug)
    for code, ward in db.execute("SELECT DISTINCT provinceCode, wardShort FROM admin_units"):
        found[match_key(_plain(ward))].add(current_by_code[code])
    return found


def rows() -> list[dict[str, str]]:
    """The file's rows, in the package's district-code order."""
    with sqlite3.connect(f"file:{_database()}?mode=ro", uri=True) as db:
        slugs_by_name = _slugs_by_name(db)
        districts = db.execute(
            "SELECT DISTINCT districtCode, districtShort, districtType, provinceCode, provinceShort "
            "FROM admin_units_legacy WHERE districtType IN ('Thành phố', 'Thị xã') "
            "ORDER BY districtCode").fetchall()
    result = []
    for code, name, kind, province_code, province in districts:
        former, slug = _former_current_slug(province_code, province)
        name = _plain(name)
        shared = sorted(slugs_by_name[match_key(name)] - {slug})
        result.append({"gso_code": code, "name": name, "kind": _KINDS[kind], "former_unit": former,
                       "current_slug": slug, "shared_with": ";".join(shared)})
    return result


def render() -> str:
    """The CSV text, byte for byte what the committed file must hold."""
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows())
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if the committed file differs, without writing it")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        same = OUTPUT.exists() and OUTPUT.read_text("utf-8") == text
        print(f"{OUTPUT.name}: {'in sync' if same else 'out of date'} with {PACKAGE} "
              f"{metadata.version(PACKAGE)}")
        return 0 if same else 1
    OUTPUT.write_text(text, "utf-8")
    print(f"wrote {text.count(chr(10)) - 1} rows to {OUTPUT} from {PACKAGE} {metadata.version(PACKAGE)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
