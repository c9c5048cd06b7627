"""Article -> FeedItem: ids, dates, categories, images and cleaned text."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from aggregator.schema import Article
from feeds.items import EPOCH, feed_item, image_type, newest_update
from feeds.model import Category

VN = timezone(timedelta(hours=7))
NAMES = {"baolangson": "Báo Lạng Sơn"}

Factory = Callable[..., Article]


def test_id_is_a_tag_uri_of_the_article_id(make_article: Factory) -> None:
    item = feed_item(make_article(42), NAMES)
    assert item.id == "tag:vn-news-aggregator,2025:baolangson/42"


def test_dates_keep_their_offset_and_drop_microseconds(make_article: Factory) -> None:
    published = datetime(2025, 6, 17, 13, 43, 2, 123456, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    item = feed_item(make_article(1, published=published), NAMES)
    assert item.published.isoformat() == "2025-06-17T13:43:02+07:00"
    assert item.updated == item.published


def test_updated_when_known(make_article: Factory) -> None:
    edited = datetime(2025, 6, 18, 7, 0, tzinfo=VN)
    assert feed_item(make_article(1, updated=edited), NAMES).updated == edited


def test_missing_publication_time_falls_back_to_fetch_time(make_article: Factory) -> None:
    fetched = datetime(2025, 6, 17, 2, 30, tzinfo=UTC)
    item = feed_item(make_article(1, published=None, fetched_at=fetched), NAMES)
    assert item.published == item.updated == fetched
    assert feed_item(make_article(1, published=None, fetched_at=None), NAMES).published == EPOCH


def test_offset_with_seconds_is_written_in_utc(make_article: Factory) -> None:
    # Before 1906 the zone database gives Saigon its local mean time, +07:06:30.
    old = datetime(1900, 1, 1, 12, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    published = feed_item(make_article(1, published=old), NAMES).published
    assert published.utcoffset() == timedelta(0)
    assert published == old


def test_categories_province_source_kind(make_article: Factory) -> None:
    item = feed_item(make_article(1, provinces=("lang-son", "cao-bang", "lang-son")), NAMES)
    assert item.categories == (
        Category("province", "lang-son", "Lạng Sơn"),
        Category("province", "cao-bang", "Cao Bằng"),
        Category("source", "baolangson", "Báo Lạng Sơn"),
        Category("kind", "newspaper", "Báo địa phương"),
    )
    assert item.label_of("source") == "Báo Lạng Sơn"


def test_unknown_site_is_labelled_with_its_id(make_article: Factory) -> None:
    assert feed_item(make_article(1), {}).label_of("source") == "baolangson"


def test_text_is_cleaned_and_empty_title_falls_back_to_url(make_article: Factory) -> None:
    item = feed_item(make_article(1, title="\x0b", authors=("Minh Anh", "\x07", "Minh Anh")),
                     NAMES)
    assert item.title == "https://baolangson.vn/tin-tuc-1.html"
    assert item.authors == ("Minh Anh",)


def test_image_type_from_extension() -> None:
    assert image_type("https://baolangson.vn/uploads/anh.PNG?w=600") == "image/png"
    assert image_type("https://baolangson.vn/uploads/anh.webp") == "image/webp"
    assert image_type("https://baolangson.vn/image?id=12") == "image/jpeg"


def test_newest_update_compares_instants_across_offsets(make_article: Factory) -> None:
    items = [
        feed_item(make_article(1, published=datetime(2025, 6, 17, 9, 0, tzinfo=VN)), NAMES),
        feed_item(make_article(2, published=datetime(2025, 6, 17, 3, 0, tzinfo=UTC)), NAMES),
    ]
    assert newest_update(items) == datetime(2025, 6, 17, 3, 0, tzinfo=UTC)


def test_content_opens_with_the_lead_then_the_body(make_article: Factory) -> None:
    item = feed_item(make_article(1, lead="Sáng nay, tỉnh tổ chức lễ khởi công.",
                                  body_html="<p>Dự án dài 43 km.</p>"), NAMES)
    assert item.summary == "Sáng nay, tỉnh tổ chức lễ khởi công."
    assert item.content_html == "<p>Sáng nay, tỉnh tổ chức lễ khởi công.</p><p>Dự án dài 43 km.</p>"


def test_lead_markup_is_escaped_in_the_content(make_article: Factory) -> None:
    item = feed_item(make_article(1, lead="Giá giảm 5 < 7 & ổn định", body_html=""), NAMES)
    assert item.content_html == "<p>Giá giảm 5 &lt; 7 &amp; ổn định</p>"


def test_a_lead_the_body_already_repeats_is_not_doubled(make_article: Factory) -> None:
    lead = "Sáng 19/11, Ban Tổ chức Hội thi Sáng tạo kỹ thuật tỉnh Lạng Sơn trao giải."
    for body in (f"<p>{lead}</p><p>Hội thi có 50 giải pháp.</p>",
                 f"<p>(LSO) - {lead.upper()}</p><p>Hội thi có 50 giải pháp.</p>",
                 '<figure><img src="https://baolangson.vn/a.jpg"/><figcaption>Ảnh</figcaption>'
                 f"</figure><p>{lead}</p>",
                 f"<p>{lead[:50]}...</p><p>Hội thi có 50 giải pháp.</p>"):
        content = feed_item(make_article(1, lead=lead, body_html=body), NAMES).content_html
        assert content.casefold().count("ban tổ chức hội thi") == 1, body
        assert not content.startswith(f"<p>{lead}</p><p>{lead}")


def test_a_body_that_merely_mentions_the_lead_later_still_gets_it(make_article: Factory) -> None:
    lead = "Tỉnh khởi công cao tốc."
    body = f"<p>Dự án dài 43 km.</p><p>Theo kế hoạch đã duyệt: {lead}</p>"
    content = feed_item(make_article(1, lead=lead, body_html=body), NAMES).content_html
    assert content.startswith(f"<p>{lead}</p><p>Dự án")


def test_without_a_lead_the_content_is_the_body(make_article: Factory) -> None:
    item = feed_item(make_article(1, lead="", body_html="<p>Dự án dài 43 km.</p>"), NAMES)
    assert item.content_html == "<p>Dự án dài 43 km.</p>" and item.summary == ""


def test_entry_ids_are_scoped_outside_the_sites_own_feed(make_article: Factory) -> None:
    assert feed_item(make_article(7), NAMES, scope="province/lang-son").id == \
        "tag:vn-news-aggregator,2025:baolangson/7#province/lang-son"
