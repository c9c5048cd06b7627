"""The benchmark mirror (bench/mirror.py): every generated page parses, discovery reaches every
article, ids are unique, and the site entries load as the crawler would load them; and the
throughput benchmark built on it (bench/throughput.py) still runs end to end."""

from __future__ import annotations

import re
import tomllib
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from aggregator.parsing import parse_article
from aggregator.registry import parse_site_entries
from aggregator.sample_sites import SampleSites
from bench.mirror import SHAPES, write_mirror

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
ARTICLES = 40


@pytest.fixture(scope="module")
def mirror(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    root = tmp_path_factory.mktemp("mirror")
    return root, write_mirror(root, ARTICLES, seed=3, now=NOW)


def _article_paths(site_folder: Path) -> list[str]:
    """Article URL paths listed in the site's sitemap (the discovery path that lists them all)."""
    sitemap = (site_folder / "sitemap.xml").read_text("utf-8")
    return [loc.removeprefix("__BASE__") for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap)]


def _page_file(site_folder: Path, path: str) -> Path:
    return site_folder / path.strip("/") / "index.html" if path.endswith("/") else site_folder / path[1:]


def test_every_article_page_parses_to_a_full_article(mirror: tuple[Path, list[str]]) -> None:
    root, site_ids = mirror
    assert site_ids == [f"mirror{n}-{shape.family}" for n, shape in enumerate(SHAPES)]
    entries = parse_site_entries(
        [tomllib.loads((root / site / "site.toml").read_text("utf-8").replace("__BASE__", "http://m.test"))
         ["sites"][0] for site in site_ids], source="mirror")
    assert [entry.id for entry in entries] == site_ids
    assert {entry.family for entry in entries} == {shape.family for shape in SHAPES}
    ids: set[str] = set()
    titles: set[str] = set()
    for entry in entries:
        folder = root / entry.id
        paths = _article_paths(folder)
        assert len(paths) == ARTICLES // len(site_ids)
        pattern = entry.article_url_regex
        for path in paths:
            url = f"http://m.test{path}"
            assert pattern is not None and pattern.search(url), url
            html = _page_file(folder, path).read_text("utf-8").replace("__BASE__", "http://m.test")
            article = parse_article(url, html, entry, now=NOW)
            assert article.title and article.title not in titles
            assert len(article.body_text) > 400, (url, article.body_text)
            assert "Đọc nhiều" not in article.body_text and "Tin liên quan" not in article.body_text
            assert article.published is not None
            assert NOW - timedelta(days=20) <= article.published <= NOW, (url, article.published)
            assert article.authors, url
            titles.add(article.title)
            ids.add(article.id)
    assert len(ids) == ARTICLES


def test_same_seed_same_text_and_feed_lists_the_newest(mirror: tuple[Path, list[str]],
                                                       tmp_path: Path) -> None:
    root, site_ids = mirror
    write_mirror(tmp_path, ARTICLES, seed=3, now=NOW)
    for site in site_ids:
        for path in _article_paths(root / site):
            again = _page_file(tmp_path / site, path).read_bytes()
            assert again == _page_file(root / site, path).read_bytes()
    other = tmp_path / "other"
    write_mirror(other, ARTICLES, seed=4, now=NOW)
    assert _article_paths(other / site_ids[0]) != _article_paths(root / site_ids[0])


def test_served_mirror_links_resolve(mirror: tuple[Path, list[str]]) -> None:
    """Sitemap from robots.txt, feed, listing pages and article pages all answer 200 when served."""
    root, site_ids = mirror
    with SampleSites(root) as served:
        for site in site_ids:
            base = served.base_urls[site]
            robots = urllib.request.urlopen(f"{base}/robots.txt", timeout=5).read().decode()
            assert f"Sitemap: {base}/sitemap.xml" in robots
            feed = urllib.request.urlopen(f"{base}/rss/home.rss", timeout=5).read().decode()
            listing = urllib.request.urlopen(f"{base}/tin-moi/", timeout=5).read().decode()
            paths = _article_paths(root / site)
            assert f"{base}{paths[0]}" in feed and f'href="{paths[0]}"' in listing
            for path in paths[:3]:
                page = urllib.request.urlopen(f"{base}{path}", timeout=5)
                assert page.status == 200 and "__BASE__" not in page.read().decode()


@pytest.mark.slow
def test_throughput_bench_runs_all_three_over_a_small_mirror(capsys: pytest.CaptureFixture[str]) -> None:
    """bench/throughput.py end to end on 24 articles: our crawl stores every article, the
    baseline and floor spiders turn every page into a result, and the ratios are printed."""
    from bench.throughput import main

    assert main(["--articles", "24", "--runs", "1", "--concurrency", "4"]) == 0
    out = capsys.readouterr().out
    rows = {line.split("  ")[0]: line.split() for line in out.splitlines()
            if line.startswith(("OURS aggregator", "BASELINE", "FLOOR"))}
    assert len(rows) == 3, out
    assert all(row[-1] == "24" for row in rows.values()), out
    assert "ours/baseline articles/s = " in out and "WARNING" not in out
