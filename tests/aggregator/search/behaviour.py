"""Search behaviour every store backend must show; run on SQLite (test_search_sqlite.py) and on
a real PostgreSQL server (tests/postgres/test_search_postgres.py)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from sqlalchemy import text

from aggregator.schema import Article
from aggregator.search.folding import fold_document
from aggregator.search.index import FoldedText, SearchFilters
from aggregator.search.query import Query, parse_query
from aggregator.search.topic_membership import is_about, topic_articles
from aggregator.search.topics import Topic, builtin_topics
from aggregator.store import ArticleStore
from aggregator.text import strip_diacritics

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
    """A topic feed holds the query's matches that are about it; search still lists them all.
    A term typed with diacritics is read as spelt ("công nghệ" is not "cong nghe", "sáng chế"
    is not "sang chế độ"); one typed without them matches every spelling."""
    topic = Topic("cong-nghe", "Công nghệ", '"công nghệ" OR "nghiên cứu" OR "sáng chế"',
                  parse_query('"công nghệ" OR "nghiên cứu" OR "sáng chế"'))
    store.upsert([
        article(1, "Trạm bơm mới", body="Bộ Khoa học và Công nghệ dự lễ. Nước về ruộng."),
        article(2, "Công nghệ tưới nhỏ giọt"),
        article(3, "Vườn mẫu", body="Nghiên cứu giống mới.\n\nCông nghệ tưới tiết kiệm."),
        article(4, "Giải bóng đá", body="Đội bóng nghiên cứu đối thủ."),
        article(5, "Vườn mẫu", body="Nghien cuu giong moi.\n\nCong nghe tuoi tiet kiem."),
        article(6, "Ngân hàng chuyển sang chế độ làm việc mới"),
    ])
    assert [a.id for a in topic_articles(store, topic, 10)] == ["baolangson/3", "baolangson/2"]
    assert len(titles(store, '"công nghệ" OR "nghiên cứu" OR "sáng chế"')) == 6
    loose = Topic("cong-nghe", "Công nghệ", '"cong nghe" OR "nghien cuu"',
                  parse_query('"cong nghe" OR "nghien cuu"'))
    assert [a.id for a in topic_articles(store, loose, 10)] == [
        "baolangson/5", "baolangson/3", "baolangson/2"]


def _random_article(number: int, rng: random.Random, terms: list[str]) -> Article:
    """An article naming topic terms 0-3 times in each part, spelt in every way folding
    joins (diacritics or none, upper case), with a term split across the title and lead."""
    def part(filler: str) -> str:
        words = [filler] * rng.randint(1, 4) + rng.sample(terms, rng.choice((0, 0, 1, 1, 2, 3)))
        rng.shuffle(words)
        spelt = [rng.choice((w, w.upper(), strip_diacritics(w))) for w in words]
        return ". ".join(spelt)

    title, lead = part("Tin trong tỉnh"), part("Người dân phấn khởi")
    if number % 7 == 0:  # "công | nghệ": a phrase across the title's end and the lead's start
        title, lead = f"{title} công", f"nghệ {lead}"
    return Article(id=f"baolangson/r{number}", site_id="baolangson", site_kind="newspaper",
                   url=f"https://baolangson.vn/r{number}.html", title=title,
                   lead=lead if number % 5 else "", body_text=part("Năm nay sản lượng tăng"),
                   tags=tuple(rng.sample(terms, number % 3)),
                   published=datetime(2025, 6, 1, tzinfo=VN) + timedelta(minutes=number),
                   provinces=("lang-son",))


def check_topic_members_are_those_folding_each_candidate_gives(store: ArticleStore) -> None:
    """Members are read from the text the index holds; they are the ones folding each
    candidate's title with its lead, and its body, gives (the rule as first written): the
    index keeps where each part lies, and tags (between them) count as neither. Candidates
    match the positive terms; an excluded term counts only in the title, lead or body, as
    the rule reads it (a tag naming one does not drop the article)."""
    topics = builtin_topics()
    terms = sorted({" ".join(phrase.exact) for topic in topics for clause in topic.query.clauses
                    for phrase in clause})
    rng = random.Random(15)
    store.upsert([_random_article(number, rng, terms) for number in range(400)])
    compared = 0
    for topic in topics:
        filters = SearchFilters(provinces=topic.provinces, kinds=topic.kinds, exact_first=False)
        candidates = store.search(Query(topic.query.clauses), filters, limit=400)
        folded = [a.id for a in candidates if is_about(topic.query, FoldedText(
            fold_document(f"{a.title}\n{a.lead}").exact, fold_document(a.body_text).exact))]
        assert 0 < len(folded) < len(candidates), topic.id  # passing mentions left out
        assert [a.id for a in topic_articles(store, topic, 400)] == folded, topic.id
        compared += len(candidates)
    assert compared > 1000
