"""Vietnamese family names, for telling a person's name from a place or a word: the province
tagger (a surname before "Thái Bình" makes it a person) and the byline on a date line (a
name there starts with one; "Thứ Tư" does not)."""

from __future__ import annotations

# The commonest surnames. Left out on purpose: "Đoàn" ("Đoàn Hà Nội" is the Hà Nội delegation)
# and "Mai" ("Bạch Mai").
SURNAMES: tuple[str, ...] = (
    "nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi",
    "đỗ", "hồ", "ngô", "dương", "lý", "đinh", "trương", "lương", "trịnh", "đào", "tạ",
    "lưu", "chu", "vương", "lâm",
)
# The two commonest middle names: "Lê Thị Hà Giang".
MIDDLE_NAMES: tuple[str, ...] = ("thị", "văn")


def opens_with_surname(name: str) -> bool:
    """Whether ``name`` starts with a capitalised common surname ("Trần Quốc Việt")."""
    first = name.split(maxsplit=1)[0] if name.strip() else ""
    return first[:1].isupper() and first.casefold() in SURNAMES
