"""The OPML lists name every reader feed once per list, grouped, in one format each."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from aggregator.registry import SiteEntry
from aggregator.schema import Article
from feeds.publish import PublishReport

LISTS = {"feeds.opml": "atom", "feeds-rss.opml": "rss", "feeds-json.opml": "json"}


def _outlines(out_dir: Path, name: str) -> list[etree._Element]:
    root = etree.parse(str(out_dir / name)).getroot()
    assert root.tag == "opml" and root.get("version") == "2.0"
    assert root.findtext("head/title")
    return [o for o in root.iter("outline") if o.get("xmlUrl")]


@pytest.mark.parametrize(("name", "fmt"), LISTS.items())
def test_each_list_names_every_reader_feed_once_in_its_format(
        run_publish: Callable[..., PublishReport], articles: list[Article], out_dir: Path,
        base_url: str, name: str, fmt: str) -> None:
    run_publish(articles)
    published = {p.relative_to(out_dir).as_posix() for p in out_dir.rglob(f"*.{fmt}")}
    listed = [o.get("xmlUrl") for o in _outlines(out_dir, name)]
    # The operator's health feed is the one published feed readers must not import.
    assert sorted(listed) == sorted(f"{base_url}{path}" for path in published
                                    if path != "health.atom")
    assert len(set(listed)) == len(listed)


def test_feed_outlines_are_subscriptions_with_title_and_page(
        run_publish: Callable[..., PublishReport], articles: list[Article], out_dir: Path,
        base_url: str) -> None:
    run_publish(articles)
    body = etree.parse(str(out_dir / "feeds.opml")).getroot().find("body")
    assert body is not None
    groups = {g.get("text"): g for g in body.iterfind("outline")}
    assert list(groups) == ["Tổng hợp", "Theo tỉnh, thành phố", "Theo nguồn tin",
                            "Theo loại nguồn"]
    # A folder has only its text: anything more makes it look like a feed to importers.
    assert all(dict(g.attrib) == {"text": g.get("text")} for g in groups.values())
    hue = next(o for o in groups["Theo tỉnh, thành phố"]
               if o.get("xmlUrl") == f"{base_url}province/hue.atom")
    # The type names the format of the URL (the contract: "type matching the format").
    assert dict(hue.attrib) == {
        "type": "atom", "text": "Tin Huế — Tin địa phương Việt Nam",
        "title": "Tin Huế — Tin địa phương Việt Nam", "xmlUrl": f"{base_url}province/hue.atom",
        "htmlUrl": f"{base_url}province/hue.html", "language": "vi"}
    sources = {o.get("xmlUrl"): o.get("htmlUrl") for o in groups["Theo nguồn tin"]}
    assert sources[f"{base_url}source/baohue.atom"] == "https://baohue.vn/"


def test_text_is_html_escaped_so_no_bare_ampersand(
        run_publish: Callable[..., PublishReport], make_article: Callable[..., Article],
        out_dir: Path, sites: list[SiteEntry]) -> None:
    sites.append(SiteEntry(id="khkt", name="Báo Khoa học & Đời sống", kind="newspaper",
                           url="https://khds.example.vn/", province="hue"))
    run_publish([make_article(1)])
    raw = (out_dir / "feeds.opml").read_text("utf-8")
    assert 'text="Báo Khoa học &amp;amp; Đời sống — ' in raw
    federation = next(o for o in _outlines(out_dir, "feeds.opml")
                      if o.get("xmlUrl", "").endswith("kind/federation.atom"))
    assert federation.get("text") == "Liên hiệp các hội KH&amp;KT — Tin địa phương Việt Nam"
