"""Dates as Vietnamese pages and feeds print them. Expected values are worked out by hand."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aggregator.dates import VN_TZ, find_dates, parse_date, parse_feed_date

PLUS7 = timezone(timedelta(hours=7))
# A Friday noon in Hanoi; every relative and yearless expectation below counts from here.
REF = datetime(2026, 11, 20, 12, 0, tzinfo=VN_TZ)


def vn(*parts: int) -> datetime:
    """A wall-clock time in Vietnam, written as the page prints it."""
    return datetime(*parts, tzinfo=PLUS7)  # type: ignore[misc]


def assert_same(found: datetime | None, expected: datetime) -> None:
    """Same instant *and* same printed offset (feeds show the offset)."""
    assert found is not None
    assert found == expected
    assert found.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("22/06/2012 08:15", vn(2012, 6, 22, 8, 15)),
        ("08/01/2026 - 18:21", vn(2026, 1, 8, 18, 21)),
        ("Ngày xuất bản 18/11/25 09:30", vn(2025, 11, 18, 9, 30)),  # Liferay's two-digit year
        ("21:11 29/12/2024", vn(2024, 12, 29, 21, 11)),
        ("13:43 | 13/08/2015", vn(2015, 8, 13, 13, 43)),
        ("Thứ Ba, 29.11.2022 - 07:56:45", vn(2022, 11, 29, 7, 56, 45)),
        ("Thứ ba, 31/10/2017 21:33 (GMT+7)", vn(2017, 10, 31, 21, 33)),
        ("Thứ ba,  05/07/2022", vn(2022, 7, 5)),
        ("Thứ ba,\u00a0 05/07/2022", vn(2022, 7, 5)),
        ("Chủ nhật, 5/7/2026", vn(2026, 7, 5)),
        ("2023-06-30 12:04", vn(2023, 6, 30, 12, 4)),
        ("Ngày 20 tháng 11 năm 2017", vn(2017, 11, 20)),
        ("20 tháng 11, 2017", vn(2017, 11, 20)),
        ("2025-06-17T13:43:02+0700", vn(2025, 6, 17, 13, 43, 2)),
        ("2025-06-17T13:43:02+07:00", vn(2025, 6, 17, 13, 43, 2)),
        ("2025-06-17T06:43:02Z", datetime(2025, 6, 17, 6, 43, 2, tzinfo=UTC)),
        ("Cập nhật: 10:30 ngày 12/10/2023", vn(2023, 10, 12, 10, 30)),
        ("Đăng lúc 9h05 ngày 3/4/2024", vn(2024, 4, 3, 9, 5)),
        ("12-10-2023", vn(2023, 10, 12)),
        ("12.10.2023", vn(2023, 10, 12)),
        ("2/3/2024 7:05", vn(2024, 3, 2, 7, 5)),
        ("12/10/2023 09:05 GMT+07:00", vn(2023, 10, 12, 9, 5)),
        ("12/10/2023 09:05 (GMT+8)",
         datetime(2023, 10, 12, 9, 5, tzinfo=timezone(timedelta(hours=8)))),
        ("10:30 PM 12/10/2023", vn(2023, 10, 12, 22, 30)),
        # ASP.NET's vi-VN culture: "SA" (sáng, a.m.) and "CH" (chiều, p.m.).
        ("Ngày đăng: 06/10/2026 3:25:00 CH", vn(2026, 10, 6, 15, 25)),
        # the minutes marked with an apostrophe, the time first
        ("15h15' ngày 20/11/2026", vn(2026, 11, 20, 15, 15)),
        # the time written out in words, before the date written out too
        ("08 giờ 30 phút, ngày 12 tháng 11 năm 2026", vn(2026, 11, 12, 8, 30)),
        ("06/10/2026 9:05:00 SA", vn(2026, 10, 6, 9, 5)),
        ("06/10/2026 12:05:00 SA", vn(2026, 10, 6, 0, 5)),
        ("06/10/2026 12:05:00 CH", vn(2026, 10, 6, 12, 5)),
        ("Bài đăng ngày 12/10/2023 lúc 10:30, 1.234 lượt xem", vn(2023, 10, 12, 10, 30)),
        # Yearless: the latest year not after REF; day-part words never shift the clock.
        ("Chiều 02/10", vn(2026, 10, 2)),
        ("Sáng 2/2", vn(2026, 2, 2)),
        ("Ngày 8-1", vn(2026, 1, 8)),
        ("Tối 28/12 lúc 19:30", vn(2025, 12, 28, 19, 30)),
        ("Chiều 20/11, 15:00", vn(2026, 11, 20, 15, 0)),
        ("ngày 2 tháng 10", vn(2026, 10, 2)),
        # Relative to REF.
        ("2 giờ trước", vn(2026, 11, 20, 10, 0)),
        ("30 phút trước", vn(2026, 11, 20, 11, 30)),
        ("3 ngày trước", vn(2026, 11, 17, 12, 0)),
        ("1 ngày ago", vn(2026, 11, 19, 12, 0)),
        ("2 tuần trước", vn(2026, 11, 6, 12, 0)),
        ("hôm qua", vn(2026, 11, 19)),
        ("Hôm qua lúc 10:30", vn(2026, 11, 19, 10, 30)),
        ("hôm nay", vn(2026, 11, 20)),
        # Month words are beyond the regex: dateparser's turn, after noise is stripped.
        ("20 tháng mười một, 2017", vn(2017, 11, 20)),
        ("Thứ Hai, 17 Tháng Mười Một 2025", vn(2025, 11, 17)),
        # Joomla K2's itemDateCreated: no "năm" or comma before the year (held-out round 3).
        ("Thứ ba, 10 Tháng 11 2026 08:30", vn(2026, 11, 10, 8, 30)),
    ],
)
def test_parse_date_reads_printed_forms(text: str, expected: datetime) -> None:
    assert_same(parse_date(text, reference=REF), expected)


@pytest.mark.parametrize(
    "text",
    [
        "31/02/2026",
        "32/01/2026",
        "00/01/2026",
        "13:43 | 13/13/2015",
        "12/10/2023 25:00",
        "12/10/2023 10:60",
        "12/10/2023 13:00 PM",
        "12/10/2023 10:30 GMT+25",
        "Ngày 31/2",
        "1/2",
        "10.5%",
        "phiên bản 3.5.10",  # a version, not a two-digit-year date (those take slashes only)
        "Tin tức",
        "",
        "   ",
        None,
    ],
)
def test_invalid_input_gives_none(text: str | None) -> None:
    assert parse_date(text, reference=REF) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chiều 28/12", vn(2025, 12, 28)),
        ("Sáng 2/1", vn(2026, 1, 2)),
        ("Ngày 3-1", vn(2026, 1, 3)),
        ("Ngày 4-1", vn(2026, 1, 4)),  # tomorrow: inside the one-day skew
        ("Ngày 5-1", vn(2025, 1, 5)),  # two days ahead would be the future: last year
        ("Ngày 29/2", vn(2024, 2, 29)),  # the latest leap year
    ],
)
def test_yearless_dates_across_the_new_year(text: str, expected: datetime) -> None:
    reference = datetime(2026, 1, 3, 12, 0, tzinfo=VN_TZ)
    assert_same(parse_date(text, reference=reference), expected)


def test_future_dates_are_rejected_beyond_one_day() -> None:
    assert parse_date("05/07/2030", reference=REF) is None
    assert_same(parse_date("21/11/2026 11:00", reference=REF), vn(2026, 11, 21, 11, 0))
    assert parse_date("21/11/2026 13:00", reference=REF) is None
    assert parse_feed_date("Wed, 17 Nov 2027 08:15:00 +0700", reference=REF) is None


def test_first_acceptable_date_wins_and_invalid_tokens_block_guessing() -> None:
    banner_then_article = "Thứ ba, 05/07/2022 Đoàn công tác ... 22/06/2012 08:15"
    assert_same(parse_date(banner_then_article, reference=REF), vn(2022, 7, 5))
    assert_same(parse_date("05/07/2030 rồi 22/06/2012 08:15", reference=REF),
                vn(2012, 6, 22, 8, 15))


def test_nfd_input_reads_like_nfc() -> None:
    for text in ("Chiều 02/10", "Ngày 20 tháng 11 năm 2017", "Cập nhật: 10:30 ngày 12/10/2023"):
        decomposed = unicodedata.normalize("NFD", text)
        assert decomposed != text
        assert parse_date(decomposed, reference=REF) == parse_date(text, reference=REF)
        assert parse_date(decomposed, reference=REF) is not None


def test_naive_reference_means_vietnam_time() -> None:
    naive = datetime(2026, 1, 3, 12, 0)
    assert_same(parse_date("2 giờ trước", reference=naive), vn(2026, 1, 3, 10, 0))


def test_reference_in_another_zone_uses_the_vietnamese_calendar_day() -> None:
    # 20:00 UTC on 2 Jan is already 3 Jan in Hanoi, so "hôm qua" is 2 Jan there.
    reference = datetime(2026, 1, 2, 20, 0, tzinfo=UTC)
    assert_same(parse_date("hôm qua", reference=reference), vn(2026, 1, 2))


def test_default_reference_is_now() -> None:
    found = parse_date("5 phút trước")
    assert found is not None
    assert timedelta(minutes=4) < datetime.now(VN_TZ) - found < timedelta(minutes=6)


@pytest.mark.parametrize(
    "reference",
    [datetime.max.replace(tzinfo=UTC), datetime.min.replace(tzinfo=timezone(timedelta(hours=10)))],
)
@pytest.mark.parametrize(
    "text",
    ["20 tháng mười một, 2017", "hôm qua", "Chiều 2/10", "3 năm trước", "31/12/9999 23:59",
     "Mon, 01 Jan 0001 00:00:00 +0700", "1/1/0001 12:00:00 AM"],
)
def test_references_at_the_calendar_edges_do_not_raise(text: str, reference: datetime) -> None:
    results = [parse_date(text, reference=reference), parse_feed_date(text, reference=reference),
               *find_dates(text, reference=reference)]
    assert all(found is None or found.utcoffset() is not None for found in results)


def test_vietnam_zone_is_plus_seven() -> None:
    assert datetime(2026, 6, 1, tzinfo=VN_TZ).utcoffset() == timedelta(hours=7)
    assert datetime(1990, 1, 1, tzinfo=VN_TZ).utcoffset() == timedelta(hours=7)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tue, 17 Nov 2026 08:15:00 +0700", vn(2026, 11, 17, 8, 15)),
        ("Tue, 17 Nov 2026 08:15:00 +07:00", vn(2026, 11, 17, 8, 15)),
        ("Tue, 17 Nov 2026 08:15:00 GMT+7", vn(2026, 11, 17, 8, 15)),
        ("Tue, 17 Nov 2026 08:15:00 GMT+07:00", vn(2026, 11, 17, 8, 15)),
        ("Tue, 17 Nov 2026 01:15:00 GMT", datetime(2026, 11, 17, 1, 15, tzinfo=UTC)),
        ("17 Nov 2026 08:15 -0500",
         datetime(2026, 11, 17, 8, 15, tzinfo=timezone(timedelta(hours=-5)))),
        ("Tue, 17 Nov 2026 08:15:00", vn(2026, 11, 17, 8, 15)),
        ("  Tue, 3 November 2026 08:15:00 +0700\n", vn(2026, 11, 3, 8, 15)),
        ("2026-11-17T08:15:00+07:00", vn(2026, 11, 17, 8, 15)),
        ("2026-11-17T08:15:00+0700", vn(2026, 11, 17, 8, 15)),
        ("2026-11-17T01:15:00Z", datetime(2026, 11, 17, 1, 15, tzinfo=UTC)),
        ("2026-11-17T01:15:00.250Z", datetime(2026, 11, 17, 1, 15, 0, 250000, tzinfo=UTC)),
        ("2026-11-17T08:15", vn(2026, 11, 17, 8, 15)),
        ("2026-11-17", vn(2026, 11, 17)),
        ("9/24/2026 9:41:00 PM", vn(2026, 9, 24, 21, 41)),
        ("9/24/2026 12:05:00 AM", vn(2026, 9, 24, 0, 5)),
        ("11/2/2026 12:30:00 PM", vn(2026, 11, 2, 12, 30)),
        # Not a feed form: read as a page would print it, day first.
        ("08/01/2026 - 18:21", vn(2026, 1, 8, 18, 21)),
        ("11/2/2026 12:30", vn(2026, 2, 11, 12, 30)),
    ],
)
def test_parse_feed_date_reads_feed_forms(text: str, expected: datetime) -> None:
    assert_same(parse_feed_date(text, reference=REF), expected)


@pytest.mark.parametrize(
    "text",
    [
        "Tue, 31 Feb 2026 08:15:00 +0700",
        "Tue, 17 Foo 2026 08:15:00 +0700",
        "Tue, 17 Nov 2026 25:15:00 +0700",
        "13/24/2026 9:41:00 PM",
        "9/24/2026 13:41:00 PM",
        "2026-13-01",
        "",
        None,
    ],
)
def test_invalid_feed_dates_give_none(text: str | None) -> None:
    assert parse_feed_date(text, reference=REF) is None


def test_find_dates_in_order_skipping_fractions_and_invalid_dates() -> None:
    byline = (
        "Cập nhật 10:30 12/10/2023 | Sáng 2/2 đoàn đến, 1/2 số hộ đã nhận; "
        "bài gốc 22/06/2012 08:15 - sửa 31/02/2026, 2 giờ trước"
    )
    assert find_dates(byline, reference=REF) == [
        vn(2023, 10, 12, 10, 30),
        vn(2026, 2, 2),
        vn(2012, 6, 22, 8, 15),
        vn(2026, 11, 20, 10, 0),
    ]
    assert find_dates("Không có ngày tháng nào ở đây", reference=REF) == []


def test_dateparser_is_imported_lazily() -> None:
    code = "import sys, aggregator.dates; print('dateparser' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"


WEEKDAYS = ("Thứ Hai", "Thứ ba", "Thứ Tư", "Thứ năm", "Thứ Sáu", "Thứ bảy", "Chủ nhật")
PRINTED = (
    lambda d: f"{d:%d/%m/%Y %H:%M}",
    lambda d: f"{d:%d/%m/%Y} - {d:%H:%M}",
    lambda d: f"{d:%H:%M} {d:%d/%m/%Y}",
    lambda d: f"{d:%H:%M} | {d:%d/%m/%Y}",
    lambda d: f"{WEEKDAYS[d.weekday()]}, {d:%d.%m.%Y - %H:%M}",
    lambda d: f"{WEEKDAYS[d.weekday()]}, {d:%d/%m/%Y %H:%M} (GMT+7)",
    lambda d: f"{d:%Y-%m-%d %H:%M}",
    lambda d: f"{d:%Y-%m-%dT%H:%M}+07:00",
    lambda d: f"Cập nhật: {d:%H:%M} ngày {d.day}/{d.month}/{d.year}",
    lambda d: f"Ngày {d.day} tháng {d.month} năm {d.year} lúc {d:%H:%M}",
)
MINUTES = st.datetimes(min_value=datetime(1995, 1, 1), max_value=datetime(2026, 11, 20)).map(
    lambda d: d.replace(second=0, microsecond=0, tzinfo=PLUS7)
)


@given(MINUTES, st.sampled_from(PRINTED))
def test_printed_dates_round_trip(moment: datetime, printed) -> None:  # type: ignore[no-untyped-def]
    assert_same(parse_date(printed(moment), reference=REF), moment)


# Date-shaped noise: the pieces real dates are made of, in random order.
DATE_PIECES = [
    *"0123456789/.-:, |()+TZhPAM\u00a0\u0301",
    "GMT", "tháng ", "năm ", "Ngày ", "Chiều ", "hôm qua", " trước", " giờ", "ago", "Nov",
]
DATEISH = st.lists(st.sampled_from(DATE_PIECES), max_size=30).map("".join)
TEXTS = st.one_of(st.text(max_size=120), DATEISH, st.none())
REFERENCES = st.datetimes(
    min_value=datetime(1980, 1, 1),
    max_value=datetime(2100, 1, 1),
    timezones=st.sampled_from([VN_TZ, UTC, timezone(timedelta(hours=-10))]),
)


def assert_aware_and_not_future(found: datetime | None, reference: datetime) -> None:
    if found is not None:
        assert found.tzinfo is not None and found.utcoffset() is not None
        assert found <= reference + timedelta(days=1)


@settings(deadline=None, max_examples=300)
@given(TEXTS, REFERENCES)
def test_parse_date_never_raises_never_naive_never_future(text: str | None,
                                                          reference: datetime) -> None:
    assert_aware_and_not_future(parse_date(text, reference=reference), reference)


@settings(deadline=None, max_examples=300)
@given(TEXTS, REFERENCES)
def test_parse_feed_date_never_raises_never_naive_never_future(text: str | None,
                                                               reference: datetime) -> None:
    assert_aware_and_not_future(parse_feed_date(text, reference=reference), reference)


@settings(deadline=None)
@given(st.one_of(st.text(max_size=200), DATEISH), REFERENCES)
def test_find_dates_never_raises_never_naive_never_future(text: str, reference: datetime) -> None:
    for found in find_dates(text, reference=reference):
        assert_aware_and_not_future(found, reference)


@pytest.mark.parametrize("text", ["1/1/0001 12:00:00 AM", "0001-01-01T00:00:00",
                                  "Thứ Hai, 01/01/1900 - 00:00", "Mon, 01 Jan 1990 00:00:00 +0700"])
def test_implausibly_old_dates_are_misreadings(text: str) -> None:
    """.NET's empty date and founding years in banners must not sort an article last forever."""
    assert parse_feed_date(text, reference=REF) is None
    assert parse_date(text, reference=REF) is None


def test_the_earliest_plausible_year_is_accepted() -> None:
    assert parse_date("Thứ Hai, 02/01/1995 - 08:00", reference=REF) == datetime(
        1995, 1, 2, 8, 0, tzinfo=VN_TZ)
