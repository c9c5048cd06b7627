"""JSON Feed 1.1 documents."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from aggregator.schema import Article
from feeds.items import feed_item
from feeds.jsonfeed import json_feed_document
from feeds.model import FeedMeta

VN = timezone(timedelta(hours=7))


def _meta(base_url: str) -> FeedMeta:
    return FeedMeta(path="source/baolangson", feed_id="tag:x", title="Báo Lạng Sơn — Tin",
                    description="Tin mới nhất từ Báo Lạng Sơn.",
                    home_url="https://baolangson.vn/", author="Báo Lạng Sơn",
                    base_url=base_url, updated=datetime(2025, 6, 17, 9, tzinfo=VN),
                    ttl_minutes=30)


def test_feed_and_item_fields(make_article: Callable[..., Article], base_url: str) -> None:
    article = make_article(1, authors=("Minh Anh",), provinces=("lang-son", "cao-bang"),
                           image="https://baolangson.vn/anh.jpg",
                           updated=datetime(2025, 6, 17, 10, 0, tzinfo=VN))
    document = json.loads(json_feed_document(
        _meta(base_url), [feed_item(article, {"baolangson": "Báo Lạng Sơn"})]))
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["home_page_url"] == "https://baolangson.vn/"
    assert document["feed_url"] == f"{base_url}source/baolangson.json"
    assert document["title"] == "Báo Lạng Sơn — Tin"
    (item,) = document["items"]
    assert item == {
        "id": "tag:vn-news-aggregator,2025:baolangson/1",
        "url": "https://baolangson.vn/tin-tuc-1.html",
        "title": article.title,
        "content_html": f"<p>{article.lead}</p>{article.body_html}",
        "summary": article.lead,
        "image": "https://baolangson.vn/anh.jpg",
        "date_published": "2025-06-17T08:00:00+07:00",
        "date_modified": "2025-06-17T10:00:00+07:00",
        "authors": [{"name": "Minh Anh"}],
        "tags": ["lang-son", "cao-bang", "baolangson", "newspaper"],
        "_categories": {"about": base_url, "categories": [
            {"scheme": f"{base_url}province", "term": "lang-son", "label": "Lạng Sơn"},
            {"scheme": f"{base_url}province", "term": "cao-bang", "label": "Cao Bằng"},
            {"scheme": f"{base_url}source", "term": "baolangson", "label": "Báo Lạng Sơn"},
            {"scheme": f"{base_url}kind", "term": "newspaper", "label": "Báo địa phương"},
        ]},
        "language": "vi",
    }


def test_item_without_body_has_its_lead_as_content(make_article: Callable[..., Article],
                                                   base_url: str) -> None:
    item = feed_item(make_article(1, body_html="", authors=()), {})
    (result,) = json.loads(json_feed_document(_meta(base_url), [item]))["items"]
    assert result["content_html"] == f"<p>{item.summary}</p>" and "authors" not in result


def test_item_without_body_or_lead_has_its_title_as_text(make_article: Callable[..., Article],
                                                         base_url: str) -> None:
    item = feed_item(make_article(1, body_html="", lead=""), {})
    (result,) = json.loads(json_feed_document(_meta(base_url), [item]))["items"]
    assert "content_html" not in result and "summary" not in result
    assert result["content_text"] == item.title


def test_output_is_utf8_not_escaped(make_article: Callable[..., Article],
                                    base_url: str) -> None:
    data = json_feed_document(_meta(base_url), [feed_item(make_article(1), {})])
    assert "Lạng Sơn".encode() in data
