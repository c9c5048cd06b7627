"""index.html: well-formed, lists every feed, shows headlines, escapes everything."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import lxml.html
from lxml import etree

from aggregator.schema import Article
from feeds.publish import PublishReport

Publish = Callable[..., PublishReport]


def _page(out_dir: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((out_dir / "index.html").read_bytes())


def test_page_is_well_formed_and_vietnamese(run_publish: Publish, articles: list[Article],
                                            out_dir: Path) -> None:
    run_publish(articles)
    data = (out_dir / "index.html").read_bytes()
    assert etree.fromstring(data).tag == "html"  # strict XML parse: every tag closed
    page = _page(out_dir)
    assert page.get("lang") == "vi"
    assert page.find(".//meta[@name='viewport']") is not None
    assert page.findtext(".//h1") == "Tin địa phương Việt Nam"
    assert [h.text for h in page.iter("h2")] == ["Tin tổng hợp", "Theo tỉnh, thành phố",
                                                  "Theo nguồn tin"]
    assert not page.xpath("//script") and not page.xpath("//link[@rel='stylesheet']")


def test_every_feed_has_subscribe_links(run_publish: Publish, articles: list[Article],
                                        out_dir: Path, base_url: str) -> None:
    run_publish(articles)
    hrefs = {a.get("href") for a in _page(out_dir).iter("a")}
    published = {p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*")
                 if p.suffix in (".atom", ".rss", ".json")}
    assert {f"{base_url}{name}" for name in published} <= hrefs
    assert f"{base_url}feeds.opml" in hrefs
    discovery = _page(out_dir).xpath("//head/link[@rel='alternate']/@href")
    assert discovery == [f"{base_url}all.atom", f"{base_url}all.rss", f"{base_url}all.json"]


def test_latest_five_headlines_per_province(run_publish: Publish,
                                            make_article: Callable[..., Article],
                                            out_dir: Path) -> None:
    run_publish([make_article(n, minutes=n) for n in range(1, 9)])
    page = _page(out_dir)
    (card,) = page.xpath("//article[@id='province-lang-son']")
    titles = [a.text for a in card.xpath(".//ol/li/a")]
    assert titles == [f"Lạng Sơn khởi công tuyến cao tốc mới, đoạn {n}" for n in (8, 7, 6, 5, 4)]
    assert "Báo Lạng Sơn" in card.xpath("string(.//ol/li[1]/small)")
    assert "17/06/2025 08:08" in card.xpath("string(.//ol/li[1]/small)")
    (empty,) = page.xpath("//article[@id='province-hue']")
    assert empty.xpath("string(.//p[@class='empty'])") == "Chưa có bài viết."


def test_hostile_text_is_plain_and_escaped(run_publish: Publish,
                                           make_article: Callable[..., Article],
                                           out_dir: Path, sites: list) -> None:
    run_publish([
        make_article(1, title="<script>alert(1)</script>Khai mạc hội chợ"),
        make_article(2, minutes=5, title="Không được đăng", url="javascript:alert(2)"),
        make_article(3, minutes=10, title='Tin "nóng" & <b>đậm</b> a < b'),
    ])
    page = _page(out_dir)
    assert not page.xpath("//script") and not page.xpath("//b")
    (card,) = page.xpath("//article[@id='province-lang-son']")
    titles = [li.xpath("string(a)") for li in card.xpath(".//ol/li")]
    assert titles == ['Tin "nóng" & đậm a < b', "Khai mạc hội chợ"]  # javascript: link dropped
    assert not [a for a in page.iter("a") if (a.get("href") or "").startswith("javascript:")]
    raw = (out_dir / "index.html").read_text("utf-8")
    assert "Tin &quot;nóng&quot; &amp; đậm a &lt; b" in raw
