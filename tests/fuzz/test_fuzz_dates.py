"""Property tests of the date parser: never raises, never naive, never in the future."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from aggregator.dates import find_dates, parse_date, parse_feed_date
from tests.fuzz.strategies import FUZZ, mixed_text

VN = timezone(timedelta(hours=7))
REFERENCE = datetime(2026, 11, 30, 12, 0, tzinfo=VN)
SKEW = timedelta(days=1)
"""The parser's documented tolerance for clocks running ahead."""

_NUMBER = st.integers(min_value=0, max_value=9999).map(str)
DATE_FRAGMENTS = st.one_of(
    st.sampled_from([
        "Ngày ", "ngày ", " tháng ", " năm ", "Thứ Hai, ", "Chủ nhật, ", "Sáng ", "Chiều ",
        " giờ trước", " phút trước", " ngày ago", "hôm qua", "hôm nay", " - ", " | ", "GMT+7",
        "+07:00", "Z", "T", ":", "/", ".", "-", " AM", " PM", "Tue, ", " Nov ", " +0700",
        "Cập nhật: ", "(GMT+7)", "Thg 11", "năm 1900", "31/02/2026", "29/02/2025", "00:00",
        "25:61", "9/24/2026 9:41:00 PM", "2026-11-17T08:15:00+07:00", "Mon, 31 Feb 2026",
        "99999999999999999999", "01/01/0001", "31/12/9999 23:59", "2026-11-30T23:59:59-14:00",
    ]),
    _NUMBER,
    st.builds(lambda d, m, y: f"{d}/{m}/{y}", _NUMBER, _NUMBER, _NUMBER),
    st.datetimes(timezones=st.sampled_from([UTC, VN, timezone(timedelta(hours=-12))]))
    .map(lambda d: d.isoformat()),
)
DATE_TEXT = mixed_text(DATE_FRAGMENTS)
REFERENCES = st.one_of(
    st.just(REFERENCE),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1),
                 timezones=st.sampled_from([UTC, VN])),
)


def _check(result: datetime | None, reference: datetime) -> None:
    if result is None:
        return
    assert isinstance(result, datetime)
    assert result.tzinfo is not None and result.utcoffset() is not None, result
    assert result <= reference + SKEW, (result, reference)


@FUZZ
@given(DATE_TEXT, REFERENCES)
def test_parse_date_is_total_aware_and_not_in_the_future(text: str, reference: datetime) -> None:
    _check(parse_date(text, reference=reference), reference)


@FUZZ
@given(DATE_TEXT, REFERENCES)
def test_parse_feed_date_is_total_aware_and_not_in_the_future(text: str,
                                                              reference: datetime) -> None:
    _check(parse_feed_date(text, reference=reference), reference)


@FUZZ
@given(DATE_TEXT, REFERENCES)
def test_find_dates_are_all_aware_and_not_in_the_future(text: str, reference: datetime) -> None:
    found = find_dates(text, reference=reference)
    assert isinstance(found, list)
    for result in found:
        _check(result, reference)


@FUZZ
@given(DATE_TEXT)
def test_default_reference_is_now(text: str) -> None:
    before = datetime.now(UTC)
    for parse in (parse_date, parse_feed_date):
        result = parse(text)
        if result is not None:
            assert result.utcoffset() is not None
            assert result <= before + SKEW + timedelta(minutes=1)
