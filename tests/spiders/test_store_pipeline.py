"""The store pipeline: an article the database refuses costs only itself, not its batch."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from aggregator.sample_sites import SampleSites
from aggregator.store import ArticleStore
from tests.support import expected_for, run_cli, write_config


def test_an_article_the_database_refuses_does_not_lose_its_batch(
        tmp_path: Path, sample_sites: SampleSites) -> None:
    articles = expected_for("baolangson")["articles"]
    refused = articles[0]["title"]
    config = write_config(tmp_path, sample_sites.site_entries_toml())
    ArticleStore(f"sqlite:///{tmp_path / 'store.db'}").close()  # the schema, before the trigger
    with sqlite3.connect(tmp_path / "store.db") as db:
        # A real refusal by the database (as PostgreSQL refuses an over-long value), for one row.
        db.execute("CREATE TRIGGER refuse BEFORE INSERT ON articles WHEN NEW.title = ? "
                   "BEGIN SELECT RAISE(ABORT, 'refused by the test trigger'); END"
                   .replace("?", "'" + refused.replace("'", "''") + "'"))

    result = run_cli("crawl", "--site", "baolangson", config=config)

    with sqlite3.connect(tmp_path / "store.db") as db:
        titles = {row[0] for row in db.execute("SELECT title FROM articles")}
    assert refused not in titles
    assert {a["title"] for a in articles[1:]} <= titles, "the refused article's batch was lost"
    assert "cannot store" in result.stdout + result.stderr
    assert "refused by the test trigger" in result.stdout + result.stderr
