"""The adaptive polling policy: pure functions of history and a given clock."""

from __future__ import annotations

from datetime import datetime, timedelta

from aggregator.dates import VN_TZ
from aggregator.polling import Bounds, SiteHistory, decide_interval, hourly_profile, publishing_rate

BOUNDS = Bounds(start=1800, minimum=300, maximum=6 * 3600)
NOON = datetime(2026, 11, 18, 12, 0, tzinfo=VN_TZ)


def daily(per_day: int, days: int = 14, until: datetime = NOON) -> list[datetime]:
    """``per_day`` articles a day spread over 07:00-21:00, for ``days`` days before ``until``."""
    times = []
    for day in range(days):
        base = (until - timedelta(days=day)).replace(hour=7, minute=0)
        times += [base + timedelta(minutes=i * 14 * 60 // per_day) for i in range(per_day)]
    return [when for when in times if when <= until]


def test_a_site_never_crawled_starts_at_its_every() -> None:
    decision = decide_interval(SiteHistory(published=[]), BOUNDS, NOON)
    assert decision.seconds == 1800 and "starting interval" in decision.reason


def test_busy_sites_are_polled_more_often_than_quiet_ones_within_the_bounds() -> None:
    busy = decide_interval(SiteHistory(daily(50), runs=10), BOUNDS, NOON)
    medium = decide_interval(SiteHistory(daily(2), runs=10), BOUNDS, NOON)
    quiet = decide_interval(SiteHistory(daily(1, days=28)[::7], runs=10), BOUNDS, NOON)
    assert BOUNDS.minimum <= busy.seconds < 1800 < medium.seconds < quiet.seconds <= BOUNDS.maximum
    assert "learned" in busy.reason and "/day" in busy.reason


def test_nights_are_polled_less_than_days() -> None:
    history = SiteHistory(daily(20), runs=10)
    day = decide_interval(history, BOUNDS, NOON)
    night = decide_interval(history, BOUNDS, NOON.replace(hour=1))
    assert night.seconds > 2 * day.seconds


def test_the_first_morning_poll_is_not_late() -> None:
    """Just before newsrooms start, the interval ends soon after the rate picks up."""
    history = SiteHistory(daily(40), runs=10)
    dawn = NOON.replace(hour=5, minute=50)
    decision = decide_interval(history, BOUNDS, dawn)
    assert dawn + timedelta(seconds=decision.seconds) < dawn.replace(hour=7)


def test_the_bounds_hold() -> None:
    history = SiteHistory(daily(50), runs=10)
    assert decide_interval(history, Bounds(1800, 1200, 3600), NOON).seconds == 1200
    assert "(at min_every)" in decide_interval(history, Bounds(1800, 1200, 3600), NOON).reason
    silent = SiteHistory([], runs=30, runs_without_new=30)
    assert decide_interval(silent, Bounds(1800, 300, 7200), NOON).seconds == 7200


def test_failing_sites_back_off_doubling_per_failed_run() -> None:
    published = daily(50)
    intervals = [decide_interval(SiteHistory(published, runs=10, failing_runs=n), BOUNDS,
                                 NOON).seconds for n in (1, 2, 3)]
    assert intervals == [3600, 7200, 14400]  # from the starting interval, busy or not
    assert "failing 3 run(s)" in decide_interval(
        SiteHistory(published, runs=10, failing_runs=3), BOUNDS, NOON).reason


def test_a_site_that_publishes_nothing_backs_off() -> None:
    decisions = [decide_interval(SiteHistory([], runs=5, runs_without_new=n), BOUNDS, NOON)
                 for n in (0, 1, 2)]
    assert [d.seconds for d in decisions] == [1800, 3600, 7200]
    assert "nothing published" in decisions[2].reason


def test_a_site_that_stopped_publishing_slows_down_by_itself() -> None:
    history = daily(30, days=7, until=NOON - timedelta(days=7))
    assert publishing_rate(history, NOON) < publishing_rate(history, NOON - timedelta(days=7)) / 1.9


def test_date_only_publication_times_do_not_shape_the_profile() -> None:
    midnights = [NOON.replace(hour=0) - timedelta(days=d) for d in range(100)]
    assert hourly_profile(midnights) == hourly_profile([])
