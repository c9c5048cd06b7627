"""Crawl throughput and memory, against a plain Scrapy + trafilatura pipeline (issue 8).

Generates a local mirror (bench/mirror.py: N article pages over 4+ sites in the sample sites'
page shapes), serves it on 127.0.0.1 with ``SampleSites``, and for each of ``--runs`` runs times:

- OURS: ``aggregator crawl`` in a subprocess, with a config listing only the mirror sites, no
  download delay, ``--concurrency`` requests per site and a fresh SQLite store, then
  ``aggregator publish``. Articles/s = articles stored / crawl wall time;
- BASELINE: bench/baseline_spider.py in ``trafilatura`` mode (sitemap -> every article ->
  ``trafilatura.bare_extraction`` -> JSON lines), same concurrency;
- FLOOR: the same spider in ``floor`` mode (fetch + ``lxml.html.fromstring`` only).

Each child's CPU seconds and peak RSS come from ``os.wait4`` (that child alone, unlike
``RUSAGE_CHILDREN``, whose ``ru_maxrss`` is the largest of every child so far). Wall times
include interpreter start-up and imports, the same for all three. Medians are printed, with
min-max, then the ratios against the targets (ours >= 1.5x baseline articles/s, ours within 3x
of the floor).

``--scale`` instead runs crawl + publish at N = 500, 2,000 and 8,000 and prints time and peak
RSS per N (targets: time about linear in N, peak RSS at 8,000 <= 300 MB and <= 1.2x the 2,000
figure). ``--profile PATH`` adds one crawl under cProfile and prints its top functions.

Usage: ``.venv/bin/python bench/throughput.py [--articles 2000] [--runs 3] [--sites 4]
[--concurrency 16] [--scale] [--profile crawl.prof]``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import pstats
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script: import ``bench`` from the repository root, as the tests do, instead of
    # putting bench/ itself first on the path (its modules would shadow installed ones).
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from aggregator.sample_sites import SampleSites
from bench.mirror import write_mirror

REPO = Path(__file__).resolve().parent.parent
SCALE_SIZES = (500, 2000, 8000)
DISCOVERY_PAGES = 20
"""Requests per site besides articles (robots.txt, sitemap, feed, listings, home), with slack."""


@dataclass(frozen=True, slots=True)
class ChildRun:
    """One finished child process: wall seconds, CPU seconds (user + system), peak RSS."""

    seconds: float
    cpu: float
    peak_rss_mb: float
    stdout: str


@dataclass(frozen=True, slots=True)
class Measured:
    """One tool's run over the mirror."""

    crawl: ChildRun
    articles: int
    publish: ChildRun | None = None
    store_mb: float = 0.0

    @property
    def rate(self) -> float:
        return self.articles / self.crawl.seconds

    @property
    def cpu_per_article_ms(self) -> float:
        return 1000 * self.crawl.cpu / max(self.articles, 1)


def run_child(argv: Sequence[str], *, cwd: Path) -> ChildRun:
    """Run ``argv`` to completion; fail loudly (with its output) when it exits non-zero."""
    env = {key: value for key, value in os.environ.items() if key != "AGGREGATOR_CONFIG"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(list(argv), cwd=cwd, env=env, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {process.returncode}:\n{stdout}\n{stderr[-3000:]}")
    # ru_maxrss is in KiB on Linux.
    return ChildRun(seconds=seconds, cpu=usage.ru_utime + usage.ru_stime,
                    peak_rss_mb=usage.ru_maxrss / 1024, stdout=stdout)


def write_config(folder: Path, sites_toml: str, *, per_site: int, concurrency: int) -> Path:
    """Bench config: only the mirror sites, throttling off, a fresh SQLite store in ``folder``."""
    path = folder / "aggregator.toml"
    path.write_text(
        "builtin_sites = false\n"
        f'[storage]\nurl = "sqlite:///{folder / "store.db"}"\n'
        f'[publish]\ndir = "{folder / "public"}"\nbase_url = "http://127.0.0.1:8080/"\n'
        "[crawl]\nmax_age_days = 30\ndownload_delay = 0\ndownload_timeout = 30\n"
        f"concurrency_per_domain = {concurrency}\nmax_pages_per_site = {per_site + DISCOVERY_PAGES}\n\n"
        f"{sites_toml}", "utf-8")
    return path


def _stored(summary: str) -> int:
    """Articles the crawl stored, from its summary line ``N site(s): X new, ...``."""
    match = re.search(r"site\(s\): (\d+) new", summary)
    if not match:
        raise RuntimeError(f"no summary line in the crawl output:\n{summary}")
    return int(match.group(1))


def run_ours(work: Path, served: SampleSites, *, articles: int, sites: int, concurrency: int,
             profile: Path | None = None) -> Measured:
    """``aggregator crawl`` then ``aggregator publish`` over the mirror, in a fresh folder."""
    folder = Path(tempfile.mkdtemp(prefix="ours-", dir=work))
    config = write_config(folder, served.site_entries_toml(), per_site=-(-articles // sites),
                          concurrency=concurrency)
    python = [sys.executable, *(["-m", "cProfile", "-o", str(profile)] if profile else [])]
    crawl = run_child([*python, "-m", "aggregator", "--config", str(config), "crawl"], cwd=folder)
    publish = run_child([sys.executable, "-m", "aggregator", "--config", str(config), "publish"],
                        cwd=folder)
    store_bytes = sum(path.stat().st_size for path in folder.glob("store.db*"))
    return Measured(crawl=crawl, articles=_stored(crawl.stdout), publish=publish,
                    store_mb=store_bytes / 2**20)


def run_plain(work: Path, served: SampleSites, *, mode: str, concurrency: int) -> Measured:
    """bench/baseline_spider.py in ``mode`` (``trafilatura`` or ``floor``) over the sitemaps."""
    out = Path(tempfile.mkdtemp(prefix=f"{mode}-", dir=work)) / "results.jsonl"
    sitemaps = [f"{base}/sitemap.xml" for base in served.base_urls.values()]
    crawl = run_child([sys.executable, "-m", "bench.baseline_spider", "--mode", mode, "--out", str(out),
                       "--concurrency", str(concurrency), *sitemaps], cwd=out.parent)
    pages = json.loads(crawl.stdout.strip().splitlines()[-1])["pages"]
    return Measured(crawl=crawl, articles=pages)


def _spread(values: Sequence[float], digits: int = 1) -> str:
    """``median (min-max)``."""
    if len(values) == 1:
        return f"{values[0]:.{digits}f}"
    return (f"{statistics.median(values):.{digits}f} "
            f"({min(values):.{digits}f}-{max(values):.{digits}f})")


def _median(runs: Sequence[Measured], value: Callable[[Measured], float]) -> float:
    return statistics.median(value(run) for run in runs)


def _row(label: str, runs: Sequence[Measured]) -> str:
    return (f"{label:<32} {_spread([r.crawl.seconds for r in runs]):>18} "
            f"{_spread([r.rate for r in runs]):>20} "
            f"{_spread([r.cpu_per_article_ms for r in runs], 2):>20} "
            f"{_spread([r.crawl.peak_rss_mb for r in runs], 0):>16} "
            f"{min(r.articles for r in runs):>8}")


def compare(args: argparse.Namespace, work: Path) -> int:
    """OURS vs BASELINE vs FLOOR over one mirror, ``args.runs`` times, interleaved."""
    mirror = work / "mirror"
    write_mirror(mirror, args.articles, sites=args.sites, seed=args.seed)
    ours: list[Measured] = []
    baseline: list[Measured] = []
    floor: list[Measured] = []
    with SampleSites(mirror) as served:
        for number in range(args.runs):
            print(f"run {number + 1}/{args.runs} ...", file=sys.stderr, flush=True)
            ours.append(run_ours(work, served, articles=args.articles, sites=args.sites,
                                 concurrency=args.concurrency))
            baseline.append(run_plain(work, served, mode="trafilatura", concurrency=args.concurrency))
            floor.append(run_plain(work, served, mode="floor", concurrency=args.concurrency))
        if args.profile:
            print("profiled crawl ...", file=sys.stderr, flush=True)
            run_ours(work, served, articles=args.articles, sites=args.sites,
                     concurrency=args.concurrency, profile=args.profile)
    print(f"{args.articles} articles over {args.sites} sites on 127.0.0.1, {args.concurrency} "
          f"requests per site at a time, no delay; {args.runs} run(s), median (min-max)")
    print(f"{'':<32} {'wall s':>18} {'articles/s':>20} {'CPU ms/article':>20} {'peak RSS MB':>16} "
          f"{'articles':>8}")
    print(_row("OURS aggregator crawl", ours))
    print(_row("BASELINE scrapy + trafilatura", baseline))
    print(_row("FLOOR scrapy + lxml parse", floor))
    print(f"OURS publish: {_spread([r.publish.seconds for r in ours if r.publish], 2)} s, peak RSS "
          f"{_spread([r.publish.peak_rss_mb for r in ours if r.publish], 0)} MB; "
          f"store {_spread([r.store_mb for r in ours], 1)} MB")
    rate = _median(ours, lambda r: r.rate)
    versus_baseline = rate / _median(baseline, lambda r: r.rate)
    versus_floor = rate / _median(floor, lambda r: r.rate)
    print(f"ours/baseline articles/s = {versus_baseline:.2f}x (target >= 1.5x: "
          f"{'met' if versus_baseline >= 1.5 else 'MISSED'}); ours/floor = {versus_floor:.2f}x "
          f"(target >= 0.33x: {'met' if versus_floor >= 1 / 3 else 'MISSED'})")
    # Wall time swings with whatever else the machine runs; CPU per article hardly does.
    cpu = _median(ours, lambda r: r.cpu_per_article_ms)
    print(f"per CPU second (less sensitive to a busy machine): ours/baseline = "
          f"{_median(baseline, lambda r: r.cpu_per_article_ms) / cpu:.2f}x, ours/floor = "
          f"{_median(floor, lambda r: r.cpu_per_article_ms) / cpu:.2f}x")
    missing = [r.articles for r in ours if r.articles < args.articles]
    if missing:
        print(f"WARNING: a crawl stored only {min(missing)} of {args.articles} articles")
    if args.profile:
        print_profile(args.profile)
    return 0


def scale(args: argparse.Namespace, work: Path) -> int:
    """Crawl + publish at N = 500, 2,000, 8,000: time and peak RSS per N."""
    results: dict[int, list[Measured]] = {}
    for size in SCALE_SIZES:
        mirror = work / f"mirror-{size}"
        write_mirror(mirror, size, sites=args.sites, seed=args.seed)
        with SampleSites(mirror) as served:
            results[size] = []
            for number in range(args.runs):
                print(f"N={size} run {number + 1}/{args.runs} ...", file=sys.stderr, flush=True)
                results[size].append(run_ours(work, served, articles=size, sites=args.sites,
                                              concurrency=args.concurrency))
    print(f"crawl + publish, {args.sites} sites, {args.concurrency} requests per site at a time; "
          f"{args.runs} run(s), medians")
    print(f"{'N':>6} {'crawl s':>9} {'publish s':>10} {'ms/article':>11} {'crawl RSS MB':>13} "
          f"{'publish RSS MB':>15} {'store MB':>9} {'stored':>7}")
    for size, runs in results.items():
        total = _median(runs, lambda r: r.crawl.seconds + (r.publish.seconds if r.publish else 0))
        print(f"{size:>6} {_median(runs, lambda r: r.crawl.seconds):>9.1f} "
              f"{_median(runs, lambda r: r.publish.seconds if r.publish else 0):>10.2f} "
              f"{1000 * total / size:>11.2f} {_median(runs, lambda r: r.crawl.peak_rss_mb):>13.0f} "
              f"{_median(runs, lambda r: r.publish.peak_rss_mb if r.publish else 0):>15.0f} "
              f"{_median(runs, lambda r: r.store_mb):>9.1f} {min(r.articles for r in runs):>7}")
    small, big = SCALE_SIZES[1], SCALE_SIZES[2]

    def peak(size: int) -> float:
        return _median(results[size], lambda r: max(r.crawl.peak_rss_mb,
                                                    r.publish.peak_rss_mb if r.publish else 0))

    def per_article(size: int) -> float:
        return _median(results[size], lambda r: r.crawl.seconds
                       + (r.publish.seconds if r.publish else 0)) / size

    print(f"time per article at {big} / at {small} = {per_article(big) / per_article(small):.2f} "
          f"(1.0 = linear); peak RSS at {big} = {peak(big):.0f} MB (target <= 300: "
          f"{'met' if peak(big) <= 300 else 'MISSED'}), {peak(big) / peak(small):.2f}x the {small} "
          f"figure (target <= 1.2x: {'met' if peak(big) <= 1.2 * peak(small) else 'MISSED'})")
    return 0


def print_profile(path: Path, top: int = 15) -> None:
    """The crawl's functions with the most cumulative time, as % of the whole run: overall
    (mostly Scrapy and Twisted plumbing), then ours only (aggregator/, spiders/), where the
    hot spots one can act on show up."""
    stats = pstats.Stats(str(path))
    total = max(stats.total_tt, 1e-9)  # type: ignore[attr-defined]
    rows = sorted(stats.stats.items(), key=lambda item: item[1][3], reverse=True)  # type: ignore[attr-defined]
    ours = [row for row in rows if re.search(r"/(aggregator|spiders)/", row[0][0])
            and "site-packages" not in row[0][0]]
    for title, selected in (("all functions", rows), ("our functions", ours)):
        print(f"profile of one crawl ({path}), {title}, top {top} by cumulative time, "
              f"total {total:.1f} s CPU:")
        for (filename, line, function), (_cc, calls, tottime, cumtime, _callers) in selected[:top]:
            where = re.sub(r".*/site-packages/", "", filename.replace(f"{REPO}/", ""))
            print(f"  {100 * cumtime / total:5.1f}% cum {100 * tottime / total:5.1f}% self "
                  f"{calls:>8} calls  {where}:{line}({function})")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sites", type=int, default=4)
    parser.add_argument("--concurrency", type=int, default=16, help="requests per site at a time")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--scale", action="store_true", help="crawl + publish at N = 500, 2000, 8000")
    parser.add_argument("--profile", type=Path, help="also profile one crawl into this .prof file")
    args = parser.parse_args(argv)
    if args.profile:
        args.profile = args.profile.resolve()
    print(f"machine: {os.cpu_count()} CPUs, {platform.platform()}, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory(prefix="bench-throughput-") as temp:
        return scale(args, Path(temp)) if args.scale else compare(args, Path(temp))


if __name__ == "__main__":
    sys.exit(main())
