"""feeds.opml lists every published feed file, grouped, with absolute URLs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lxml import etree

from aggregator.schema import Article
from feeds.publish import PublishReport


def test_opml_lists_every_reader_feed_file(run_publish: Callable[..., PublishReport],
                                           articles: list[Article], out_dir: Path,
                                           base_url: str) -> None:
    run_publish(articles)
    root = etree.parse(str(out_dir / "feeds.opml")).getroot()
    assert root.tag == "opml" and root.get("version") == "2.0"
    assert root.findtext("head/title")
    published = {p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*")
                 if p.suffix in (".atom", ".rss", ".json")}
    listed = [o.get("xmlUrl") for o in root.iter("outline") if o.get("xmlUrl")]
    # The operator's health feed is the one published feed readers must not import.
    assert sorted(listed) == sorted(f"{base_url}{name}" for name in published
                                    if name != "health.atom")


def test_opml_groups_and_html_urls(run_publish: Callable[..., PublishReport],
                                   articles: list[Article], out_dir: Path,
                                   base_url: str) -> None:
    run_publish(articles)
    body = etree.parse(str(out_dir / "feeds.opml")).getroot().find("body")
    assert body is not None
    groups = {g.get("text"): g for g in body.iterfind("outline")}
    assert list(groups) == ["Tổng hợp", "Theo tỉnh, thành phố", "Theo nguồn tin",
                            "Theo loại nguồn"]
    provinces = groups["Theo tỉnh, thành phố"]
    assert {o.get("xmlUrl") for o in provinces} >= {f"{base_url}province/cao-bang.atom"}
    hue = next(o for o in provinces if o.get("xmlUrl") == f"{base_url}province/hue.rss")
    assert hue.get("text") == "Tin Huế — Tin địa phương Việt Nam (RSS)"
    assert hue.get("type") == "rss"
    sources = {o.get("xmlUrl"): o.get("htmlUrl") for o in groups["Theo nguồn tin"]}
    assert sources[f"{base_url}source/vusta.json"] == "https://vusta.vn/"
    assert sources[f"{base_url}source/baohue.atom"] == "https://baohue.vn/"
