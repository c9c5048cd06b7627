"""Search behaviour every store backend must show; run on SQLite (test_search_sqlite.py) and on
a real PostgreSQL server (tests/postgres/test_search_postgres.py)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import text

from aggregator.schema import Article
from aggregator.search.index import SearchFilters
from aggregator.search.query import parse_query
from aggregator.search.topic_membership import topic_articles
from aggregator.search.topics import Topic
from aggregator.store import ArticleStore

VN = timezone(timedelta(hours=7))
TITLES = (
    "Chuyển đổi số trong thông quan ở Lạng Sơn",       # 0 exact
    "Chuyen doi so cho hop tac xa",                    # 1 typed without diacritics
    "Hội nghị CHUYỂN ĐỔI SỐ toàn tỉnh",                # 2 upper case
    "Hoà bình và hợp tác",                             # 3 old-style tone
    "Số hóa hồ sơ hợp tác xã",                         # 4
    "Đổi mới sáng tạo ở Huế",                          # 5 đ
    "Bóng đá: chuyển sang sơ đồ mới, đổi số áo",       # 6 words apart, not the phrase
)


def article(number: int, title: str, *, site: str = "baolangson", kind: str = "newspaper",
            provinces: tuple[str, ...] = ("lang-son",), body: str = "Nội dung bài viết.",
            day: int | None = None) -> Article:
    return Article(id=f"{site}/{number}", site_id=site, site_kind=kind,  # type: ignore[arg-type]
                   url=f"https://{site}.vn/bai-{number}.html", title=title, body_text=body,
                   published=datetime(2025, 6, day or number + 1, 8, 0, tzinfo=VN),
                   provinces=provinces)


def fill(store: ArticleStore) -> None:
    store.upsert([article(n, title) for n, title in enumerate(TITLES)])


def titles(store: ArticleStore, query: str, **filters: object) -> list[str]:
    return [a.title for a in store.search(parse_query(query), SearchFilters(**filters))]  # type: ignore[arg-type]


def check_diacritic_insensitive(store: ArticleStore) -> None:
    fill(store)
    loose = titles(store, "chuyen doi so")
    assert set(loose) == {TITLES[0], TITLES[1], TITLES[2], TITLES[6]}
    assert loose == [TITLES[6], TITLES[2], TITLES[1], TITLES[0]]  # newest first
    assert set(titles(store, "Chuyển Đổi Số")) == set(loose)
    assert titles(store, '"doi moi"') == titles(store, '"đổi mới"') == [TITLES[5]]


def check_exact_matches_rank_first(store: ArticleStore) -> None:
    fill(store)
    exact_first = titles(store, '"chuyển đổi số"')
    assert exact_first == [TITLES[2], TITLES[0], TITLES[1]]  # exact (newest first), then loose
    assert titles(store, "hòa") == [TITLES[3], TITLES[4]]  # "hoà" is "hòa"; "hóa" after


def check_phrase_or_exclusion(store: ArticleStore) -> None:
    fill(store)
    assert TITLES[6] not in titles(store, '"chuyển đổi số"')
    assert titles(store, '"so hoa" OR "doi moi"') == [TITLES[5], TITLES[4]]
    assert titles(store, "hợp tác -hóa") == [TITLES[1]]  # exclusion ignores diacritics too: "Hoà"
    assert titles(store, "chuyen doi so -bong") == [TITLES[2], TITLES[1], TITLES[0]]


def check_filters(store: ArticleStore) -> None:
    store.upsert([article(1, "Hội thảo số hóa", provinces=("hue",), site="husta",
                          kind="federation"),
                  article(2, "Hội thảo số hóa"), article(3, "Hội thảo số hóa", day=28)])
    assert len(titles(store, "so hoa")) == 3
    assert [a.id for a in store.search(parse_query("so hoa"), SearchFilters(provinces=("hue",)))] \
        == ["husta/1"]
    assert [a.id for a in store.search(parse_query("so hoa"), SearchFilters(kinds=("newspaper",)))] \
        == ["baolangson/3", "baolangson/2"]
    assert [a.id for a in store.search(parse_query("so hoa"),
                                       SearchFilters(site_ids=("husta", "nothere")))] == ["husta/1"]
    since = int(datetime(2025, 6, 20, tzinfo=VN).timestamp())
    assert [a.id for a in store.search(parse_query("so hoa"), SearchFilters(since_ts=since))] \
        == ["baolangson/3"]
    assert [a.id for a in store.search(parse_query("so hoa"), limit=1)] == ["baolangson/3"]


def check_kept_current(store: ArticleStore) -> None:
    store.upsert([article(1, "Tin cũ về thủy lợi")])
    assert titles(store, "thuy loi") == ["Tin cũ về thủy lợi"]
    store.upsert([article(1, "Tin mới về chuyển đổi số")])  # an edit replaces the entry
    assert titles(store, "thuy loi") == []
    assert titles(store, "chuyen doi so") == ["Tin mới về chuyển đổi số"]
    with store.engine.begin() as conn:  # whoever deletes an article (retention) drops its entry
        conn.execute(text("DELETE FROM articles WHERE id = 'baolangson/1'"))
    assert titles(store, "chuyen doi so") == []
    store.upsert([article(2, "Số hóa")])
    assert store.rebuild_search_index() == 1
    assert titles(store, "so hoa") == ["Số hóa"]


def check_topic_membership(store: ArticleStore) -> None:
    """A topic feed holds the query's matches that are about it; search still lists them all."""
    topic = Topic("cong-nghe", "Công nghệ", '"công nghệ" OR "nghiên cứu"',
                  parse_query('"công nghệ" OR "nghiên cứu"'))
    store.upsert([
        article(1, "Trạm bơm mới", body="Bộ Khoa học và Công nghệ dự lễ. Nước về ruộng."),
        article(2, "Công nghệ tưới nhỏ giọt"),
        article(3, "Vườn mẫu", body="Nghiên cứu giống mới.\n\nCong nghe tuoi tiet kiem."),
        article(4, "Giải bóng đá", body="Đội bóng nghiên cứu đối thủ."),
    ])
    assert [a.id for a in topic_articles(store, topic, 10)] == ["baolangson/3", "baolangson/2"]
    assert len(titles(store, '"công nghệ" OR "nghiên cứu"')) == 4
