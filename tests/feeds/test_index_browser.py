"""index.html in a real browser: Debian's headless chromium renders it from ``FeedServer``."""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from collections.abc import Callable
from pathlib import Path

import feedparser
import lxml.html
import pytest

from aggregator.registry import SiteEntry
from aggregator.schema import Article
from feeds.publish import publish
from feeds.server import FeedServer
from tests.feeds.conftest import HistoryQuery, crawl_runs

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium is not installed (Debian package chromium; scripts/system-deps.sh "
           "installs it when run as root)")

PHONE = (390, 844)
DESKTOP = (1280, 900)


@pytest.fixture
def index_url(feed_server: FeedServer, sites: list[SiteEntry], articles: list[Article],
              make_article: Callable[..., Article]) -> str:
    """A served output folder with headlines in three units and some crawl history."""
    more = [make_article(10 + n, 200 + n, title=title) for n, title in enumerate((
        "Lạng Sơn: Khai trương tuyến xe buýt liên tỉnh đến cửa khẩu Tân Thanh",
        "Hội Nông dân tỉnh tập huấn kỹ thuật trồng hồi hữu cơ cho 120 hộ",
        "Phát hiện, bắt giữ xe tải chở 2 tấn hàng lậu trên Quốc lộ 1A",
        "Đoàn công tác của Liên hiệp hội làm việc tại xã biên giới",
    ))]
    runs = {"baohue": crawl_runs("baohue", "ok ok down down down"),
            "baolangson": crawl_runs("baolangson", "ok new ok")}
    publish(HistoryQuery([*articles, *more], runs), sites, out_dir=feed_server.root,
            base_url=feed_server.url)
    return feed_server.url


def _chromium(tmp_path: Path, url: str, *args: str,
             size: tuple[int, int] = PHONE) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "chromium-profile"
    return subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={profile}", f"--window-size={size[0]},{size[1]}",
         *args, url],
        capture_output=True, text=True, timeout=90, check=True)


def test_browser_renders_the_feed_list_headlines_and_crawl_times(tmp_path: Path,
                                                                 index_url: str) -> None:
    dom = lxml.html.fromstring(_chromium(tmp_path, index_url, "--dump-dom").stdout)
    assert dom.findtext(".//title") == "Tin địa phương Việt Nam"
    assert [h.text_content() for h in dom.iter("h2")] == [
        "Tin tổng hợp", "Theo tỉnh, thành phố", "Theo nguồn tin"]
    cards = {card.xpath("string(h3)"): card for card in dom.xpath("//article[@class='card']")}
    assert list(cards) == ["Cao Bằng", "Lạng Sơn", "Huế"]
    lang_son = [a.text_content() for a in cards["Lạng Sơn"].xpath(".//ol/li/a")]
    assert [card.xpath("string(a[@class='more']/@href)") for card in cards.values()] == [
        f"{index_url}province/{slug}.html" for slug in ("cao-bang", "lang-son", "hue")]
    assert lang_son[0] == "Đoàn công tác của Liên hiệp hội làm việc tại xã biên giới"
    assert len(lang_son) == 5
    hrefs = set(dom.xpath("//a/@href"))
    assert {f"{index_url}province/hue.atom", f"{index_url}source/vusta.rss",
            f"{index_url}all.json", f"{index_url}feeds.opml"} <= hrefs
    crawled = " ".join(s.text_content() for s in dom.xpath("//span[@class='crawled']"))
    assert "Thu thập thành công gần nhất: 17/06/2025 07:32" in crawled  # baohue, in VN time
    assert "Thu thập thành công gần nhất: chưa có" in crawled  # vusta never crawled
    assert "Cách theo dõi:" in dom.xpath("string(//p[@class='howto'])")
    # "Last updated" is the latest crawl (baohue's, 02:02:04 UTC), not the newest article.
    assert dom.xpath("string(//footer//time/@datetime)") == "2025-06-17T09:02:04+07:00"


def test_a_province_page_lists_all_its_entries_with_leads(tmp_path: Path, index_url: str,
                                                          out_dir: Path) -> None:
    page = f"{index_url}province/lang-son.html"
    dom = lxml.html.fromstring(_chromium(tmp_path, page, "--dump-dom").stdout)
    assert dom.findtext(".//h1") == "Tin Lạng Sơn"
    entries = feedparser.parse((out_dir / "province/lang-son.atom").read_bytes()).entries
    shown = dom.xpath("//ol[@class='entries']/li")
    assert len(shown) == len(entries) == 7  # all of them, not five
    assert [li.xpath("string(a)") for li in shown] == [e.title for e in entries]
    assert shown[-1].xpath("string(p)") == entries[-1].summary
    assert f"{index_url}province/lang-son.atom" in dom.xpath("//a/@href")
    assert dom.xpath("string(//nav/a/@href)") == index_url  # back to the index
    assert "Cách theo dõi:" in dom.xpath("string(//p[@class='howto'])")


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("page", ["", "province/lang-son.html"], ids=["index", "province"])
def test_screenshots_are_rendered(tmp_path: Path, index_url: str, page: str,
                                  size: tuple[int, int]) -> None:
    shot = tmp_path / "page.png"
    _chromium(tmp_path, index_url + page, f"--screenshot={shot}", "--hide-scrollbars",
              size=size)
    width, height, pixels = _png(shot.read_bytes())
    assert (width, height) == size
    # A blank or failed render is one colour; text, links and cards give many.
    assert len(set(pixels)) > 50


def _png(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and the decompressed (still filtered) pixel rows of a PNG file."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, offset = {}, 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset:offset + 4])
        kind = data[offset + 4:offset + 8]
        chunks[kind] = chunks.get(kind, b"") + data[offset + 8:offset + 8 + length]
        offset += 12 + length
    width, height = struct.unpack(">II", chunks[b"IHDR"][:8])
    return width, height, zlib.decompress(chunks[b"IDAT"])
