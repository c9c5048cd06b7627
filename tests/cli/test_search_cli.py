"""``aggregator search`` and topic configuration through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest

from aggregator.store import ArticleStore
from tests.aggregator.search import behaviour
from tests.support import run_cli, write_config


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = write_config(tmp_path, "")
    store = ArticleStore(f"sqlite:///{tmp_path / 'store.db'}")
    behaviour.fill(store)
    store.upsert([behaviour.article(20, "Hội thảo số hóa ở Huế", site="husta",
                                    kind="federation", provinces=("hue",))])
    store.close()
    return path


def test_search_prints_json_with_the_contract_fields(config: Path) -> None:
    result = run_cli("search", "chuyen doi so", "--json", "--limit", "3", config=config)
    hits = json.loads(result.stdout)
    assert [hit["title"] for hit in hits] == [behaviour.TITLES[6], behaviour.TITLES[2],
                                              behaviour.TITLES[1]]
    assert {"id", "url", "title", "published", "site", "provinces"} <= set(hits[0])
    assert hits[0]["published"].endswith("+07:00") and hits[0]["provinces"] == ["lang-son"]


def test_search_filters_and_text_output(config: Path) -> None:
    result = run_cli("search", "so hoa", "--province", "hue", "--kind", "federation",
                     config=config)
    assert "Hội thảo số hóa ở Huế" in result.stdout and "Số hóa hồ sơ" not in result.stdout
    assert json.loads(run_cli("search", "so hoa", "--site", "nothere", "--json",
                              config=config).stdout) == []  # no hits is not an error


@pytest.mark.parametrize("args, message", [
    (['"số hóa'], "unclosed quote"), (["OR"], "OR must stand"),
    (["a", "--province", "atlantis"], "'atlantis' is not a current province"), ([], "QUERY"),
])
def test_bad_searches_are_one_line_exit_2(config: Path, args: list[str], message: str) -> None:
    result = run_cli("search", *args, config=config, check=False)
    assert result.returncode == 2 and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_rebuild(config: Path) -> None:
    result = run_cli("search", "--rebuild", config=config)
    assert "search index rebuilt: 8 article(s)" in result.stdout


@pytest.mark.parametrize("topics, key, value", [
    ('[[topics]]\nid = "Chu De"\nname = "x"\nquery = "x"\n', "topics[0].id", "Chu De"),
    ('[[topics]]\nid = "x"\nname = "x"\nquery = \'"x\'\n', "topics[0].query", "unclosed quote"),
    ('[[topics]]\nid = "x"\nname = "x"\nquery = "x"\nprovinces = ["atlantis"]\n',
     "topics[0].provinces", "atlantis"),
    ('[[topics]]\nid = "x"\nname = "x"\nquery = "x"\nkinds = ["blog"]\n', "topics[0].kinds",
     "blog"),
    ('[[topics]]\nid = "x"\nname = "x"\nquery = "x"\ncolour = "red"\n', "topics[0].colour", ""),
    ('builtin_topics = "no"\n', "builtin_topics", "no"),
])
def test_bad_topics_are_one_line_naming_file_key_value(tmp_path: Path, topics: str, key: str,
                                                       value: str) -> None:
    path = write_config(tmp_path, "")
    body = path.read_text("utf-8")
    path.write_text(topics + body if topics.startswith("builtin") else body + topics, "utf-8")
    result = run_cli("publish", config=path, check=False)
    assert result.returncode == 2, result.stderr
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1 and str(path) in line and key in line and value in line


def test_a_topic_in_two_lines_of_toml_is_published_in_every_format(config: Path) -> None:
    text = config.read_text("utf-8")
    config.write_text("builtin_topics = false\n" + text + '\n[[topics]]\nid = "so-hoa"\n'
                      'name = "Số hóa"\nquery = \'"số hóa" OR "chuyển đổi số"\'\n', "utf-8")
    run_cli("publish", config=config)
    public = config.parent / "public"
    assert sorted(p.name for p in (public / "topic").glob("*.*")) == [
        "so-hoa.atom", "so-hoa.html", "so-hoa.json", "so-hoa.rss"]
    for fmt in ("atom", "rss", "json"):
        data = (public / "topic" / f"so-hoa.{fmt}").read_bytes()
        if fmt == "json":
            items = json.loads(data)["items"]
            assert [item["title"] for item in items][:3] == [
                "Hội thảo số hóa ở Huế", behaviour.TITLES[4], behaviour.TITLES[2]]
            continue
        parsed = feedparser.parse(data)
        assert not parsed.bozo, parsed.bozo_exception
        # newest first, case and tone placement aside; terms typed with diacritics are read as
        # spelt, so TITLES[1] (typed without them) is out; TITLES[6] has the words apart
        assert [e.title for e in parsed.entries] == [
            "Hội thảo số hóa ở Huế", behaviour.TITLES[4], behaviour.TITLES[2],
            behaviour.TITLES[0]]
    assert 'xmlUrl="http://feeds.test/topic/so-hoa.atom"' in (public / "feeds.opml").read_text()
    assert "topic/so-hoa.html" in (public / "index.html").read_text()
