"""Every kind of bad configuration, through the real command line.

The contract: one line on stderr naming the file, the key and the value, exit status 2, never a
traceback. Each case below is one mistake an operator can make; the fragments are what the line
must contain besides the config file's path.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import run_cli

SITE = "[[sites]]\nid = 'x'\nurl = 'https://a.vn/'\n"
"""A minimal valid site entry the cases below extend with one mistake."""

# (case id, config text, fragments). ``{tmp}`` is replaced by the test's temporary folder.
CONFIG_CASES = [
    # TOML syntax, with the line number
    ("toml-unclosed-table", "[crawl\n", ["TOML syntax error", "line 1"]),
    ("toml-duplicate-key", "[crawl]\nobey_robots = true\nobey_robots = false\n",
     ["TOML syntax error", "line 3"]),
    ("toml-bad-value", "[publish]\nmax_entries = ten\n", ["TOML syntax error", "line 2"]),
    # unknown keys at every level, with a did-you-mean hint
    ("unknown-top", "buildin_sites = false\n", ["buildin_sites", "did you mean 'builtin_sites'"]),
    ("unknown-storage", "[storage]\nulr = 'sqlite:///a.db'\n",
     ["storage.ulr", "did you mean 'url'"]),
    ("unknown-publish", "[publish]\nmax_entry = 3\n",
     ["publish.max_entry", "did you mean 'max_entries'"]),
    ("unknown-crawl", "[crawl]\nmax_age_dys = 3\n",
     ["crawl.max_age_dys", "did you mean 'max_age_days'"]),
    ("unknown-schedule", "[schedule]\nevry = '1h'\n", ["schedule.evry", "did you mean 'every'"]),
    ("unknown-site-key", SITE + "listngs = []\n",
     ["sites[0] (id='x').listngs", "did you mean 'listings'"]),
    ("unknown-selector-key", SITE + "[sites.selectors]\nbdy = 'div'\n",
     ["sites[0] (id='x').selectors.bdy", "did you mean 'body'"]),
    ("unknown-family", SITE + "family = 'wordpres'\n",
     ["sites[0] (id='x').family", "unknown family 'wordpres'", "did you mean 'wordpress'"]),
    # wrong types
    ("type-builtin-sites", "builtin_sites = 'no'\n", ["builtin_sites", "'no'"]),
    ("type-section", "storage = 'sqlite:///a.db'\n", ["storage", "must be a table"]),
    ("type-max-entries", "[publish]\nmax_entries = 'ten'\n", ["publish.max_entries", "'ten'"]),
    ("type-obey-robots", "[crawl]\nobey_robots = 1\n", ["crawl.obey_robots", "bool"]),
    ("type-download-delay", "[crawl]\ndownload_delay = 'fast'\n",
     ["crawl.download_delay", "'fast'"]),
    ("type-user-agent", "[crawl]\nuser_agent = 7\n", ["crawl.user_agent", "7"]),
    ("type-max-redirects", "[crawl]\nmax_redirects = 2.5\n", ["crawl.max_redirects", "2.5"]),
    ("type-sites", "sites = 3\n", ["sites", "array of tables"]),
    ("type-site-entry", "sites = [1]\n", ["sites[0]", "must be a table"]),
    ("type-site-name", SITE + "name = 5\n", ["sites[0] (id='x').name", "5"]),
    ("type-site-feeds", SITE + "feeds = 3\n", ["sites[0] (id='x').feeds", "list of URLs"]),
    ("type-site-verified", SITE + "verified = 'yes'\n", ["sites[0] (id='x').verified", "'yes'"]),
    ("type-selectors", SITE + "selectors = 'div'\n", ["sites[0] (id='x').selectors", "table"]),
    ("type-selector-remove", SITE + "[sites.selectors]\nremove = [1]\n",
     ["selectors.remove", "[1]"]),
    # values out of range
    ("range-max-entries", "[publish]\nmax_entries = 0\n", ["publish.max_entries", "at least 1"]),
    ("range-max-redirects-low", "[crawl]\nmax_redirects = -1\n",
     ["crawl.max_redirects", "at least 0", "-1"]),
    ("range-max-redirects-high", "[crawl]\nmax_redirects = 99\n",
     ["crawl.max_redirects", "at most 20", "99"]),
    ("range-max-page-bytes", "[crawl]\nmax_page_bytes = 10\n", ["crawl.max_page_bytes", "10"]),
    ("range-timeout", "[crawl]\ndownload_timeout = 0\n", ["crawl.download_timeout", "0"]),
    # site ids and kinds
    ("site-id-missing", "[[sites]]\nurl = 'https://a.vn/'\n", ["sites[0].id", "None"]),
    ("site-id-bad", "[[sites]]\nid = 'Báo X'\nurl = 'https://a.vn/'\n", ["sites[0].id", "'Báo X'"]),
    ("site-id-duplicate", SITE + SITE, ["sites[1].id", "duplicate site id 'x'"]),
    ("site-kind", SITE + "kind = 'blog'\n", ["sites[0] (id='x').kind", "'blog'"]),
    # province slugs, with a hint
    ("province-typo", SITE + "province = 'lang-sn'\n",
     ["sites[0] (id='x').province", "'lang-sn'", "did you mean 'lang-son'"]),
    ("province-former-unit", SITE + "province = 'thua-thien-hue'\n",
     ["'thua-thien-hue'", "part of 'hue'"]),
    ("province-name", SITE + "province = 'Lạng Sơn'\n", ["'Lạng Sơn'", "34 current units"]),
    # regexes and CSS selectors, compiled at load time
    ("article-url-regex", SITE + "article_url = '-(\\d+\\.html$'\n",
     ["sites[0] (id='x').article_url", "invalid regex", "'-(\\\\d+\\\\.html$'"]),
    ("selector-syntax", SITE + "[sites.selectors]\nbody = 'div.noi-dung[['\n",
     ["sites[0] (id='x').selectors.body", "invalid CSS selector", "'div.noi-dung[['"]),
    ("selector-pseudo-element", SITE + "[sites.selectors]\ntitle = 'h1::text'\n",
     ["selectors.title", "'h1::text'"]),
    ("selector-remove", SITE + "[sites.selectors]\nremove = ['.quang-cao', 'div >']\n",
     ["selectors.remove", "'div >'"]),
    # intervals
    ("every-word", "[schedule]\nevery = 'soon'\n", ["schedule.every", "'soon'"]),
    ("every-too-short", "[schedule]\nevery = '10s'\n", ["schedule.every", "at least 1m", "'10s'"]),
    ("every-type", "[schedule]\nevery = [30]\n", ["schedule.every", "[30]"]),
    ("site-every", SITE + "every = '15 phút'\n", ["sites[0] (id='x').every", "'15 phút'"]),
    # URLs
    ("site-url-missing", "[[sites]]\nid = 'x'\n", ["sites[0] (id='x').url", "required"]),
    ("site-url-scheme", "[[sites]]\nid = 'x'\nurl = 'ftp://a.vn/'\n",
     ["sites[0] (id='x').url", "'ftp://a.vn/'"]),
    ("site-url-relative", "[[sites]]\nid = 'x'\nurl = 'a.vn/tin-tuc'\n", ["'a.vn/tin-tuc'"]),
    ("site-feed-url", SITE + "feeds = ['/rss/home.rss']\n",
     ["sites[0] (id='x').feeds", "'/rss/home.rss'"]),
    ("site-listing-url", SITE + "listings = ['javascript:void(0)']\n",
     ["sites[0] (id='x').listings", "'javascript:void(0)'"]),
    ("base-url", "[publish]\nbase_url = 'feeds.example.org'\n",
     ["publish.base_url", "'feeds.example.org'"]),
    ("storage-not-a-url", "[storage]\nurl = 'var/aggregator.db'\n",
     ["storage.url", "'var/aggregator.db'"]),
]


def _check_one_line(result_stderr: str, config: Path, fragments: list[str]) -> str:
    lines = result_stderr.strip().splitlines()
    assert len(lines) == 1, result_stderr
    line = lines[0]
    assert "Traceback" not in result_stderr
    assert str(config) in line, line
    for fragment in fragments:
        assert fragment in line, f"{fragment!r} not in {line!r}"
    return line


@pytest.mark.parametrize(("text", "fragments"), [case[1:] for case in CONFIG_CASES],
                         ids=[case[0] for case in CONFIG_CASES])
def test_bad_config_is_one_line_and_exit_2(tmp_path: Path, text: str,
                                           fragments: list[str]) -> None:
    config = tmp_path / "bad.toml"
    config.write_text(text, "utf-8")
    result = run_cli("sites", config=config, check=False)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout == ""
    _check_one_line(result.stderr, config, fragments)


def test_every_command_rejects_a_bad_config_before_working(tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("[crawl]\nmax_age_dys = 3\n", "utf-8")
    for command in (["crawl"], ["publish"], ["run", "--once"], ["sites", "--json"]):
        result = run_cli(*command, config=config, check=False)
        assert result.returncode == 2, command
        _check_one_line(result.stderr, config, ["crawl.max_age_dys"])


def test_config_that_is_not_utf8(tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    # "Báo" in Windows-1258, the legacy Vietnamese code page.
    config.write_bytes(b"[[sites]]\nname = 'B\xe1o'\n")
    result = run_cli("sites", config=config, check=False)
    assert result.returncode == 2
    _check_one_line(result.stderr, config, ["cannot read config file"])


def test_missing_config_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    result = run_cli("sites", config=missing, check=False)
    assert result.returncode == 2
    _check_one_line(result.stderr, missing, ["config file not found"])


# Store and output folder problems only show when the command opens them: run ``publish``.
# A path under a regular file is unusable even for root (tests may run as root, where
# permission bits do not stop anything).
PUBLISH_CASES = [
    ("storage-unknown-dialect", "[storage]\nurl = 'nosuchdb://x'\n",
     ["storage.url", "'nosuchdb://x'"]),
    ("storage-sqlite-under-a-file", "[storage]\nurl = 'sqlite:///{tmp}/a-file/x.db'\n",
     ["storage.url", "a-file/x.db"]),
    ("storage-connection-refused",
     "[storage]\nurl = 'postgresql://reader:secret@127.0.0.1:1/news'\n",
     ["storage.url", "127.0.0.1:1"]),
    ("publish-dir-under-a-file", "[publish]\ndir = '{tmp}/a-file/public'\n",
     ["publish.dir", "a-file/public", "not writable"]),
    ("publish-dir-is-a-file", "[publish]\ndir = '{tmp}/a-file'\n",
     ["publish.dir", "a-file", "not a folder"]),
]


@pytest.mark.parametrize(("text", "fragments"), [case[1:] for case in PUBLISH_CASES],
                         ids=[case[0] for case in PUBLISH_CASES])
def test_unusable_store_or_output_is_one_line_and_exit_2(tmp_path: Path, text: str,
                                                         fragments: list[str]) -> None:
    (tmp_path / "a-file").write_text("not a folder\n", "utf-8")
    defaults = {"storage": f"[storage]\nurl = 'sqlite:///{tmp_path}/store.db'\n",
                "publish": f"[publish]\ndir = '{tmp_path}/public'\n"}
    for section in defaults:
        if text.startswith(f"[{section}]"):
            defaults[section] = text.replace("{tmp}", str(tmp_path))
    config = tmp_path / "bad.toml"
    config.write_text("builtin_sites = false\n" + "".join(defaults.values()), "utf-8")
    result = run_cli("publish", config=config, check=False)
    assert result.returncode == 2, result.stdout + result.stderr
    line = _check_one_line(result.stderr, config, fragments)
    assert "secret" not in line, "the database password must not be printed"


def test_bad_usage_is_one_line_and_exit_2() -> None:
    for args in (["crawl", "--site", "no-such-site"], ["frobnicate"], ["serve", "--port", "x"],
                 ["extract", "page.html"]):
        result = run_cli(*args, check=False)
        assert result.returncode == 2, args
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "Traceback" not in result.stderr
