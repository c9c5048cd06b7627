"""Config loading: defaults, lookup order, relative paths and one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from aggregator.config import load_config
from aggregator.errors import ConfigError


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "aggregator.toml"
    path.write_text(text, "utf-8")
    return str(path)


def test_defaults_without_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("AGGREGATOR_CONFIG", raising=False)
    config = load_config()
    assert config.source == "<defaults>"
    assert config.storage_url == f"sqlite:///{tmp_path / 'var' / 'aggregator.db'}"
    assert config.publish.dir == tmp_path / "public"
    assert config.publish.max_entries == 100
    assert config.every_seconds == 1800
    assert {s.id for s in config.sites} >= {"vusta", "baolangson"}


def test_relative_paths_follow_the_config_folder(tmp_path: Path) -> None:
    folder = tmp_path / "etc"
    folder.mkdir()
    path = write(folder, '[storage]\nurl = "sqlite:///data/a.db"\n[publish]\ndir = "out"\n')
    config = load_config(path)
    assert config.storage_url == f"sqlite:///{folder / 'data' / 'a.db'}"
    assert config.publish.dir == folder / "out"


def test_env_variable_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "[schedule]\nevery = '2h'\n")
    monkeypatch.setenv("AGGREGATOR_CONFIG", path)
    assert load_config().every_seconds == 7200


def test_sites_from_config_replace_and_extend_builtin(tmp_path: Path) -> None:
    path = write(tmp_path, """
[[sites]]
id = "vusta"
name = "VUSTA (mine)"
kind = "federation"
url = "https://vusta.vn/"

[[sites]]
id = "baomoi-test"
name = "Báo Thử"
province = "hue"
url = "https://example.org/"
every = "15m"
[sites.selectors]
body = "div.noi-dung"
remove = [".quang-cao"]
""")
    config = load_config(path)
    by_id = {s.id: s for s in config.sites}
    assert by_id["vusta"].name == "VUSTA (mine)"
    assert by_id["baomoi-test"].every_seconds == 900
    assert by_id["baomoi-test"].selectors.remove == (".quang-cao",)
    assert by_id["baomoi-test"].discovery_methods == ("auto",)


def test_builtin_sites_can_be_turned_off(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "builtin_sites = false\n"))
    assert config.sites == []


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ("[storage\nurl=1", ["TOML syntax error"]),
        ("[publsh]\ndir='x'", ["publsh", "did you mean 'publish'"]),
        ("[publish]\nmax_entries = 'ten'", ["publish.max_entries", "'ten'"]),
        ("[publish]\nmax_entries = 0", ["publish.max_entries", "at least 1"]),
        ("[crawl]\nobey_robots = 1", ["crawl.obey_robots", "bool"]),
        ("[schedule]\nevery = 'soon'", ["schedule.every", "'soon'"]),
        ("[[sites]]\nid='x'\nurl='https://a.vn/'\nprovince='thua-thien-hue'",
         ["province", "thua-thien-hue"]),
        ("[[sites]]\nid='Bad Id'\nurl='https://a.vn/'", ["id", "'Bad Id'"]),
        ("[[sites]]\nid='x'\nurl='https://a.vn/'\narticle_url='(['", ["article_url", "invalid regex"]),
        ("[[sites]]\nid='x'\nurl='https://a.vn/'\n[[sites]]\nid='x'\nurl='https://b.vn/'",
         ["duplicate site id 'x'"]),
        ("[[sites]]\nid='x'\nurl='ftp://a.vn/'", ["sites[0] (id='x').url", "ftp://a.vn/"]),
        ("[[sites]]\nid='x'\nurl='https://a.vn/'\nfeds=[]", ["feds", "did you mean 'feeds'"]),
        ("[[sites]]\nid='x'\nurl='https://a.vn/'\nkind='blog'", ["kind", "'blog'"]),
    ],
)
def test_bad_config_names_file_key_and_value(tmp_path: Path, text: str,
                                             fragments: list[str]) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert path in message
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message


def test_missing_explicit_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(str(tmp_path / "nope.toml"))


def test_max_redirects_default_and_override(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, "")).crawl.max_redirects == 5
    assert load_config(write(tmp_path, "[crawl]\nmax_redirects = 0\n")).crawl.max_redirects == 0
    with pytest.raises(ConfigError, match=r"crawl\.max_redirects: must be at most 20"):
        load_config(write(tmp_path, "[crawl]\nmax_redirects = 21\n"))


def test_selectors_are_compiled_at_load_time(tmp_path: Path) -> None:
    site = "[[sites]]\nid = 'x'\nurl = 'https://a.vn/'\n[sites.selectors]\n"
    config = load_config(write(tmp_path, site + "body = 'div#noi-dung > p:nth-child(2)'\n"))
    assert config.sites[-1].selectors.body == "div#noi-dung > p:nth-child(2)"
    with pytest.raises(ConfigError, match=r"selectors\.body: invalid CSS selector 'div\[\['"):
        load_config(write(tmp_path, site + "body = 'div[['\n"))
