"""What the last publish wrote, so a feed whose inputs did not change is not rendered again.

Rendering ~80 feeds in three formats is most of a publish, and after a quiet crawl most of them
would come out byte-identical. So each feed's *inputs* are hashed: its candidate articles (all
their fields), its spec and the publish options, and the code that renders them. When the hash
and the files on disk (size and mtime) are those recorded last time, the feed is left alone.
The record also keeps what the index page needs from a feed (its updated time and newest
headlines), so the page can be rebuilt without rendering the feeds.

The state is a hidden file in the output folder (``aggregator serve`` never serves dot files).
Losing or corrupting it only costs one full publish.
"""

from __future__ import annotations

import functools
import hashlib
import json
import operator
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from importlib import metadata
from pathlib import Path

from lxml import etree

import aggregator.copy_sketch
import aggregator.text
from aggregator.provinces import PROVINCES
from aggregator.schema import Article
from feeds.atomic import write_if_changed
from feeds.model import Headline

STATE_FILE = ".publish-state"
_FORMAT = 3

_ARTICLE_FIELDS = operator.attrgetter(
    *(name for name in Article.__dataclass_fields__ if name not in ("body_html", "body_text")))

FileStamp = tuple[int, int]
"""(size, mtime in ns) of a published file: changes whenever anything rewrites it."""


@dataclass(frozen=True, slots=True)
class FeedRecord:
    """One feed as last published: its input hash, files and what the index page shows."""

    digest: str
    files: Mapping[str, FileStamp]
    """Path relative to the output folder -> stamp right after publishing."""
    updated: datetime
    headlines: tuple[Headline, ...]


def file_stamp(path: Path) -> FileStamp:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


def input_digest(settings: Iterable[object], articles: Iterable[Article]) -> str:
    """Hash of the code, the ``repr`` of each setting (frozen dataclasses, strings, numbers)
    and every field of every article.

    ``body_text`` is covered by ``content_hash`` (title, lead and body text); leaving it out
    and hashing the body HTML's bytes rather than its ``repr`` halves the cost.
    """
    digest = hashlib.sha256(code_fingerprint().encode())
    for setting in settings:
        digest.update(repr(setting).encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    for article in articles:
        digest.update(repr(_ARTICLE_FIELDS(article)).encode("utf-8", "surrogatepass"))
        digest.update(article.body_html.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()


@functools.cache
def code_fingerprint() -> str:
    """Hash of what turns inputs into bytes: this package, the text keys, copy sketches and
    province names it uses, the XML libraries and the interpreter (whose tuple hashes find
    syndicated copies). Upgrading any of them re-renders every feed once."""
    digest = hashlib.sha256()
    for path in [*sorted(Path(__file__).parent.glob("*.py")), Path(aggregator.text.__file__),
                 Path(aggregator.copy_sketch.__file__)]:
        digest.update(path.read_bytes())
    digest.update(repr(sorted(PROVINCES.items())).encode())
    digest.update(f"{metadata.version('feedgen')} {etree.LXML_VERSION} {sys.version} "
                  f"{sys.hash_info}".encode())
    return digest.hexdigest()


class PublishState:
    """The records of the last publish: each feed's by path (``province/hue``), the stamps of
    the other files, and the store revision they were made from (when the store has one)."""

    def __init__(self, records: Mapping[str, FeedRecord], *, revision: str | None = None,
                 pages: Mapping[str, FileStamp] | None = None) -> None:
        self.records = dict(records)
        """By feed path; the health feed's too (its record keeps its date while empty)."""
        self.revision = revision
        self.pages = dict(pages or {})
        """Stamps of the files that are not feeds (index, OPML lists)."""

    @classmethod
    def load(cls, out_dir: Path) -> PublishState:
        """The saved state; empty when there is none or it cannot be read."""
        try:
            document = json.loads((out_dir / STATE_FILE).read_bytes())
            if document["format"] != _FORMAT:
                return cls({})
            return cls({path: _record(raw) for path, raw in document["feeds"].items()},
                       revision=document["revision"],
                       pages={str(name): (int(size), int(mtime))
                              for name, (size, mtime) in document["pages"].items()})
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls({})

    def fresh(self, path: str, digest: str, out_dir: Path) -> FeedRecord | None:
        """The record of ``path`` if its inputs and its files are exactly as last published."""
        record = self.records.get(path)
        if record is None or record.digest != digest:
            return None
        return record if _untouched(record.files, out_dir) else None

    def up_to_date(self, revision: str, out_dir: Path) -> bool:
        """True when the last publish used ``revision`` and left every file as it is now."""
        return (self.revision == revision and _untouched(self.pages, out_dir)
                and all(_untouched(record.files, out_dir) for record in self.records.values()))

    def files(self) -> list[str]:
        """Every file the last publish wrote or kept, relative to the output folder."""
        return [name for record in self.records.values() for name in record.files] + \
            list(self.pages)

    def save(self, out_dir: Path) -> None:
        document = {"format": _FORMAT, "revision": self.revision,
                    "pages": {name: list(stamp) for name, stamp in self.pages.items()},
                    "feeds": {path: _raw(record) for path, record in self.records.items()}}
        write_if_changed(out_dir / STATE_FILE,
                         json.dumps(document, ensure_ascii=False, sort_keys=True).encode())


def _untouched(files: Mapping[str, FileStamp], out_dir: Path) -> bool:
    try:
        return all(file_stamp(out_dir / name) == stamp for name, stamp in files.items())
    except OSError:
        return False


def _raw(record: FeedRecord) -> dict[str, object]:
    return {
        "digest": record.digest,
        "files": {name: list(stamp) for name, stamp in record.files.items()},
        "updated": record.updated.isoformat(),
        "headlines": [[h.title, h.url, h.published.isoformat(), h.source]
                      for h in record.headlines],
    }


def _record(raw: dict[str, object]) -> FeedRecord:
    files = raw["files"]
    headlines = raw["headlines"]
    if not isinstance(files, dict) or not isinstance(headlines, list):
        raise TypeError("malformed feed record")
    return FeedRecord(
        digest=str(raw["digest"]),
        files={str(name): (int(size), int(mtime)) for name, (size, mtime) in files.items()},
        updated=datetime.fromisoformat(str(raw["updated"])),
        headlines=tuple(Headline(str(title), str(url), datetime.fromisoformat(str(when)),
                                 str(source))
                        for title, url, when, source in headlines),
    )
