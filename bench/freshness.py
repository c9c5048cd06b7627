"""Freshness for the request budget: fixed 30-minute polling vs adaptive polling, simulated.

A simulator of ``--sites`` sites (default 40) whose publishing rates are spread evenly on a log
scale from 3 articles a month to 50 a day, each following a newsroom day (most articles
06:00-22:00 +07:00, a few at night) as a Poisson process, over ``--days`` simulated days
(default 14). It drives the real scheduling code with a fake clock: a real SQLite
:class:`~aggregator.store.ArticleStore`, :func:`~aggregator.site_schedule.due_sites` every
simulated minute (the scheduler's tick), a "crawl" that stores every article published by then
and records the run as the crawler does, then
:func:`~aggregator.site_schedule.plan_next_runs` (which calls
:func:`~aggregator.polling.decide_interval`). Fixed polling is the same code with
``every = min_every = max_every = 30m``. Before the simulated days, each site's first crawl
stores its last week (at most 50 articles, what a feed shows), as a real first crawl would.

Reported per policy: mean, median and p90 delay from publication to the crawl that stored the
article (publishing follows the crawl within seconds) and polls (feed requests) per day.
Article downloads are the same in both policies (each new article once), so polls are the
difference in requests.

    .venv/bin/python bench/freshness.py [--sites 40] [--days 14] [--seed 16]
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aggregator.config import Config, build_config
from aggregator.dates import VN_TZ
from aggregator.schema import Article
from aggregator.site_schedule import due_sites, plan_next_runs, planned_runs
from aggregator.store import ArticleStore, SiteRun

START = datetime(2026, 11, 2, 0, 0, tzinfo=VN_TZ)
TICK = 60
NIGHT_SHARE = 0.1
"""Share of a site's articles published 22:00-06:00 in the simulation (the policy's prior
assumes about 7 %; the site's own history corrects it)."""


def site_rates(count: int) -> list[float]:
    """Articles per day, log-spaced from 3 a month to 50 a day."""
    low, high = math.log(3 / 30), math.log(50)
    return [math.exp(low + (high - low) * i / (count - 1)) for i in range(count)]


def arrivals(per_day: float, start: datetime, days: int, rng: random.Random) -> list[datetime]:
    """Poisson arrivals with the newsroom rhythm, hour by hour."""
    times = []
    for hour in range(days * 24):
        at = start + timedelta(hours=hour)
        night = at.hour < 6 or at.hour >= 22
        rate = per_day * (NIGHT_SHARE / 8 if night else (1 - NIGHT_SHARE) / 16)
        count = _poisson(rate, rng)
        times += sorted(at + timedelta(seconds=rng.uniform(0, 3600)) for _ in range(count))
    return times


def _poisson(mean: float, rng: random.Random) -> int:
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def config_for(sites: int, every: str, min_every: str, max_every: str) -> Config:
    return build_config({
        "builtin_sites": False,
        "schedule": {"every": every, "min_every": min_every, "max_every": max_every},
        "sites": [{"id": f"s{i:02d}", "url": f"https://s{i:02d}.example.vn/"} for i in range(sites)],
    }, source="<bench>", base_dir=Path.cwd())


@dataclass
class Result:
    delays: list[float]
    polls: int
    days: int
    seconds: float


def simulate(config: Config, schedule: dict[str, list[datetime]], days: int) -> Result:
    with tempfile.TemporaryDirectory() as folder:
        store = ArticleStore(f"sqlite:///{folder}/bench.db")
        try:
            return _simulate(store, config, schedule, days)
        finally:
            store.close()


def _article(site_id: str, number: int, published: datetime) -> Article:
    return Article(id=f"{site_id}/{number}", site_id=site_id, site_kind="newspaper",
                   url=f"https://{site_id}.example.vn/{number}.html", title=f"Bài {number}",
                   published=published, fetched_at=published)


def _simulate(store: ArticleStore, config: Config, schedule: dict[str, list[datetime]],
              days: int) -> Result:
    started = time.perf_counter()
    end = START + timedelta(days=days)
    pending = {site.id: [t for t in schedule[site.id] if t >= START] for site in config.sites}
    for site in config.sites:  # the first crawl: the feed's newest 50 of the last week
        back = [t for t in schedule[site.id] if t < START][-50:]
        store.upsert([_article(site.id, i, t) for i, t in enumerate(back)], now=START)
        store.record_site_runs([SiteRun(site.id, START, START, requests=1, fetched=len(back),
                                        new=len(back))])
    plan_next_runs(store, config.sites, config, START)
    delays: list[float] = []
    polls = 0
    numbers = {site.id: 10_000 for site in config.sites}
    now = START
    while now < end:
        next_due = min(plan.next_due for plan in planned_runs(store).values())
        # The scheduler's tick: the first whole minute at or after the earliest due time.
        now = max(now + timedelta(seconds=TICK), START + timedelta(
            seconds=math.ceil((next_due - START).total_seconds() / TICK) * TICK))
        if now >= end:
            break
        due = due_sites(store, config.sites, now)
        runs = []
        for site in due:
            fresh = [t for t in pending[site.id] if t <= now]
            pending[site.id] = pending[site.id][len(fresh):]
            batch = []
            for published in fresh:
                numbers[site.id] += 1
                batch.append(_article(site.id, numbers[site.id], published))
                delays.append((now - published).total_seconds())
            store.upsert(batch, now=now)
            runs.append(SiteRun(site.id, now, now, requests=1, fetched=len(batch),
                                new=len(batch), not_modified=0 if batch else 1))
            polls += 1
        store.record_site_runs(runs)
        plan_next_runs(store, due, config, now)
    # Articles never crawled by the end wait at least until then.
    for times in pending.values():
        delays += [(end - t).total_seconds() for t in times if t < end]
    return Result(delays, polls, days, time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=40)
    parser.add_argument("--days", type=int, default=14)
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    rates = site_rates(args.sites)
    schedule = {f"s{i:02d}": arrivals(rate, START - timedelta(days=7), args.days + 7, rng)
                for i, rate in enumerate(rates)}
    simulated = sum(1 for times in schedule.values() for t in times if t >= START
                    and t < START + timedelta(days=args.days))
    print(f"{args.sites} sites, {rates[0] * 30:.1f}/month to {rates[-1]:.0f}/day, {args.days} days, "
          f"{simulated} articles published (seed {args.seed})")
    policies = {
        "fixed 30 min": config_for(args.sites, "30m", "30m", "30m"),
        "adaptive (30m start, 5m-6h)": config_for(args.sites, "30m", "5m", "6h"),
    }
    results = {name: simulate(config, schedule, args.days) for name, config in policies.items()}
    print("| policy | mean delay min | median min | p90 min | polls/day (all sites) | polls/day/site |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, result in results.items():
        ordered = sorted(result.delays)
        p90 = ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]
        per_day = result.polls / result.days
        print(f"| {name} | {statistics.fmean(ordered) / 60:.1f} | "
              f"{statistics.median(ordered) / 60:.1f} | {p90 / 60:.1f} | {per_day:,.0f} | "
              f"{per_day / args.sites:.1f} |")
    fixed, adaptive = results.values()
    mean_ratio = statistics.fmean(adaptive.delays) / statistics.fmean(fixed.delays)
    poll_ratio = adaptive.polls / fixed.polls
    print(f"adaptive/fixed: mean delay {mean_ratio:.2f}x (target <= 0.50), "
          f"requests {poll_ratio:.2f}x (target <= 1.00); simulated in "
          f"{fixed.seconds:.0f} s + {adaptive.seconds:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
