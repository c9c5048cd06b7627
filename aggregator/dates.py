"""Dates as Vietnamese pages and feeds print them -> aware datetimes.

Pages mix day-first numbers ("08/01/2026 - 18:21", "21:11 29/12/2024"), words ("Ngày 20 tháng 11
năm 2017"), yearless dates in running text ("Chiều 02/10") and relative stamps ("2 giờ trước",
Sahifa's half-translated "1 ngày ago"); feeds add RFC 822 and a month-first .NET form. One
compiled regex reads all the usual shapes in microseconds; dateparser (about 1 ms a call and slow
to import) is only the last resort, for what the regex does not know.

Rules everywhere: day-first; no stated zone means Vietnam time; nothing more than a day after the
reference ("now" by default) is accepted, because a future publication date is always a misreading,
and nothing before 1995, before any Vietnamese news site was online;
bad input gives ``None``, never an exception (one odd page must not stop a crawl).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import partial
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from aggregator.text import normalize_text

try:
    VN_TZ: tzinfo = ZoneInfo("Asia/Ho_Chi_Minh")
except ZoneInfoNotFoundError:  # no system zone database and no tzdata package
    VN_TZ = timezone(timedelta(hours=7), "ICT")

# Server clocks and "today" banners run a little ahead of the crawler; beyond this it is a misread.
_SKEW = timedelta(days=1)
# No Vietnamese news site published online before this year; earlier dates are misreadings
# (.NET's empty "1/1/0001", a founding year in a banner) that would sort an article last forever.
_EARLIEST_YEAR = 1995
# Longest zone offset in use anywhere (UTC+14); anything larger is not an offset.
_MAX_OFFSET = timedelta(hours=14)


def _clock(prefix: str) -> str:
    """A time of day ("08:15", "07:56:45", "9h30", "15h15'", "08 giờ 30 phút", "9:41:00 PM",
    "3:25:00 CH"); ``prefix`` keeps group names unique, because the master pattern allows a
    time both before and after the date."""
    p = prefix
    return (
        rf"(?<![\d:])(?P<{p}h>\d{{1,2}})(?::|h|\s*giờ\s*)(?P<{p}m>\d{{2}})"
        rf"(?::(?P<{p}s>\d{{2}})(?:[.,](?P<{p}f>\d{{1,6}})\d*)?)?(?!\d)['’′]?"  # "15h15'"
        rf"(?:\s*phút)?"  # written out: "08 giờ 30 phút"
        # "PM", "p.m."; the vi-VN culture of ASP.NET prints "SA" (sáng) and "CH" (chiều).
        rf"(?:\s*(?:(?P<{p}ap>[ap])\.?m\b\.?|(?P<{p}vi>SA|CH)\b))?"
    )


# "Z" only glued to a time (ISO); "GMT+7", "(GMT+7)", "GMT+07:00", "+0700", "+07:00", "GMT".
_ZONE = r"""
    (?: (?P<zulu>Z)(?![^\W\d_])
      | \s*\(?\s*
        (?: (?:GMT|UTC)\s*(?P<gs>[+-])\s*(?P<gh>\d{1,2})(?::?(?P<gm>\d{2}))?(?!\d)
          | (?P<ns>[+-])(?P<nh>\d{2}):?(?P<nm>\d{2})(?!\d)
          | (?P<utc>GMT|UTC|UT)\b )
        (?:\s*\))?
    )"""

# Relative stamps. Months and years as WordPress's human_time_diff() counts them (30/365 days),
# since that is what printed "2 tháng trước" in the first place.
_AGO_UNITS = {
    "giây": timedelta(seconds=1), "second": timedelta(seconds=1), "sec": timedelta(seconds=1),
    "phút": timedelta(minutes=1), "minute": timedelta(minutes=1), "min": timedelta(minutes=1),
    "giờ": timedelta(hours=1), "tiếng": timedelta(hours=1), "hour": timedelta(hours=1),
    "ngày": timedelta(days=1), "day": timedelta(days=1),
    "tuần": timedelta(weeks=1), "week": timedelta(weeks=1),
    "tháng": timedelta(days=30), "month": timedelta(days=30),
    "năm": timedelta(days=365), "year": timedelta(days=365),
}
_DAYS_BACK = {"nay": 0, "qua": 1, "kia": 2}
_AGO_UNIT = "|".join(sorted(_AGO_UNITS, key=len, reverse=True))
# A relative age printed on its own ("8 ngày", "2 giờ trước", "3 days ago", "hôm qua"): a stamp
# whose full date a page may keep elsewhere (a tooltip).
RELATIVE_AGE = re.compile(rf"\d{{1,4}}\s*(?:{_AGO_UNIT})s?(?:\s+(?:trước|ago))?|hôm\s+qua", re.I)

WEEKDAY = r"thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật"
_DAY_PART = r"sáng|trưa|chiều|tối|đêm"

# English month names, as an English edition prints its date lines ("November 18, 2026 -
# 08:12", "18 Nov 2026"); the first three letters name the month.
MONTH_WORD = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
               r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b")

_DATE = re.compile(
    rf"""
    (?<!\d)(?P<n>\d{{1,4}})\s*(?P<unit>{_AGO_UNIT})s?
        \s+(?:trước|ago)\b
    |
    (?:{_clock("a_")}\s*(?:[-–—|,•·]\s*)?)?                # time first: "21:11 29/12/2024"
    (?:\b(?P<cue>ngày|{_DAY_PART}|{WEEKDAY})\s*,?\s*)?  # "Chiều 02/10", "Thứ Ba, 29.11.2022"
    (?<![\d/.])
    (?: (?P<iy>\d{{4}})(?P<isep>[-/.])(?P<im>\d{{1,2}})(?P=isep)(?P<id>\d{{1,2}})(?!\d)
      | (?P<d>\d{{1,2}})(?P<sep>[-/.])(?P<m>\d{{1,2}})(?P=sep)(?P<y>\d{{4}})(?!\d)
      | (?P<sd>\d{{1,2}})/(?P<sm>\d{{1,2}})/(?P<sy>\d{{2}})(?![\d/])  # Liferay's "18/11/26"
      | (?P<wd>\d{{1,2}})\s+tháng\s+(?P<wm>\d{{1,2}})(?!\d)
        (?:\s*(?:,|năm)?\s*(?P<wy>\d{{4}})(?!\d))?  # "năm 2026", ", 2026", K2's " 2026"
      | (?P<em>{MONTH_WORD})\.?\s+(?P<ed>\d{{1,2}}),?\s+(?P<ey>\d{{4}})(?!\d)  # "November 18, 2026"
      | (?P<fd>\d{{1,2}})\s+(?P<fm>{MONTH_WORD})\.?,?\s+(?P<fy>\d{{4}})(?!\d)   # "18 November 2026"
      | (?P<yd>\d{{1,2}})[-/.](?P<ym>\d{{1,2}})(?!\d|[-/.]\d)
      | hôm\s+(?P<rel>nay|qua|kia)\b
    )
    (?:(?:T|\s*(?:[-–—|,•·]\s*)?(?:(?:vào\s+)?lúc\s+)?){_clock("b_")})?   # time after
    (?:{_ZONE})?
    """,
    re.IGNORECASE | re.VERBOSE,
)

_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
# "Tue, 17 Nov 2026 08:15:00 +0700", also with "GMT+7" or no zone at all.
_RFC822 = re.compile(
    rf"""(?:[^\W\d_]+,?\s*)?(?P<d>\d{{1,2}})\s+(?P<mon>[a-z]{{3}})[a-z]*\.?\s+(?P<y>\d{{4}})
    \s+{_clock("b_")}(?:{_ZONE})?\s*""",
    re.IGNORECASE | re.VERBOSE,
)
# ASP.NET's default ToString() in feeds: month first, 12-hour clock, no zone.
_DOTNET = re.compile(
    rf"(?P<m>\d{{1,2}})/(?P<d>\d{{1,2}})/(?P<y>\d{{4}})\s+{_clock('b_')}(?:{_ZONE})?\s*",
    re.IGNORECASE | re.VERBOSE,
)

# Words dateparser stumbles over ("Chiều 02/10", "Cập nhật: 10:30 ngày 12/10/2023").
_NOISE = re.compile(
    rf"\b(?:cập\s+nhật|đăng\s+lúc|đăng\s+ngày|xuất\s+bản|ngày|lúc|vào|{WEEKDAY}|{_DAY_PART})\b",
    re.IGNORECASE,
)
# dateparser is only worth its millisecond on something as short as a printed date.
_DATEPARSER_MAX_CHARS = 80
_DATEPARSER_SETTINGS = {
    "DATE_ORDER": "DMY",
    "PREFER_DATES_FROM": "past",
    # A lone "15" or "2017" is not a publication date.
    "REQUIRE_PARTS": ["day", "month"],
    "RETURN_AS_TIMEZONE_AWARE": True,
    "TIMEZONE": "Asia/Ho_Chi_Minh",
}


def same_minute(one: datetime, other: datetime) -> bool:
    """The same instant to the minute, whatever the offsets (01:25Z is 08:25+07:00): a page's
    JSON-LD in UTC and its printed local time name one time, and readers' feeds show it in
    their own zone either way."""
    return one.replace(second=0, microsecond=0) == other.replace(second=0, microsecond=0)


def parse_date(text: str | None, *, reference: datetime | None = None) -> datetime | None:
    """Parse a date as printed on a Vietnamese page.

    Never raises; returns an aware datetime or None. Day-first. Missing zone => +07:00.
    ``reference`` (aware; default now) anchors yearless and relative dates; a yearless date is
    put in the latest year that is not after ``reference`` (+1 day skew allowed). Results more
    than 1 day after ``reference`` are rejected (None).
    The first acceptable date in ``text`` wins; when the text holds date-shaped tokens that are
    all invalid or in the future, the answer is None rather than a guess by dateparser.
    """
    cleaned = normalize_text(text) if isinstance(text, str) else ""
    if not cleaned:
        return None
    ref = _reference(reference)
    seen = False
    for found in _candidates(cleaned, ref):
        if found is not None:
            return found
        seen = True
    if seen and (dotnet := _DOTNET.search(cleaned)) and dotnet["b_ap"]:
        # ASP.NET's month-first default, printed on a page as in its feeds ("11/17/2026
        # 3:25:00 PM"): read so only where day-first found no valid date.
        return _settle(
            lambda: _combine(int(dotnet["y"]), int(dotnet["m"]), int(dotnet["d"]), dotnet), ref)
    return None if seen else _parse_with_dateparser(cleaned, ref)


def parse_feed_date(text: str | None, *, reference: datetime | None = None) -> datetime | None:
    """Dates in RSS/Atom/sitemaps. Never raises.

    RFC 822 (``Tue, 17 Nov 2026 08:15:00 +0700``, also ``GMT+7`` suffixes), ISO 8601
    (``2026-11-17T08:15:00+07:00``, ``+0700``, ``Z``, date-only), and the .NET month-first
    ``9/24/2026 9:41:00 PM`` with no zone (means +07:00). Anything else is read as a page date
    (:func:`parse_date`), since Vietnamese feeds also print "08/01/2026 - 18:21".
    """
    cleaned = normalize_text(text) if isinstance(text, str) else ""
    if not cleaned:
        return None
    ref = _reference(reference)
    rfc = _RFC822.fullmatch(cleaned)
    if rfc:
        month = _MONTHS.get(rfc["mon"].lower())
        if month is None:
            return None
        return _settle(lambda: _combine(int(rfc["y"]), month, int(rfc["d"]), rfc), ref)
    dotnet = _DOTNET.fullmatch(cleaned)
    if dotnet and dotnet["b_ap"]:
        return _settle(
            lambda: _combine(int(dotnet["y"]), int(dotnet["m"]), int(dotnet["d"]), dotnet), ref
        )
    return parse_date(cleaned, reference=ref)


# A zone's name beside a printed time ("(GMT+7)"): no word of a sentence.
_ZONE_NAME = re.compile(r"\b(?:GMT|UTC|ICT)\b", re.I)


def date_alone(text: str) -> bool:
    """Whether ``text`` is one printed date with its year and nothing else but its weekday,
    time, zone and a posting label ("Thứ Hai, 12/10/2026, 16:40 (GMT+7)", "Cập nhật:
    09/10/2026 15:40"): a date line, not a sentence that holds a date."""
    cleaned = normalize_text(text)
    match = _DATE.search(cleaned)
    if match is None or not re.search(r"\d{4}", match.group(0)):
        return False
    rest = _ZONE_NAME.sub("", _NOISE.sub("", cleaned[:match.start()] + cleaned[match.end():]))
    return not any(char.isalpha() for char in rest)


def find_dates(text: str, *, reference: datetime | None = None) -> list[datetime]:
    """Every date found in a longer text (e.g. a byline/meta line), in order of appearance.

    Regex forms only (no dateparser); invalid and future dates are left out.
    """
    cleaned = normalize_text(text) if isinstance(text, str) else ""
    ref = _reference(reference)
    return [found for found in _candidates(cleaned, ref) if found is not None]


def _reference(reference: datetime | None) -> datetime:
    if reference is None:
        return datetime.now(VN_TZ)
    return reference if reference.tzinfo is not None else reference.replace(tzinfo=VN_TZ)


def _candidates(text: str, ref: datetime) -> Iterator[datetime | None]:
    """Each date-shaped token in order: its datetime, or None when invalid or in the future."""
    for match in _DATE.finditer(text):
        yearless = match["yd"] or (match["wd"] and not match["wy"])
        if yearless and not (match["cue"] or match["a_h"] or match["b_h"]):
            yield None  # a bare "1/2" or "10.5" is a fraction or a number, not a date
        else:
            yield _settle(partial(_from_match, match, ref), ref)


def _settle(build: Callable[[], datetime], ref: datetime) -> datetime | None:
    """Run ``build``; None if it finds the date invalid, implausibly old, or in the future."""
    try:
        found = build()
        return found if found.year >= _EARLIEST_YEAR and found <= ref + _SKEW else None
    except (ValueError, OverflowError):
        return None


def _from_match(m: re.Match[str], ref: datetime) -> datetime:
    if m["unit"]:
        return ref.astimezone(VN_TZ) - int(m["n"]) * _AGO_UNITS[m["unit"].lower()]
    if m["rel"]:
        when = ref.astimezone(VN_TZ).date() - timedelta(days=_DAYS_BACK[m["rel"].lower()])
        return _combine(when.year, when.month, when.day, m)
    if m["iy"]:
        return _combine(int(m["iy"]), int(m["im"]), int(m["id"]), m)
    if m["y"]:
        return _combine(int(m["y"]), int(m["m"]), int(m["d"]), m)
    if m["sy"]:
        return _combine(2000 + int(m["sy"]), int(m["sm"]), int(m["sd"]), m)
    if m["wy"]:
        return _combine(int(m["wy"]), int(m["wm"]), int(m["wd"]), m)
    if m["ey"]:
        return _combine(int(m["ey"]), _MONTHS[m["em"][:3].lower()], int(m["ed"]), m)
    if m["fy"]:
        return _combine(int(m["fy"]), _MONTHS[m["fm"][:3].lower()], int(m["fd"]), m)
    day, month = (m["yd"], m["ym"]) if m["yd"] else (m["wd"], m["wm"])
    return _latest_year(int(month), int(day), m, ref)


def _latest_year(month: int, day: int, m: re.Match[str], ref: datetime) -> datetime:
    """Yearless dates ("Chiều 28/12") belong to the latest year not after the reference; 29/2
    may have to go back to the previous leap year, at most 8 years."""
    newest = ref.astimezone(VN_TZ).year + 1
    for year in range(newest, newest - 10, -1):
        try:
            found = _combine(year, month, day, m)
        except ValueError:
            continue
        if found <= ref + _SKEW:
            return found
    raise ValueError(f"no year fits day {day} of month {month}")


def _combine(year: int, month: int, day: int, m: re.Match[str]) -> datetime:
    """The datetime of a match's date parts plus its stated time and zone (midnight, Vietnam
    time when it states none)."""
    groups = m.groupdict()
    return datetime.combine(date(year, month, day), _time_of_day(groups), _offset(groups) or VN_TZ)


def _time_of_day(groups: dict[str, str | None]) -> time:
    """The time after the date (``b_`` groups) or else before it (``a_``); midnight if none."""
    p = "b_" if groups.get("b_h") else "a_" if groups.get("a_h") else ""
    if not p:
        return time()
    hour = int(groups[p + "h"] or 0)
    meridiem = groups[p + "ap"] or groups[p + "vi"]
    if meridiem:
        if not 1 <= hour <= 12:
            raise ValueError(f"{hour} is not a 12-hour clock hour")
        hour = hour % 12 + (12 if meridiem.lower() in ("p", "ch") else 0)
    micro = int((groups[p + "f"] or "0").ljust(6, "0"))
    return time(hour, int(groups[p + "m"] or 0), int(groups[p + "s"] or 0), micro)


def _offset(groups: dict[str, str | None]) -> tzinfo | None:
    """The zone the match states, or None when it states none."""
    if groups["zulu"] or groups["utc"]:
        return UTC
    kind = "g" if groups["gs"] else "n" if groups["ns"] else ""
    if not kind:
        return None
    hours, minutes = int(groups[kind + "h"] or 0), int(groups[kind + "m"] or 0)
    delta = timedelta(hours=hours, minutes=minutes)
    if delta > _MAX_OFFSET or minutes >= 60:
        raise ValueError(f"{hours}:{minutes} is not a zone offset")
    return timezone(-delta if groups[kind + "s"] == "-" else delta)


def _parse_with_dateparser(text: str, ref: datetime) -> datetime | None:
    """Last resort for what the regex does not know (month words: "20 tháng mười một, 2017")."""
    if len(text) > _DATEPARSER_MAX_CHARS or not any(ch.isdigit() for ch in text):
        return None
    stripped = " ".join(_NOISE.sub(" ", text).split()).strip(" ,:;|-–—")
    if not stripped:
        return None
    import dateparser  # slow to import; most runs never get here

    try:
        base = ref.astimezone(VN_TZ).replace(tzinfo=None)
        found = dateparser.parse(
            stripped, languages=["vi"], settings={**_DATEPARSER_SETTINGS, "RELATIVE_BASE": base}
        )
    except Exception:  # a third-party parser on arbitrary text; our contract is "never raises"
        return None
    offset = found.utcoffset() if found is not None else None
    if offset is None:
        return None
    # dateparser hands back pytz zones; a plain fixed offset keeps arithmetic and output sane.
    return _settle(lambda: found.astimezone(timezone(offset)), ref)
