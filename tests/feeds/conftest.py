"""Shared fixtures for the feed builder: an in-memory ArticleQuery and a small, realistic store."""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from aggregator.registry import SiteEntry
from aggregator.schema import Article
from aggregator.store import SiteRun
from feeds.publish import PublishReport, publish
from feeds.server import FeedServer

VN = timezone(timedelta(hours=7))
BASE_URL = "https://tin.example.vn/feeds/"
PUBLISH_TIME = datetime(2025, 6, 18, 10, 0, tzinfo=VN)
"""The clock of ``run_publish``: the date of empty feeds and of the index page."""


def fixed_clock(when: datetime = PUBLISH_TIME) -> Callable[[], datetime]:
    return lambda: when


AT_PUBLISH_TIME = fixed_clock()


class MemoryQuery:
    """``feeds.source.ArticleQuery`` over a list, ordered like the SQL store."""

    def __init__(self, articles: list[Article]) -> None:
        self.articles = articles

    def latest(self, *, limit: int, site_ids: Collection[str] | None = None,
               province: str | None = None, kind: str | None = None) -> list[Article]:
        selected = [
            a for a in self.articles
            if (site_ids is None or a.site_id in site_ids)
            and (province is None or province in a.provinces)
            and (kind is None or a.site_kind == kind)
        ]
        selected.sort(key=_sort_key, reverse=True)
        return selected[:limit]

    def provinces_with_articles(self) -> set[str]:
        return {slug for article in self.articles for slug in article.provinces}


class HistoryQuery(MemoryQuery):
    """A MemoryQuery that also keeps crawl runs (``feeds.source.RunHistory``)."""

    def __init__(self, articles: list[Article], runs: Mapping[str, Sequence[SiteRun]]) -> None:
        super().__init__(articles)
        self.runs = runs
        """Site id -> runs, newest first."""
        self.limits: list[int] = []

    def recent_site_runs(self, site_id: str, *, limit: int = 10) -> list[SiteRun]:
        self.limits.append(limit)
        return list(self.runs.get(site_id, ())[:limit])


def crawl_runs(site_id: str, outcomes: str, *,
               start: datetime = datetime(2025, 6, 17, 0, 0, tzinfo=UTC)) -> list[SiteRun]:
    """Runs every 30 minutes from ``start``, oldest outcome first, returned newest first.

    Outcomes: ``ok`` (pages, nothing wrong), ``new`` (new articles despite an error),
    ``down`` (nothing fetched, connection refused), ``empty`` (pages, errors, nothing new).
    """
    runs = []
    for n, outcome in enumerate(outcomes.split()):
        started = start + timedelta(minutes=30 * n)
        fetched, new, errors = {
            "ok": (12, 0, ()),
            "new": (12, 3, ("timeout: https://example.vn/tin-moi.html",)),
            "down": (0, 0, ("Connection refused: https://example.vn/",)),
            "empty": (5, 0, ("no article matched <script>selector</script>",)),
        }[outcome]
        runs.append(SiteRun(site_id=site_id, started_at=started,
                            finished_at=started + timedelta(minutes=2, seconds=n),
                            requests=fetched + 1, fetched=fetched, new=new, errors=errors))
    return runs[::-1]


def _sort_key(article: Article) -> tuple[float, str]:
    when = article.published or article.fetched_at
    assert when is not None
    return when.timestamp(), article.id


SITES = [
    SiteEntry(id="baolangson", name="Báo Lạng Sơn", kind="newspaper",
              url="https://baolangson.vn/", province="lang-son"),
    SiteEntry(id="baohue", name="Báo Huế", kind="newspaper", url="https://baohue.vn/",
              province="hue"),
    SiteEntry(id="baocaobang", name="Báo Cao Bằng", kind="newspaper",
              url="https://baocaobang.vn/", province="cao-bang"),
    SiteEntry(id="vusta", name="Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam",
              kind="federation", url="https://vusta.vn/"),
]
"""Cao Bằng has a site but no articles: its province feed must still exist (empty)."""

ArticleFactory = Callable[..., Article]


@pytest.fixture
def make_article() -> ArticleFactory:
    """Build an article of ``baolangson`` published ``minutes`` after 08:00 on 17/6/2025."""

    def build(number: int, minutes: int = 0, **changes: object) -> Article:
        fields: dict[str, object] = {
            "id": f"baolangson/{number}",
            "site_id": "baolangson",
            "site_kind": "newspaper",
            "url": f"https://baolangson.vn/tin-tuc-{number}.html",
            "title": f"Lạng Sơn khởi công tuyến cao tốc mới, đoạn {number}",
            "lead": "Sáng nay, tỉnh Lạng Sơn tổ chức lễ khởi công dự án giao thông trọng điểm.",
            "body_html": "<p>Dự án dài 43 km, nối cửa khẩu Hữu Nghị với trung tâm tỉnh.</p>",
            "authors": ("Minh Anh",),
            "published": datetime(2025, 6, 17, 8, 0, tzinfo=VN) + timedelta(minutes=minutes),
            "provinces": ("lang-son",),
            "fetched_at": datetime(2025, 6, 17, 9, 30, tzinfo=UTC),
        }
        fields.update(changes)
        return Article(**fields)  # type: ignore[arg-type]

    return build


@pytest.fixture
def articles(make_article: ArticleFactory) -> list[Article]:
    """Six articles over three sites, one of them in two provinces, one without a date."""
    return [
        make_article(1, 0, image="https://baolangson.vn/uploads/2025/06/cao-toc.jpg"),
        make_article(2, 30, authors=("Minh Anh", "Hoàng Vy"),
                     provinces=("lang-son", "cao-bang")),
        make_article(3, 60, updated=datetime(2025, 6, 17, 15, 5, tzinfo=VN)),
        make_article(
            4, 0, id="baohue/5501", site_id="baohue", url="https://baohue.vn/le-hoi-5501.html",
            title="Huế chuẩn bị Festival nghề truyền thống", provinces=("hue",),
            published=datetime(2025, 6, 16, 20, 15, tzinfo=VN), authors=()),
        make_article(
            5, 0, id="vusta/hoi-thao-ai", site_id="vusta", site_kind="federation",
            url="https://vusta.vn/hoi-thao-ai.html", provinces=(),
            title="Hội thảo khoa học về trí tuệ nhân tạo trong nông nghiệp",
            published=datetime(2025, 6, 15, 14, 0, tzinfo=VN), lead="", authors=()),
        make_article(
            6, 0, id="baohue/5502", site_id="baohue", url="https://baohue.vn/dien-dan-5502.html",
            title="Diễn đàn du lịch miền Trung", provinces=("hue",), published=None,
            fetched_at=datetime(2025, 6, 16, 2, 0, tzinfo=UTC)),
    ]


@pytest.fixture
def query(articles: list[Article]) -> MemoryQuery:
    return MemoryQuery(articles)


@pytest.fixture
def sites() -> list[SiteEntry]:
    return list(SITES)


@pytest.fixture
def base_url() -> str:
    return BASE_URL


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    return tmp_path / "public"


@pytest.fixture
def run_publish(out_dir: Path, sites: list[SiteEntry]) -> Callable[..., PublishReport]:
    """Publish a MemoryQuery over the given articles into ``out_dir``."""

    def run(articles: list[Article], *, base_url: str = BASE_URL,
            clock: Callable[[], datetime] = AT_PUBLISH_TIME, **options: int) -> PublishReport:
        return publish(MemoryQuery(articles), sites, out_dir=out_dir, base_url=base_url,
                       clock=clock, **options)

    return run


@pytest.fixture
def feed_server(out_dir: Path) -> Iterator[FeedServer]:
    """A ``FeedServer`` for ``out_dir`` on a free loopback port, running in a thread."""
    server = FeedServer(out_dir, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
