"""Find the provincial-level units an article names, mapping former names to current units.

Besides the 34 current and 63 former provincial units, the names of the former district-level
cities and towns (thành phố, thị xã before 2025: "Đà Lạt", "Nha Trang", "Sa Pa") tag the
current unit they now belong to; see "Former cities and towns" below for which of them count.

A province name in Vietnamese text is often *not* the province: "phường Thái Bình" is a ward,
"đường Hà Nội" a street, "hòa bình" means peace, "Hồ Chí Minh" is usually the person, "bún bò
Huế" a dish, "Nguyễn Hải Dương" a man. So a name found in the text is kept only when

1. it is not directly preceded by a lower-level place word ("phường", "xã", "đường"...), a
   dish ("bánh cuốn", "chả cá") or a word that makes it a person's name ("ông", "chị", a
   capitalised surname), and
2. it is either a *distinctive* name (most two-syllable province names are) or, for the few
   names in :data:`_CONTEXT_ONLY` and many town names, preceded by an administrative word
   ("tỉnh", "thành phố", "TP."...) or listed right after another accepted name ("Sơn La, Hòa
   Bình") or right before a distinctive one ("như Huế, Quảng Ngãi") or after the same two
   words as an accepted name (table rows "Cấp nước Hải Phòng", "Cấp nước Huế"), and
3. every syllable is capitalised as a proper name is ("hòa bình", "Thái bình" are not names).

Names are grouped by :func:`aggregator.text.match_key` (tone placement canonical, casefolded),
so "Hoà Bình"/"Hòa Bình" and "THANH HOÁ"/"Thanh Hóa" are one name. Diacritics are kept:
"Ha Noi"-style forms are accepted only for multi-syllable names whose diacritic-free spelling no
other name shares; the English names of a paper's English edition ("Hanoi", "Ho Chi Minh City",
"in Hue") are listed spellings. Every spelling of every name goes into one trie-shaped regular expression,
compiled at import, that runs on the NFC text itself (see "Matching" below for why).
"""

from __future__ import annotations

import bisect
import csv
import io
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from aggregator.provinces import FORMER_CITIES, PROVINCES, FormerCity
from aggregator.surnames import MIDDLE_NAMES, SURNAMES
from aggregator.text import match_key, normalize_text, strip_diacritics


@dataclass(frozen=True, slots=True)
class Mention:
    """One accepted place name in a text: which unit it names and where it stands.

    ``start``/``end`` index the text as given (also when it was NFD); ``surface`` is that slice.
    ``former_name`` is the pre-2025 provincial unit's name when the text named one that no
    longer exists on its own ("Bắc Kạn", "Thừa Thiên Huế"), or a city or town of one ("Quảng
    Nam" for "Hội An"), else ``None``.
    """

    slug: str
    surface: str
    start: int
    end: int
    former_name: str | None


# --- policy tables ---------------------------------------------------------------------------

# Names that never tag bare, with the extra words (besides _CONTEXT_WORDS) that make them a
# place. Keys are written as in text; they are compared through match_key, so "Hoà Bình" counts.
_CONTEXT_ONLY: dict[str, tuple[str, ...]] = {
    # One syllable, and a cuisine/music label everywhere ("bún bò Huế", "ca Huế"); a locative,
    # a heritage word or an institution before it ("Đại học Huế", "Bệnh viện Trung ương Huế")
    # makes it the city.
    "Huế": ("cố đô", "xứ", "kinh thành", "hoàng thành", "đại nội", "festival", "đại học",
            "trung ương", "tại", "ở", "về", "đến", "từ", "vào",
            # a French edition's locatives: "les monuments de Huế", "à Huế"
            "de", "à"),
    # "hòa bình" is "peace", and dozens of communes are called Hòa Bình. The dam is in the
    # former province.
    "Hòa Bình": ("thủy điện",),
    # Bare, this is nearly always the person ("tư tưởng Hồ Chí Minh", "Chủ tịch Hồ Chí Minh").
    "Hồ Chí Minh": (),
    # Only as "TP.HCM"/"TP HCM"; bare "HCM" is the person too ("Đoàn TNCS HCM").
    "HCM": (),
    # The 1954 battle and a street name in every big city; the city itself only with context.
    "Điện Biên Phủ": (),
    # Huế in a provincial paper's English edition: one syllable again ("Hue" is also a
    # given name written without its tone), a place after a locative.
    "Hue": ("in", "from", "to", "near", "at", "of", "city of", "visit", "visited"),
}

# Administrative words after which any name is a provincial-level unit ("tỉnh Hà Nam",
# "TP. Huế", "Báo Hòa Bình", "Liên hiệp các Hội KH&KT Lạng Sơn"). "TP"/"T.P" may be followed by
# a dot and no space ("TP.HCM").
_CONTEXT_WORDS: tuple[str, ...] = (
    "tỉnh", "thành phố", "tp", "t.p", "thủ đô", "tỉnh ủy", "thành ủy", "tỉnh đoàn",
    "thành đoàn", "báo", "đồng bào", "truyền hình", "liên hiệp hội", "liên hiệp các hội",
    "kh&kt", "khkt", "khoa học và kỹ thuật", "khoa học kỹ thuật", "khoa học và kĩ thuật",
    "khoa học kĩ thuật",
    # A direction on a road: "quốc lộ 1 hướng Huế", "đi hướng Lạng Sơn".
    "hướng",
    # A city's old quarter: "phố cổ Hội An", "phố cổ Hà Nội".
    "phố cổ",
)

# Lower-level place words: a name right after one is a ward, commune, street, market...
# ("phường Thái Bình", "đường Hà Nội", "xã Hòa Bình"). Each maps to the words that, placed
# before it, make it part of another word and so not a place word: "yêu cầu Hà Nội" (asked Hà
# Nội), "thành phố", "đường phố Hà Nội" (the streets of Hà Nội), "giảng đường Hà Nội" (its
# lecture halls), "nông thôn", "Nhà xuất bản".
_BLOCKERS: dict[str, tuple[str, ...]] = {
    "phường": (), "xã": (), "thị trấn": (), "thị xã": (), "quận": (), "huyện": (),
    "huyện ủy": (), "quận ủy": (), "thị ủy": (),
    "đường": ("tuyến", "con", "cung", "giảng", "thiên"), "phố": ("thành", "đường"),
    "số nhà": (), "khu phố": (),
    "đại lộ": (), "xa lộ": (), "ngõ": (), "hẻm": (), "kiệt": (),
    "cầu": ("yêu", "nhu", "toàn", "địa", "khẩn"), "chợ": (), "sông": (), "hồ": ("đồng",),
    "núi": ("phố", "vùng"), "làng": (), "thôn": ("nông",), "xóm": (), "ấp": (),
    "bản": ("xuất", "văn", "phiên", "cơ", "nhật", "kịch", "căn", "tư"),
    # Dishes named after a place ("bánh cuốn Cao Bằng", "bún chả cá Nha Trang", "phở Nam
    # Định"): the dish, served anywhere, not a mention of the place.
    "bánh cuốn": (), "chả cá": (), "bún bò": (), "bún cá": (), "bún chả": (), "phở": (),
    "nem chua": (), "bánh đa": (), "bánh đa cua": (), "bánh tráng": (), "mì": (), "bánh canh": (),
    "bánh pía": (), "kẹo dừa": (),
    # Specialities and products sold under a place's name ("cà phê Buôn Ma Thuột" at a fair in
    # Thanh Hóa, "nhãn lồng Hưng Yên" grown in Đồng Tháp): the product, not the place; but
    # "thủ phủ cà phê Buôn Ma Thuột", "vùng chè Thái Nguyên" are the place.
    "cà phê": ("vùng", "phủ", "hội"), "chè": ("vùng", "đồi"), "atiso": (), "nhãn lồng": (),
    "nhãn": (), "bưởi": (), "bưởi da xanh": (), "thanh long": ("vùng",), "nho": ("vùng",),
    "vải thiều": ("vùng",), "nước mắm": (), "mắm": (), "bánh đậu xanh": (), "cá bò khô": (),
    "mực một nắng": (), "bia": (), "sữa": (), "sâm": ("vùng",),
}

# Words that make the following name a person's: "chị Hà Giang", "nhà báo Hải Dương". Only
# when written in lower case or opening a sentence: capitalised inside a sentence they belong to
# a proper name ("Nhà thờ Đức Bà Sài Gòn").
_HONORIFICS: tuple[str, ...] = (
    "ông", "bà", "anh", "chị", "em", "cô", "chú", "bác", "cụ", "thầy", "bạn", "đồng chí",
    "nhà báo", "nhà thơ", "nhà văn", "ca sĩ", "nghệ sĩ", "nghệ nhân", "nhạc sĩ", "họa sĩ",
    "tác giả",
)
# Capitalised surnames and the two commonest middle names: "Nguyễn Thái Bình", "Lê Thị Hà
# Giang". Checked only when capitalised ("lê" is a pear).
_SURNAMES: tuple[str, ...] = (*SURNAMES, *MIDDLE_NAMES)

# Spellings the data file does not list.
_EXTRA_VARIANTS: dict[str, str] = {
    "HCM": "Hồ Chí Minh",                     # completes "TP.HCM", "TP HCM", "TP. HCM"
    "Điện Biên Phủ": "Điện Biên",             # the city, with context (see _CONTEXT_ONLY)
    "Bà Rịa Vũng Tàu": "Bà Rịa - Vũng Tàu",   # written without the dash
    "xứ Thanh": "Thanh Hóa",                  # lower-case "xứ" is the usual spelling
    "xứ Lạng": "Lạng Sơn",
    # English editions: the city's English name (bare "Ho Chi Minh" is still the person), the
    # joined spellings English writes, and "Hue" (context only, see _CONTEXT_ONLY).
    "Ho Chi Minh City": "Hồ Chí Minh",
    "HCMC": "Hồ Chí Minh",
    "Hanoi": "Hà Nội",
    "Danang": "Đà Nẵng",
    "Haiphong": "Hải Phòng",
    "Hue": "Huế",
}

# Longer phrases that contain a province name but are something else; matching them first
# hides the name inside ("Châu Á - Thái Bình Dương" is not Thái Bình).
_NOT_PROVINCES: tuple[str, ...] = (
    "Thái Bình Dương",   # the Pacific Ocean
    "Hải Dương học",     # oceanography ("Viện Hải dương học")
    "Bình Định Vương",   # Lê Lợi's title
    "Đồng Tháp Mười",    # a plain across three former provinces
)

# Listed variants that are not names of one unit: "Thủ đô" is any country's capital, "xứ
# Nghệ" spans Nghệ An and Hà Tĩnh. Compared through match_key.
_REJECTED_VARIANTS: tuple[str, ...] = ("Thủ đô", "xứ Nghệ")

# A single-token variant this short is an abbreviation (HN, QN, BD, TTH, HCM): they collide.
_MAX_ABBREVIATION = 3

# --- former cities and towns ----------------------------------------------------------------
#
# data/former_cities.csv (generated from the vietnamadminunits package) lists the former
# district-level cities and towns; they are compiled into the one regular expression below, so
# they cost nothing per article until one is found. A name that is also a provincial unit's
# ("Thành phố Lào Cai", "Thị xã Quảng Trị") is left to the province tables; one that two towns
# of different current units share would be ambiguous even as "thành phố X", so it is skipped.
# A town name tags bare only when no other unit of any level, before or after 2025, bears it
# in another current unit (the data file's ``shared_with``: "Hội An" is also a commune of An
# Giang, "Phan Thiết" was a ward of Tuyên Quang city), it is long enough, and it is not a
# phrase (below). The others need "thành phố"/"TP." or a town word. A ward of the town's own
# province ("phường Đà Lạt") stays untagged like every name after "phường".

# Words naming a district-level town: context for a town's name, never a blocker of it ("thị
# xã Sa Pa", "TX. Buôn Hồ", "Thị ủy Kỳ Anh"), though they still block a province name.
_TOWN_WORDS: tuple[str, ...] = ("thị xã", "tx", "tx.", "thị ủy")

# A town name this short or shorter needs context: one syllable is a word or a given name
# ("Vinh", "Chũ"), and two very short ones occur inside other names ("Sa Pa", "La Gi", "Dĩ An").
_MAX_CONTEXT_ONLY_TOWN_LETTERS = 4

# Town names that are also phrases, so never bare: "duyên hải" is "coastal" ("Duyên hải Nam
# Trung Bộ"), "ngã bảy"/"ngã năm" are road junctions ("Ngã Bảy" in Sài Gòn), and "Từ Sơn" opens
# sentences as "from Sơn (La, Tây)".
_TOWNS_CONTEXT_ONLY: tuple[str, ...] = ("Duyên Hải", "Ngã Bảy", "Ngã Năm", "Từ Sơn")

# --- matching -----------------------------------------------------------------------------
#
# The regex runs on the NFC text as given: no casefolded or tone-canonical copy of the article
# is made (canonicalising tones over 5,000 characters alone costs ~0.4 ms). Instead each name is
# entered in every tone placement match_key equates ("hòa"/"hoà", "ủy"/"uỷ") and every letter
# accepts both cases, except the first, which must be upper case as in a proper name (only the
# "xứ Thanh" forms may start in lower case). That also makes the search fast: Python's regex
# engine skips straight to the few letters a name can start with.

_COMBINING = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_CLUSTER = re.compile(rf"(?s).[{_COMBINING}]*")
_COMBINING_RUN = re.compile(f"([{_COMBINING}]+)")
# Spaces between syllables: any horizontal space, NBSP, zero-width; never a line break, so a
# name cannot span title and lead.
_SEP = "(?:[^\\S\\n\\r\\f\\v]|[\u200b\u200c\u200d\u2060\u00ad])"
_DASHES = "-\u2010\u2011\u2012\u2013\u2014"
_NON_WORD = re.compile(r"\W+")
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
# An open "oa"/"oe"/"uy" syllable (NFD) with its tone on either vowel.
_OPEN_SYLLABLE = re.compile(rf"(.*?)([ou])([{_TONE_MARKS}]?)([aey])([{_TONE_MARKS}]?)")
# U+00D0 (Icelandic eth) is what some editors type for Đ.
_ETH = {"đ": "\u00f0", "Đ": "\u00d0"}


def _nfc_with_offsets(text: str) -> tuple[str, Callable[[int], int] | None]:
    """NFC text and, when that changed the text, a map from NFC offsets to offsets in ``text``.

    Decomposed input ("a" + U+0302 + U+0301 for "ấ") is the common case: every run of combining
    marks merges into the letter before it, so an NFC offset only needs the count of marks
    absorbed before it. Anything else takes the slow path, one cluster at a time.
    """
    nfc = unicodedata.normalize("NFC", text)
    if nfc == text:
        return text, None
    parts = _COMBINING_RUN.split(text)  # letters, marks, letters, marks, ..., letters
    runs = list(map(len, parts[1::2]))
    absorbed = list(itertools.accumulate(runs))
    if len(nfc) == len(text) - (absorbed[-1] if absorbed else 0):
        # NFC offset just after the letter that absorbed run j: the letters before it.
        after = list(itertools.accumulate(map(len, parts[0:-1:2])))

        def original(offset: int) -> int:
            index = bisect.bisect_right(after, offset)
            return offset + (absorbed[index - 1] if index else 0)

        return nfc, original
    pieces: list[str] = []
    starts: list[int] = []
    position = 0
    for cluster in _CLUSTER.findall(text):
        composed = unicodedata.normalize("NFC", cluster)
        pieces.append(composed)
        starts.extend([position] * len(composed))
        position += len(cluster)
    starts.append(len(text))
    return "".join(pieces), starts.__getitem__


def _letters(text: str) -> str:
    """Casefolded letters only: the lookup key of a matched spelling ("BR-VT" -> "brvt")."""
    return _NON_WORD.sub("", text).casefold().replace("\u00f0", "đ")


def _spelled(phrase: str) -> str:
    """A phrase as written (NFC, single spaces), casefolded, tones untouched."""
    return normalize_text(phrase).casefold()


def _tone_spellings(spelled: str) -> set[str]:
    """Every tone placement of ``spelled`` that match_key maps to the same key."""
    options: list[list[str]] = []
    for piece in re.split(r"(\W+)", spelled):
        found = _OPEN_SYLLABLE.fullmatch(unicodedata.normalize("NFD", piece))
        forms = [piece]
        if found and bool(found[3]) != bool(found[5]) and not found[1].endswith(("q", "gi")):
            head, first, second, tone = found[1], found[2], found[4], found[3] or found[5]
            for moved in (head + first + tone + second, head + first + second + tone):
                forms.append(unicodedata.normalize("NFC", moved))
        options.append(list(dict.fromkeys(forms)))
    target = match_key(spelled)
    return {s for s in map("".join, itertools.product(*options)) if match_key(s) == target}


# --- name table -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Name:
    """What a matched spelling stands for. ``slug`` None: a phrase that is not a province."""

    slug: str | None
    former_name: str | None
    context: tuple[str, ...] | None  # None: no context needed; else extra context words
    upper: frozenset[int]  # letter positions that must be upper case in the text
    town: bool = False  # a former city or town: _TOWN_WORDS are its context, not blockers


def _upper_positions(variant: str) -> frozenset[int]:
    """First letter of each capitalised syllable; also the last letter of an ALL-CAPS token."""
    positions: set[int] = set()
    offset = 0
    for token in re.findall(r"\w+", variant):
        if token[0].isupper():
            positions.add(offset)
        if len(token) > 1 and token.isupper():
            positions.add(offset + len(token) - 1)
        offset += len(token)
    return frozenset(positions)


_NOTE = re.compile(r"\([^)]*\)")
_QUOTED = re.compile(r'"([^"]+)"')
_NOT_A_NAME = ("prefix", "article tag", "paper name")
_CONTEXT_PREFIX = re.compile(r"^(?:tp|t\.p|thành phố)(?:\.|\s)", re.IGNORECASE)


def _listed_variants(cell: str) -> list[str]:
    """Usable spellings from the free-text ``variants`` column of the former-units file."""
    found: list[str] = []
    for item in _NOTE.sub("", cell).split(";"):
        if any(word in item for word in _NOT_A_NAME):
            continue
        quoted = _QUOTED.findall(item)
        found.extend(quoted if quoted else [item])
    rejected = {match_key(v) for v in _REJECTED_VARIANTS}
    usable = []
    for variant in (v.strip() for v in found):
        if not variant or match_key(variant) in rejected:
            continue
        if _CONTEXT_PREFIX.match(variant):  # "TP. Huế": the context rule covers it
            continue
        if _NON_WORD.search(variant) is None and len(variant) <= _MAX_ABBREVIATION:
            continue
        usable.append(variant)
    return usable


def _read_former_units() -> list[dict[str, str]]:
    text = resources.files("aggregator").joinpath("data/provinces_before_2025.csv")
    return list(csv.DictReader(io.StringIO(text.read_text("utf-8"))))


_POLICY = {match_key(name): words for name, words in _CONTEXT_ONLY.items()}
_TOWN_POLICY = {match_key(name) for name in _TOWNS_CONTEXT_ONLY}


class _NameTable:
    """Every accepted spelling, grouped by its match key's letters ("BR-VT" = "BRVT")."""

    def __init__(self) -> None:
        self.names: dict[str, _Name] = {}
        self.spellings: dict[str, set[str]] = {}  # key letters -> casefolded spellings
        self.written: dict[str, str] = {}  # key letters -> the first variant as written
        self.toneless: set[str] = set()  # key letters of the "Ha Noi"-style spellings

    def add(self, variant: str, slug: str | None, former: str | None,
            context: tuple[str, ...] | None, *, town: bool = False) -> None:
        spelled = _spelled(variant)
        letters = _letters(match_key(spelled))
        upper = _upper_positions(variant)
        known = self.names.get(letters)
        if known is None:
            self.names[letters] = _Name(slug, former, context, upper, town)
            self.written[letters] = variant
        elif known.slug != slug:
            raise ValueError(f"province spelling {variant!r} names both {known.slug!r} "
                             f"and {slug!r}; fix the tables in aggregator/province_tagger.py")
        else:  # first registration wins (current names come first); the case rule relaxes
            self.names[letters] = _Name(slug, known.former_name, known.context,
                                        known.upper & upper, known.town)
        self.spellings.setdefault(letters, set()).update(_tone_spellings(spelled))

    def __contains__(self, variant: str) -> bool:
        return _letters(match_key(_spelled(variant))) in self.names

    def by_spelling(self) -> dict[str, _Name]:
        """Casefolded letters of every spelling (see :func:`_letters`) -> its name."""
        return {_letters(spelling): self.names[letters]
                for letters, spellings in self.spellings.items() for spelling in spellings}


def _build_table() -> _NameTable:
    table = _NameTable()
    units: dict[str, tuple[str, str | None]] = {}  # any unit name -> (slug, former name)
    for province in PROVINCES.values():
        units[province.name] = (province.slug, None)
        table.add(province.name, province.slug, None, _POLICY.get(match_key(province.name)))
    rows = _read_former_units()
    formers: dict[str, str | None] = {}  # former unit as listed -> its name if it no longer exists
    for row in rows:
        name = _CONTEXT_PREFIX.sub("", row["old_name"]).strip()
        former = row["old_name"] if row["old_slug"] != row["current_slug"] else None
        units.setdefault(name, (row["current_slug"], former))
        formers[row["old_name"]] = former
    for variant, unit in _EXTRA_VARIANTS.items():
        slug, former = units[unit]
        table.add(variant, slug, former, _POLICY.get(match_key(variant)))
    for row in rows:
        name = _CONTEXT_PREFIX.sub("", row["old_name"]).strip()
        slug, former = units[name]
        for variant in (name, *_listed_variants(row["variants"])):
            table.add(variant, slug, former, _POLICY.get(match_key(variant)))
    _add_towns(table, FORMER_CITIES, formers)
    for phrase in _NOT_PROVINCES:
        table.add(phrase, None, None, None)
    _add_diacritic_free(table)
    return table


def _add_towns(table: _NameTable, towns: Iterable[FormerCity],
               formers: dict[str, str | None]) -> None:
    """Add the former cities and towns the policy above keeps, after every province spelling."""
    by_name: dict[str, list[FormerCity]] = {}
    for town in towns:
        by_name.setdefault(match_key(town.name), []).append(town)
    for same_name in by_name.values():
        town = same_name[0]
        if len({t.slug for t in same_name}) > 1 or town.name in table:
            continue
        context = _town_context(town)
        table.add(town.name, town.slug, formers[town.former_unit], context, town=True)



def _town_context(town: FormerCity) -> tuple[str, ...] | None:
    """None when the town's name may tag bare (see "Former cities and towns"), else its words."""
    short = len(_letters(town.name)) <= _MAX_CONTEXT_ONLY_TOWN_LETTERS
    if town.shared_with or short or match_key(town.name) in _TOWN_POLICY:
        return _TOWN_WORDS
    return None


def _add_diacritic_free(table: _NameTable) -> None:
    """Add "Ha Noi"-style spellings of multi-syllable names no other name shares when stripped."""
    slugs_by_stripped: dict[str, set[str | None]] = {}
    candidates: list[tuple[str, _Name]] = []
    for letters, name in list(table.names.items()):
        written = table.written[letters]
        stripped = strip_diacritics(written)
        if stripped == written or _NON_WORD.search(written.strip()) is None:
            continue
        slugs_by_stripped.setdefault(_letters(stripped.casefold()), set()).add(name.slug)
        candidates.append((stripped, name))
    for stripped, name in candidates:
        known = table.names.get(_letters(stripped.casefold()))
        unique = len(slugs_by_stripped[_letters(stripped.casefold())]) == 1
        if unique and (known is None or known.slug == name.slug):
            table.add(stripped, name.slug, name.former_name, name.context)
            if known is None:
                table.toneless.add(_letters(stripped.casefold()))


# --- regular expressions --------------------------------------------------------------------

_TOKEN = re.compile(rf"\s*[{_DASHES}]\s*|\s*\.\s*|\s+|.", re.DOTALL)
_NOT_AFTER_WORD = rf"(?<![\w{_COMBINING}].)"  # placed after the first letter: a word starts
_NOT_BEFORE_WORD = rf"(?![\w{_COMBINING}])"


def _token_pattern(token: str) -> str:
    stripped = token.strip()
    if stripped and stripped in _DASHES:  # "BR-VT", "Bà Rịa – Vũng Tàu", "Thừa Thiên - Huế"
        return f"{_SEP}*[{_DASHES}]{_SEP}*"
    if stripped == ".":  # "TT.Huế", "TT. Huế"
        return f"\\.{_SEP}*"
    if not stripped:
        return f"{_SEP}+"
    cases = {token, token.upper(), _ETH.get(token.upper(), "")} - {""}
    cases = {c for c in cases if len(c) == 1}
    return re.escape(token) if len(cases) == 1 else "[" + "".join(sorted(cases)) + "]"


def _first_letters(letter: str, upper: bool) -> list[str]:
    """Literal first letters (one branch each, so the engine can skip to them)."""
    cases = [letter.upper(), _ETH.get(letter.upper(), "")] + ([] if upper else [letter])
    return [c for c in dict.fromkeys(cases) if len(c) == 1]


def _trie_pattern(spellings: Iterable[tuple[str, bool]]) -> str:
    """One alternation shaped as a trie, so each text position tries a few branches only.

    ``spellings``: (casefolded spelling, whether its first letter must be upper case).
    """
    trie: dict[str, dict] = {}
    end = ""  # marks a complete spelling inside the trie
    for spelling, upper in spellings:
        tokens = _TOKEN.findall(spelling)
        for first in _first_letters(tokens[0], upper):
            node = trie.setdefault(re.escape(first) + _NOT_AFTER_WORD, {})
            for token in tokens[1:]:
                node = node.setdefault(_token_pattern(token), {})
            node[end] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [piece + emit(child) for piece, child in node.items() if piece != end]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # Optional and greedy: the longest spelling wins, a shorter one is the fallback.
        return f"(?:{body})?" if end in node else body

    return emit(trie)


def _phrases(phrases: Iterable[str]) -> frozenset[str]:
    """Casefolded phrases in every tone placement ("tỉnh ủy", "tỉnh uỷ"), for set lookups."""
    return frozenset(s for phrase in phrases for s in _tone_spellings(_spelled(phrase)))


_TABLE = _build_table()
_BY_SPELLING = _TABLE.by_spelling()


@lru_cache(maxsize=4096)
def _name_of(matched: str) -> _Name:
    return _BY_SPELLING[_letters(matched)]


_NAMES_RE = re.compile(
    _trie_pattern(sorted((spelling, 0 in _TABLE.names[letters].upper)
                         for letters, group in _TABLE.spellings.items() for spelling in group))
    + _NOT_BEFORE_WORD
)
# The words before a candidate are looked up in sets, not searched with regexes: an article
# may have dozens of candidates and these checks would otherwise cost more than the search.
_CONTEXT = _phrases(_CONTEXT_WORDS)
_EXTRA_CONTEXT = {name.context: _phrases(name.context)
                  for name in _TABLE.names.values() if name.context is not None}
_TOWN = _phrases(_TOWN_WORDS)
_BLOCKING = _phrases(_BLOCKERS)
_PERSON = _phrases(_HONORIFICS)
_NOT_BLOCKING = _phrases(f"{before} {word}" for word, exceptions in _BLOCKERS.items()
                         for before in exceptions)
_SURNAME_WORDS = _phrases(_SURNAMES)
_LONGEST_PHRASE = max(len(p.split()) for p in _CONTEXT | _BLOCKING | _NOT_BLOCKING | _PERSON)
_SENTENCE_END = (".", "!", "?", ":", ";", "…", '"', "“", "”")
# Between two names of one list: "Sơn La, Hòa Bình", "Quảng Nam - Đà Nẵng", "Hà Nội và Huế",
# an English edition's "Hue and Quang Ngai".
# (The dashes open the class: after "&" the hyphen would make a range of every letter.)
_LIST_GAP = re.compile(rf"{_SEP}*(?:[{_DASHES},;/&]|và|hoặc|hay|cùng|(?:and|or)(?!\w)){_SEP}*",
                       re.IGNORECASE)
# The dash of a route after its first place: "tuyến đường Hà Nội - Hải Phòng".
# A dash between two names: "sông Đồng Nai - Sài Gòn".
_DASH_GAP = re.compile(rf"{_SEP}*[{_DASHES}]{_SEP}*")
_ROUTE_DASH = re.compile(rf"{_SEP}*[{_DASHES}]{_SEP}*\w")
# "cũ" ("former") right after a name: "Hòa Bình cũ", "Hà Giang (cũ)".
# An English edition names its streets after the name: "Hai Phong Street", "Ha Noi Road".
_ENGLISH_STREET = re.compile(rf"{_SEP}+(?:Street|St\.|Road|Avenue|Boulevard)(?![\w{_COMBINING}])")
_FORMER_MARK = re.compile(rf"{_SEP}*\(?cũ\)?(?![\w{_COMBINING}])")
_OPENERS = "([{\"'“‘«"
# Characters looked at before a candidate: enough for _LONGEST_PHRASE words and odd spacing.
_LOOKBACK = 64


# --- public API -----------------------------------------------------------------------------


def mentions(text: str) -> list[Mention]:
    """Every accepted mention of a provincial-level unit in ``text``, in text order."""
    nfc, offsets = _nfc_with_offsets(text)
    found: list[Mention] = []
    last_end = -1
    position = 0
    # The two words before each accepted name: "Cấp nước Huế" in a table whose other rows
    # read "Cấp nước Hải Phòng", "Cấp nước Cần Thơ" is one more place of the same list.
    openings: set[str] = set()
    # Where the last name a place word blocked ends: "sông Đồng Nai - Sài Gòn" is one river
    # system, so a name dashed onto a blocked one is blocked with it.
    blocked_end = -1
    while (match := _NAMES_RE.search(nfc, position)) is not None:
        start, end = match.span()
        name = _name_of(match.group())
        position = end
        if name.slug is None:
            continue
        words, tails = _words_before(nfc, start)
        if blocked_end >= 0 and _DASH_GAP.fullmatch(nfc, blocked_end, start):
            blocked_end = end
            continue
        if not _accepted(nfc, start, end, name, last_end, words, tails, openings):
            if start > 0 and nfc[start - 1].isspace() and _blocked(words, tails):
                blocked_end = end
            # A refused town name gives its words back: in "Từ Sơn La" ("from Sơn La") the
            # search resumes inside it and finds "Sơn La". (The next match can only start at a
            # word's first letter.) Province names keep hiding what they cover, like
            # "đường Bà Rịa - Vũng Tàu" hides the town "Vũng Tàu".
            if name.town:
                position = start + 1
            continue
        last_end = end
        if len(tails) > 1:
            openings.add(tails[1])
        if offsets is not None:
            start, end = offsets(start), offsets(end)
        found.append(Mention(name.slug, text[start:end], start, end, name.former_name))
    return found


def tag_provinces(text: str, *, primary: str | None = None) -> tuple[str, ...]:
    """Current-unit slugs: ``primary`` (the site's province) first if given, then every unit
    named in ``text`` in order of first mention, no duplicates. Former names map to their
    current unit."""
    if primary is not None and primary not in PROVINCES:
        raise ValueError(f"unknown province slug {primary!r}; use a slug from provinces.csv")
    slugs = [primary] if primary else []
    slugs.extend(m.slug for m in mentions(text))
    return tuple(dict.fromkeys(slugs))


def _words_before(nfc: str, start: int) -> tuple[list[str], list[str]]:
    """The words before ``start`` on its line, as written, and the casefolded phrases they end
    with (the last word, the last two, ...)."""
    # Context never crosses a line: title, lead and paragraphs are separate sentences.
    window = max(start - _LOOKBACK, nfc.rfind("\n", 0, start) + 1, 0)
    words = nfc[window:start].split()
    if words and window > 0 and not nfc[window - 1].isspace() and not nfc[window].isspace():
        words = words[1:]  # the window cut a word
    words = words[-_LONGEST_PHRASE - 1:]
    # An opening bracket or quote is not part of the word: "(TP.HCM)", "“tỉnh Hà Giang”".
    folded = [w.casefold().replace("\u00f0", "đ").lstrip(_OPENERS) for w in words]
    return words, [" ".join(folded[-k:]) for k in range(1, len(folded) + 1)]


def _accepted(nfc: str, start: int, end: int, name: _Name, last_end: int, words: list[str],
              tails: list[str], openings: set[str]) -> bool:
    """The policy of the module docstring, for one candidate at ``nfc[start:end]`` after
    ``words`` (``tails``: see :func:`_words_before`); ``openings``: the two words before each
    name accepted so far."""
    written = _NON_WORD.sub("", nfc[start:end])
    if any(pos < len(written) and not written[pos].isupper() for pos in name.upper):
        return False
    if _letters(written.casefold()) in _TABLE.toneless and _toned_nearby(nfc, start, end):
        return False  # "Gia Rai" (the Jrai) in a text written with tones is not "Giá Rai"
    if name.town and not _TOWN.isdisjoint(tails):
        return True  # "thị xã Sa Pa": the word that would block a province names the town
    if start > 0 and nfc[start - 1].isspace() and _blocked(words, tails):
        return False
    if len(tails) > 1 and tails[1] == "tuyến đường" and not _ROUTE_DASH.match(nfc, end):
        # "tuyến đường Hà Nội - Hải Phòng" is a route between places; "các tuyến đường Hải
        # Phòng, Lê Duẩn" are streets.
        return False
    if _ENGLISH_STREET.match(nfc, end):
        return False  # "Hai Phong Street in Ha Long": an English edition's street, not the city
    if name.context is None:
        return True
    if last_end >= 0 and _LIST_GAP.fullmatch(nfc, last_end, start):
        return True
    if _listed_before_a_place(nfc, end):
        return True
    if _FORMER_MARK.match(nfc, end):
        return True  # "Hòa Bình cũ", "Hòa Bình (cũ)": a former unit, so a place
    if len(tails) > 1 and tails[1] in openings:
        return True  # after the same two words as an accepted name: one more of the list
    extra = _EXTRA_CONTEXT.get(name.context, frozenset())
    return any(tail.rstrip(".") in _CONTEXT or tail in extra for tail in tails)


# How far around a name without its tones the text is looked at for letters with them.
_TONE_WINDOW = 80


def _toned_nearby(nfc: str, start: int, end: int) -> bool:
    """Whether the text around ``nfc[start:end]`` is written with tone marks: there, a name
    written without them is another word; an English edition writes "Da Lat" among words
    without any."""
    return any(ord(char) > 127 and char.isalpha()
               for char in nfc[max(0, start - _TONE_WINDOW):end + _TONE_WINDOW])


def _listed_before_a_place(nfc: str, end: int) -> bool:
    """Whether the name ending at ``end`` opens a list whose next item is a distinctive
    province or town name ("như Huế, Quảng Ngãi", "Huế và Đà Nẵng", "Phan Thiết và Tuy
    Hòa"): a list of places."""
    gap = _LIST_GAP.match(nfc, end)
    following = _NAMES_RE.match(nfc, gap.end()) if gap else None
    if following is None:
        return False
    name = _name_of(following.group())
    return name.slug is not None and name.context is None


def _blocked(words: list[str], tails: list[str]) -> bool:
    """Whether the words right before a name make it a lower-level place or a person."""
    for k, tail in enumerate(tails):
        if tail in _BLOCKING and not (k + 1 < len(tails) and tails[k + 1] in _NOT_BLOCKING):
            return True
        if tail in _PERSON:
            first = words[-k - 1]
            opens_sentence = k + 1 == len(words) or words[-k - 2].endswith(_SENTENCE_END)
            if first[0].islower() or opens_sentence:
                return True
    return bool(tails) and tails[0] in _SURNAME_WORDS and words[-1][0].isupper()
