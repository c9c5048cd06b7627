"""Every Atom and RSS feed the offline demo publishes, checked by the W3C Feed Validator.

Our tests check the feeds with feedparser and newsboat; this asks the validator behind
validator.w3.org/feed (https://github.com/w3c/feedvalidator), which knows the specifications'
fine print (dates, ids, escaped HTML in content, RSS elements out of place), code we did not
write. It is third-party code and never committed: the script extracts the validator's
``src/`` folder with git into a temporary folder, from a clone or mirror of that repository
(default: the mirror the project's ``fetch`` tool leaves, ``/work/.mirror/w3c+feedvalidator/repo``;
``--validator PATH`` takes another clone, or an extracted ``src/`` folder).

What is validated, two publishes into temporary folders, each with the built-in topic feeds:
the bundled sample sites (the page shapes of Báo Lạng Sơn, Báo Lào Cai, HUSTA's WordPress site
and VUSTA) served on 127.0.0.1 and crawled as ``aggregator demo`` does; and every article page
of the gold set (``tests/gold/``: a dozen CMS shapes, charsets, figures, tables, bylines)
parsed by our parser with its site entry and stored. Every ``*.atom`` and ``*.rss`` file is
validated with its published URL as base, and the validator's events are filtered as
feedvalidator.org shows them (its "AA" level). Printed: each message
type with its level, how many feeds have it and one example; exit status 1 when any feed has
an error (warnings are reported only).

Usage::

    git clone https://github.com/w3c/feedvalidator /tmp/feedvalidator   # or the fetch tool
    .venv/bin/python bench/feed_validator.py --validator /tmp/feedvalidator
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import os
import subprocess
import sys
import tarfile
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

if __package__ in (None, ""):
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from aggregator.commands.crawl_command import crawl_sites
from aggregator.commands.demo_command import sample_sites_config
from aggregator.commands.publish_command import publish_feeds
from aggregator.parsing.gold import load_gold_set
from aggregator.sample_sites import SampleSites, default_sample_root
from aggregator.search.topics import builtin_topics
from aggregator.store import ArticleStore
from feeds.publish import publish

DEFAULT_VALIDATOR = Path(os.environ.get("FEEDVALIDATOR_REPO",
                                        "/work/.mirror/w3c+feedvalidator/repo"))
BASE_URL = "http://127.0.0.1:8080/"
FEED_SUFFIXES = (".atom", ".rss")
GOLD = Path(__file__).resolve().parents[1] / "tests" / "gold"


@contextlib.contextmanager
def validator_source(path: Path) -> Iterator[Path]:
    """The validator's ``src/`` folder: ``path`` itself when it holds the ``feedvalidator``
    package, else ``src/`` extracted from the git repository at ``path`` (HEAD)."""
    if not path.exists():
        raise SystemExit(f"no validator at {path}: clone https://github.com/w3c/feedvalidator "
                         "and give --validator (or FEEDVALIDATOR_REPO) its folder")
    for candidate in (path, path / "src"):
        if (candidate / "feedvalidator" / "__init__.py").is_file():
            yield candidate
            return
    archive = subprocess.run(["git", "-C", str(path), "archive", "HEAD", "src"],
                             check=True, capture_output=True).stdout
    commit = subprocess.run(["git", "-C", str(path), "rev-parse", "HEAD"], check=True,
                            capture_output=True, text=True).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="feedvalidator-") as folder:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        print(f"validator: w3c/feedvalidator@{commit}")
        yield Path(folder) / "src"


def load_validator(source: Path) -> ModuleType:
    """The ``feedvalidator`` package of ``source`` (imported from there, never installed)."""
    sys.path.insert(0, str(source))
    try:
        return importlib.import_module("feedvalidator")
    except ImportError as error:
        raise SystemExit(f"cannot import the validator from {source}: {error} "
                         "(html5lib comes with the project's dev extra: pip install -e '.[dev]')"
                         ) from None


def publish_demo(workdir: Path) -> Path:
    """Crawl the sample sites and publish them (with the built-in topics) under ``workdir``."""
    with SampleSites(default_sample_root()) as sites:
        config = sample_sites_config(sites, workdir=workdir, base_url=BASE_URL)
        runs = crawl_sites(config, config.sites)
    written, _unchanged = publish_feeds(config)
    print(f"crawled {len(runs)} sample sites, published {written} files")
    return workdir / "public"


def publish_gold(workdir: Path) -> Path:
    """Parse every gold article page with its site entry, store and publish them."""
    cases = [case for case in load_gold_set(GOLD) if case.is_article]
    articles = [case.parse() for case in cases]
    sites = list({case.site.id: case.site for case in cases if case.site}.values())
    store = ArticleStore(f"sqlite:///{workdir / 'gold.db'}")
    try:
        store.upsert(articles)
        report = publish(store, sites, out_dir=workdir / "public", base_url=BASE_URL,
                         topics=builtin_topics())
    finally:
        store.close()
    print(f"parsed {len(articles)} gold pages of {len(sites)} sites, published "
          f"{len(report.written)} files")
    return workdir / "public"


def validate(validator: ModuleType, feed: Path, url: str) -> list[object]:
    """The validator's events for one feed, as feedvalidator.org filters them."""
    compatibility = importlib.import_module("feedvalidator.compatibility")
    try:
        with feed.open("rb") as stream:
            events = validator.validateStream(stream, firstOccurrenceOnly=1, base=url)
    except validator.logging.ValidationFailure as failure:
        return [failure.event]
    return list(compatibility.AA(events["loggedEvents"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--validator", type=Path, default=DEFAULT_VALIDATOR,
                        help="a clone of w3c/feedvalidator, or its src/ folder")
    args = parser.parse_args(argv)
    failed = 0
    with validator_source(args.validator) as source:
        validator = load_validator(source)
        for name, publish_into in (("sample sites", publish_demo), ("gold set", publish_gold)):
            with tempfile.TemporaryDirectory(prefix="bench-feed-validator-") as temp:
                print(f"\n{name}:")
                failed += report(validator, publish_into(Path(temp)))
    return 1 if failed else 0


def report(validator: ModuleType, public: Path) -> int:
    """Validate every feed under ``public``, print the findings; the feeds with an error."""
    feeds = sorted(p for p in public.rglob("*") if p.suffix in FEED_SUFFIXES)
    seen: dict[tuple[str, str], list[str]] = defaultdict(list)
    failed = set()
    for feed in feeds:
        relative = feed.relative_to(public).as_posix()
        for event in validate(validator, feed, BASE_URL + relative):
            level = "error" if isinstance(event, validator.logging.Error) else "warning"
            seen[level, type(event).__name__].append(relative)
            if level == "error":
                failed.add(relative)
    print(f"{len(feeds)} feeds validated ({sum(f.suffix == '.atom' for f in feeds)} Atom, "
          f"{sum(f.suffix == '.rss' for f in feeds)} RSS): {len(failed)} with an error, "
          f"{len({f for (level, _), where in seen.items() if level == 'warning' for f in where})}"
          " with a warning")
    if seen:
        print("| level | message | feeds | example |\n|---|---|---:|---|")
        for (level, name), where in sorted(seen.items()):
            print(f"| {level} | {name} | {len(set(where))} | {where[0]} |")
    return len(failed)

if __name__ == "__main__":
    sys.exit(main())
