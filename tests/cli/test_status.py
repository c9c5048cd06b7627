"""``aggregator status``: per-site health from recorded runs, flags, and the next scheduled runs."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from aggregator.commands.status_command import site_status
from aggregator.dates import VN_TZ
from aggregator.registry import SiteEntry
from aggregator.store import ArticleStore, SiteRun, site_schedule
from tests.support import run_cli, write_config

T0 = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)


def entry(site_id: str, every: str | None = None) -> str:
    line = f'every = "{every}"\n' if every else ""
    return (f'[[sites]]\nid = "{site_id}"\nname = "Báo {site_id}"\nkind = "newspaper"\n'
            f'province = "lang-son"\nurl = "https://{site_id}.example.vn/"\n{line}')


def ok(site_id: str, hour: int, fetched: int = 5) -> SiteRun:
    return SiteRun(site_id, T0 + timedelta(hours=hour), T0 + timedelta(hours=hour, minutes=1),
                   requests=fetched + 2, fetched=fetched, new=2, updated=1, not_modified=1)


def failed(site_id: str, hour: int, error: str = "DNS lookup failed for the host") -> SiteRun:
    return SiteRun(site_id, T0 + timedelta(hours=hour), T0 + timedelta(hours=hour, minutes=1),
                   requests=2, failed=2, errors=(error,))


def half_down(site_id: str, hour: int) -> SiteRun:
    """The feed answered 304 (the site is up), its sitemap failed."""
    return SiteRun(site_id, T0 + timedelta(hours=hour), T0 + timedelta(hours=hour, minutes=1),
                   requests=2, failed=1, not_modified=1, errors=("HTTP 503 for the sitemap",))


def unchanged(site_id: str, hour: int) -> SiteRun:
    """A quiet site: every index page answered 304 Not Modified."""
    return SiteRun(site_id, T0 + timedelta(hours=hour), T0 + timedelta(hours=hour, minutes=1),
                   requests=3, not_modified=3)


def empty(site_id: str, hour: int) -> SiteRun:
    return SiteRun(site_id, T0 + timedelta(hours=hour), T0 + timedelta(hours=hour, minutes=1),
                   requests=3)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = write_config(tmp_path, "\n".join(
        [entry("on-time"), entry("down", "15m"), entry("quiet"), entry("flaky"), entry("fresh")]))
    store = ArticleStore(f"sqlite:///{tmp_path / 'store.db'}")
    try:
        # Recorded oldest first, one crawl after another, as the runner records them.
        for hour in range(4):
            store.record_site_runs([
                failed("on-time", hour) if hour == 0 else ok("on-time", hour),
                ok("down", hour) if hour == 0 else failed("down", hour, f"lỗi lần {hour}"),
                empty("quiet", hour),
                ok("flaky", hour) if hour < 2 else failed("flaky", hour),
            ])
    finally:
        store.close()
    return path


def schedule(tmp_path: Path, first_run: datetime) -> None:
    """Store the plans ``aggregator run`` would store: every site due at ``first_run``."""
    store = ArticleStore(f"sqlite:///{tmp_path / 'store.db'}")
    try:
        with store.engine.begin() as conn:
            conn.execute(site_schedule.insert(), [
                {"site_id": site_id, "next_due_ts": int(first_run.timestamp()),
                 "interval_s": 3600 if site_id == "down" else 1800,
                 "reason": ("failing 3 run(s) in a row: backing off" if site_id == "down"
                            else "no history yet: starting interval")}
                for site_id in ("on-time", "down", "quiet", "flaky", "fresh")])
    finally:
        store.close()


def test_status_json_reports_health_flags_and_next_runs(tmp_path: Path, config: Path) -> None:
    first_run = datetime.now(VN_TZ).replace(microsecond=0) + timedelta(hours=2)
    schedule(tmp_path, first_run)
    result = run_cli("status", "--json", config=config)
    sites = {item["site_id"]: item for item in json.loads(result.stdout)}
    assert list(sites) == ["on-time", "down", "quiet", "flaky", "fresh"]

    healthy = sites["on-time"]
    assert healthy["flagged"] is None and healthy["failing_runs"] == 0
    assert (healthy["requests"], healthy["fetched"], healthy["not_modified"], healthy["new"],
            healthy["updated"], healthy["failed"]) == (7, 5, 1, 2, 1, 0)
    assert healthy["last_run"] == healthy["last_success"] == "2026-11-20T04:01:00+00:00"
    assert healthy["last_error"] == "DNS lookup failed for the host"  # from the first run

    down = sites["down"]
    assert down["flagged"] == "failing" and down["failing_runs"] == 3
    assert down["last_success"] == "2026-11-20T01:01:00+00:00"
    assert down["last_error"] == "lỗi lần 3"

    assert sites["quiet"]["flagged"] == "nothing fetched"
    assert (sites["quiet"]["unproductive_runs"], sites["quiet"]["failing_runs"]) == (4, 0)
    assert sites["quiet"]["last_success"] is None
    assert sites["flaky"]["flagged"] is None and sites["flaky"]["failing_runs"] == 2
    assert sites["fresh"]["last_run"] is None and sites["fresh"]["flagged"] is None

    assert datetime.fromisoformat(sites["down"]["next_run"]) == first_run
    assert datetime.fromisoformat(sites["fresh"]["next_run"]) == first_run
    assert (sites["down"]["interval_seconds"], sites["down"]["interval_reason"]) == (
        3600, "failing 3 run(s) in a row: backing off")
    assert sites["down"]["fresh_articles"] == 0 and sites["down"]["fresh_median_seconds"] is None

    table = run_cli("status", config=config).stdout
    assert "EVERY  FRESH p50/p90" in table
    assert "down: every 1h: failing 3 run(s) in a row: backing off" in table


def test_status_table_flags_sites_and_filters_by_site(config: Path) -> None:
    table = run_cli("status", config=config).stdout
    lines = {line.split()[0]: line for line in table.splitlines() if not line.startswith(" ")}
    assert "FLAGGED: failing (3 runs)" in lines["down"]
    assert "FLAGGED: nothing fetched" in lines["quiet"]
    assert lines["on-time"].rstrip().endswith("ok")
    assert "FETCHED  NOT MOD  NEW" in lines["SITE"]
    assert lines["on-time"].split()[3:6] == ["7", "5", "1"]  # requests, fetched, 304s
    assert lines["fresh"].rstrip().endswith("never run")
    assert "5 site(s), 2 flagged" in table
    assert "down: last error: lỗi lần 3" in table
    assert "on-time: last error" not in table  # its one failure is old and fixed since

    only = run_cli("status", "--site", "down", "--json", config=config).stdout
    assert [item["site_id"] for item in json.loads(only)] == ["down"]
    assert json.loads(only)[0]["next_run"] is None  # `aggregator run` never planned it here


def test_status_of_an_unknown_site_is_bad_usage(config: Path) -> None:
    result = run_cli("status", "--site", "nope", config=config, check=False)
    assert result.returncode == 2
    assert "unknown site id 'nope'" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(("history", "flagged", "failing", "unproductive"), [
    ([failed("x", 1), failed("x", 2)], None, 2, 2),
    ([failed("x", 1), failed("x", 2), failed("x", 3)], "failing", 3, 3),
    ([ok("x", 0), empty("x", 1), failed("x", 2), empty("x", 3)], "failing or empty", 0, 3),
    ([empty("x", 1), empty("x", 2), empty("x", 3), ok("x", 4)], None, 0, 0),
    # Errors without anything new are unproductive, but a site that answers 304 is not failing.
    ([half_down("x", 1), half_down("x", 2), half_down("x", 3)], "failing", 0, 3),
    # A quiet site answering only 304s is healthy, however long it stays quiet.
    ([unchanged("x", 1), unchanged("x", 2), unchanged("x", 3), unchanged("x", 4)], None, 0, 0),
])
def test_flagged_only_after_three_unproductive_runs_in_a_row(
        history: list[SiteRun], flagged: str | None, failing: int, unproductive: int) -> None:
    store = ArticleStore("sqlite://")
    try:
        for run in history:  # oldest first
            store.record_site_runs([run])
        status = site_status(store, SiteEntry(id="x", name="x", kind="newspaper",
                                              url="https://x.vn/"), None)
    finally:
        store.close()
    assert (status.flagged, status.failing_runs, status.unproductive_runs) == (
        flagged, failing, unproductive)
