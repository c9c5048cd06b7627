"""Adaptive polling: how long to wait before crawling a site again, from its own history.

Pure functions of (history, bounds, clock): no store, no scheduler, so the scheduler of
``aggregator run`` and ``bench/freshness.py`` run exactly this code, the latter with a fake clock.

The rule, and why:

- **Poll as often as the square root of the publishing rate.** An article waits on average
  half an interval, so a site publishing ``λ`` articles per second, polled every ``I`` seconds,
  costs ``1/I`` requests and ``λ·I/2`` article-seconds of delay per second. Minimising the
  delay of all sites together for a fixed number of requests gives ``I ∝ 1/√λ`` (the classic
  result for polling Poisson sources): a busy site is polled more often, but less than in
  proportion, and a quiet one much less. The constant is set by the site's starting interval
  (its ``every``, else ``schedule.every``): a site publishing :data:`REFERENCE_RATE` gets
  exactly its starting interval.
- **Time of day.** Vietnamese newsrooms publish mostly 06:00-22:00 (+07:00). The rate used is
  the one expected over the coming interval, from the site's own hour-of-day profile blended
  with a prior of that rhythm, so nights are polled rarely and the first morning poll is not
  late. Precisely: the interval ``I`` is the largest with ``Λ(now, now+I) · I ≤ R · S²`` where
  ``Λ`` is the expected number of articles in the window, ``R`` the reference rate and ``S``
  the starting interval; with a constant rate this is ``I = S·√(R/λ)``.
- **Back off** on a site that fails (doubling per failing run in a row) and on one that has
  published nothing lately (doubling per run without anything new), so dead and frozen sites
  cost a request every ``max_every`` instead of every half hour.
- **Bounds**: the result is clamped to ``[min_every, max_every]`` (global, or the site's own);
  ``min_every`` is the politeness floor.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from aggregator.dates import VN_TZ

DAY = 86400
HOUR = 3600

REFERENCE_RATE = 1 / (6 * HOUR)
"""Articles per second at which a site is polled at exactly its starting interval: one article
every six hours. Lower polls every site more often (more requests), higher less often. This
value spends the same number of requests per day as fixed polling at the starting interval on
``bench/freshness.py``'s 40 simulated sites (3 a month to 50 a day): 1.00x the requests for
0.56x the mean delay (see the README)."""

LOOKBACK = timedelta(days=28)
"""Publishing history considered: four weeks covers weekly rhythms and forgets a site's old
habits within a month."""
SAMPLE = 200
"""At most this many newest articles estimate the rate (a busy site's last few days)."""
MIN_SAMPLE = 3
"""Below this many articles the rate is spread over the whole look-back (one or two articles
over a short span would look like a busy site)."""
MIN_SPAN = 6 * HOUR
"""Shortest span a rate is measured over, so a burst right after start-up is not a trend."""

NEWSROOM_HOURS = range(6, 22)
"""Local hours (+07:00) in which Vietnamese newsrooms publish most articles."""
NIGHT_WEIGHT = 0.15
"""Prior weight of a night hour against a newsroom hour (1.0): a few articles a night."""
PRIOR_ARTICLES = 24.0
"""How many articles' worth of weight the prior rhythm has against the site's own profile: a
site shapes its own profile after about a day or two of busy publishing."""
MAX_DOUBLINGS = 10
"""Back-off doublings counted at most (2**10 times the interval is beyond any max_every)."""


@dataclass(frozen=True, slots=True)
class Bounds:
    """A site's polling bounds, in seconds; ``start`` is used while there is no history."""

    start: int
    minimum: int
    maximum: int


@dataclass(frozen=True, slots=True)
class SiteHistory:
    """What the policy knows of a site: its recent articles and its latest crawl runs."""

    published: Sequence[datetime]
    """Publication times (aware) of the site's articles within :data:`LOOKBACK`, any order."""
    runs: int = 0
    """Crawl runs recorded (0: never crawled)."""
    failing_runs: int = 0
    """Latest consecutive runs that reported errors and reached nothing."""
    runs_without_new: int = 0
    """Latest consecutive runs that stored nothing new."""


@dataclass(frozen=True, slots=True)
class Decision:
    """The interval until the next crawl, and why (shown by ``aggregator status``)."""

    seconds: int
    reason: str


def hourly_profile(published: Sequence[datetime]) -> tuple[float, ...]:
    """Share of articles published in each local hour 0-23 (+07:00), summing to 1.

    The site's own counts blended with the newsroom prior (:data:`PRIOR_ARTICLES`). Times of
    exactly 00:00:00 are left out: they are date-only publication dates, not midnight posts.
    """
    prior = [1.0 if hour in NEWSROOM_HOURS else NIGHT_WEIGHT for hour in range(24)]
    prior_total = sum(prior)
    weights = [PRIOR_ARTICLES * weight / prior_total for weight in prior]
    for when in published:
        local = when.astimezone(VN_TZ)
        if (local.hour, local.minute, local.second) != (0, 0, 0):
            weights[local.hour] += 1.0
    total = sum(weights)
    return tuple(weight / total for weight in weights)


def publishing_rate(published: Sequence[datetime], now: datetime) -> float:
    """Articles per second over the recent past (0.0 with no article in :data:`LOOKBACK`).

    The newest :data:`SAMPLE` articles over the span from the oldest of them to now: the time
    since the newest article counts, so a site that stopped publishing slows down by itself.
    """
    recent = sorted((when for when in published if now - LOOKBACK <= when <= now), reverse=True)
    sample = recent[:SAMPLE]
    if not sample:
        return 0.0
    if len(sample) < MIN_SAMPLE:
        return len(sample) / LOOKBACK.total_seconds()
    span = max((now - sample[-1]).total_seconds(), MIN_SPAN)
    return len(sample) / span


def expected_articles(rate: float, profile: Sequence[float], start: datetime,
                      seconds: float) -> float:
    """Articles expected from ``start`` for ``seconds`` at daily ``rate`` shaped by ``profile``."""
    total = 0.0
    at = start.astimezone(VN_TZ)
    left = seconds
    while left > 0:
        into_hour = at.minute * 60 + at.second + at.microsecond / 1e6
        step = min(HOUR - into_hour, left)
        total += rate * 24 * profile[at.hour] * step
        at += timedelta(seconds=step)
        left -= step
    return total


def learned_interval(rate: float, profile: Sequence[float], now: datetime, start: int,
                     limit: int) -> float:
    """The largest ``I ≤ limit`` with ``Λ(now, now+I) · I ≤ REFERENCE_RATE · start²``.

    Walks the hours ahead: within an hour the expected count grows linearly, so the equation
    is a quadratic solved in closed form.
    """
    budget = REFERENCE_RATE * start * start
    at = now.astimezone(VN_TZ)
    elapsed = 0.0
    expected = 0.0
    while elapsed < limit:
        into_hour = at.minute * 60 + at.second + at.microsecond / 1e6
        step = min(HOUR - into_hour, limit - elapsed)
        hourly = rate * 24 * profile[at.hour]
        # Solve (expected + hourly·(I - elapsed)) · I = budget for I in this hour.
        linear = expected - hourly * elapsed
        if hourly > 0:
            interval = (-linear + math.sqrt(linear * linear + 4 * hourly * budget)) / (2 * hourly)
        else:
            interval = budget / expected if expected > 0 else math.inf
        if interval <= elapsed + step:
            return max(interval, elapsed)
        expected += hourly * step
        elapsed += step
        at += timedelta(seconds=step)
    return float(limit)


def _doubled(seconds: float, times: int) -> float:
    return seconds * 2 ** min(times, MAX_DOUBLINGS)


def _per_day(rate: float) -> str:
    per_day = rate * DAY
    return f"{per_day:.1f}/day" if per_day >= 1 else f"{per_day * 30:.1f}/month"


def decide_interval(history: SiteHistory, bounds: Bounds, now: datetime) -> Decision:
    """The interval until the site's next crawl, clamped to its bounds, with the reason."""
    rate = publishing_rate(history.published, now)
    if history.runs == 0 and rate == 0.0:
        seconds, reason = float(bounds.start), "no history yet: starting interval"
    elif history.failing_runs:
        base = max(float(bounds.start), _learned(history, bounds, rate, now))
        seconds = _doubled(base, history.failing_runs)
        reason = f"failing {history.failing_runs} run(s) in a row: backing off"
    elif rate == 0.0:
        seconds = _doubled(float(bounds.start), history.runs_without_new)
        reason = f"nothing published in {LOOKBACK.days} days: backing off"
    else:
        seconds = _learned(history, bounds, rate, now)
        expected = expected_articles(rate, hourly_profile(history.published), now, HOUR)
        reason = f"learned: {_per_day(rate)}, {expected:.1f} expected in the next hour"
    if seconds <= bounds.minimum:
        return Decision(bounds.minimum, f"{reason} (at min_every)")
    if seconds >= bounds.maximum:
        return Decision(bounds.maximum, f"{reason} (at max_every)")
    return Decision(round(seconds), reason)


def _learned(history: SiteHistory, bounds: Bounds, rate: float, now: datetime) -> float:
    if rate == 0.0:
        return float(bounds.start)
    return learned_interval(rate, hourly_profile(history.published), now, bounds.start,
                            bounds.maximum)


def clamp_bounds(start: int, minimum: int, maximum: int) -> Bounds:
    """Bounds with the starting interval moved inside ``[minimum, maximum]``."""
    return Bounds(start=min(max(start, minimum), maximum), minimum=minimum, maximum=maximum)
