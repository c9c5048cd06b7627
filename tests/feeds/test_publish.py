"""publish(): the output layout, feed validity, determinism and atomic, validated writes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import feedparser
import pytest
from lxml import etree

import feeds.render_worker
from aggregator.schema import Article
from feeds.publish import PublishReport
from feeds.validation import FeedValidationError

ATOM = "{http://www.w3.org/2005/Atom}"

Publish = Callable[..., PublishReport]


def _files(out_dir: Path) -> set[str]:
    """Published files; the hidden publish state is not one."""
    return {p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*")
            if p.is_file() and not p.name.startswith(".")}


def _feed_stems(out_dir: Path) -> set[str]:
    """Reader feeds (all three formats each)."""
    return {f.rsplit(".", 1)[0] for f in _files(out_dir) if f.endswith(".rss")}


def test_layout_is_exactly_the_contract(run_publish: Publish, articles: list[Article],
                                        out_dir: Path) -> None:
    report = run_publish(articles)
    stems = ["all", "kind/newspaper", "kind/federation", "province/lang-son", "province/hue",
             "province/cao-bang", "source/baolangson", "source/baohue", "source/baocaobang",
             "source/vusta"]
    expected = {f"{stem}.{fmt}" for stem in stems for fmt in ("atom", "rss", "json", "html")}
    expected |= {"feeds.opml", "feeds-rss.opml", "feeds-json.opml", "index.html", "health.atom"}
    assert _files(out_dir) == expected
    assert {p.as_posix() for p in report.written} == expected
    assert report.unchanged == []


def test_every_feed_parses_without_errors(run_publish: Publish, articles: list[Article],
                                          out_dir: Path) -> None:
    run_publish(articles)
    for name in sorted(_files(out_dir)):
        if name.endswith((".atom", ".rss")):
            parsed = feedparser.parse((out_dir / name).read_bytes())
            assert parsed.bozo == 0, (name, parsed.get("bozo_exception"))
            assert parsed.version == ("atom10" if name.endswith(".atom") else "rss20"), name
        elif name.endswith(".json"):
            document = json.loads((out_dir / name).read_text("utf-8"))
            assert document["version"] == "https://jsonfeed.org/version/1.1", name


def test_second_publish_of_same_store_rewrites_nothing(run_publish: Publish,
                                                       articles: list[Article],
                                                       out_dir: Path) -> None:
    first = run_publish(articles)
    before = {name: (out_dir / name).read_bytes() for name in _files(out_dir)}
    mtimes = {name: (out_dir / name).stat().st_mtime_ns for name in before}
    second = run_publish(list(reversed(articles)))
    assert second.written == []
    assert sorted(second.unchanged) == sorted(first.written)
    assert {name: (out_dir / name).read_bytes() for name in before} == before
    assert {name: (out_dir / name).stat().st_mtime_ns for name in before} == mtimes


def test_new_article_rewrites_only_the_feeds_it_is_in(run_publish: Publish,
                                                      articles: list[Article],
                                                      make_article: Callable[..., Article],
                                                      out_dir: Path) -> None:
    run_publish(articles)
    report = run_publish([*articles, make_article(7, 120, id="baohue/5600", site_id="baohue",
                                                  provinces=("hue",))])
    written = {p.as_posix() for p in report.written}
    assert "province/hue.atom" in written and "source/baohue.rss" in written
    assert "all.json" in written and "index.html" in written
    assert "province/lang-son.atom" in {p.as_posix() for p in report.unchanged}
    assert "source/vusta.json" in {p.as_posix() for p in report.unchanged}


def test_entry_ids_unique_and_stable_across_publishes_and_title_edits(
        run_publish: Publish, articles: list[Article], out_dir: Path) -> None:
    run_publish(articles)
    first = [e.id for e in feedparser.parse((out_dir / "all.atom").read_bytes()).entries]
    edited = [a.with_changes(title=a.title + " (cập nhật)") for a in articles]
    run_publish(edited)
    second = [e.id for e in feedparser.parse((out_dir / "all.atom").read_bytes()).entries]
    rss = [e.id for e in feedparser.parse((out_dir / "all.rss").read_bytes()).entries]
    assert len(set(first)) == len(first) == len(articles)
    assert first == second == rss
    assert "tag:vn-news-aggregator,2025:baolangson/1#all" in first
    own = [e.id for e in feedparser.parse((out_dir / "source/baolangson.atom").read_bytes()).entries]
    assert "tag:vn-news-aggregator,2025:baolangson/1" in own  # the site's feed: the bare id


def test_feeds_are_newest_first_and_capped(run_publish: Publish,
                                           make_article: Callable[..., Article],
                                           out_dir: Path) -> None:
    many = [make_article(n, minutes=(n * 37) % 300) for n in range(1, 31)]
    run_publish(many, max_entries=10)
    expected = sorted(many, key=lambda a: (a.published, a.id), reverse=True)[:10]
    for stem in ("all", "province/lang-son", "source/baolangson", "kind/newspaper"):
        atom = feedparser.parse((out_dir / f"{stem}.atom").read_bytes())
        rss = feedparser.parse((out_dir / f"{stem}.rss").read_bytes())
        items = json.loads((out_dir / f"{stem}.json").read_text("utf-8"))["items"]
        scope = "" if stem.startswith("source/") else f"#{stem}"
        want = [f"tag:vn-news-aggregator,2025:{a.id}{scope}" for a in expected]
        assert [e.id for e in atom.entries] == want, stem
        assert [e.id for e in rss.entries] == want, stem
        assert [i["id"] for i in items] == want, stem


def test_dates_keep_the_vietnamese_offset(run_publish: Publish, articles: list[Article],
                                          out_dir: Path) -> None:
    run_publish(articles)
    root = etree.parse(str(out_dir / "source/baolangson.atom")).getroot()
    entry = next(e for e in root.iter(f"{ATOM}entry")
                 if e.findtext(f"{ATOM}id", "").endswith("baolangson/3"))
    assert entry.findtext(f"{ATOM}published") == "2025-06-17T09:00:00+07:00"
    assert entry.findtext(f"{ATOM}updated") == "2025-06-17T15:05:00+07:00"
    rss = etree.parse(str(out_dir / "source/baolangson.rss")).getroot()
    assert rss.findtext("channel/item/pubDate") == "Tue, 17 Jun 2025 09:00:00 +0700"
    items = json.loads((out_dir / "source/baolangson.json").read_text("utf-8"))["items"]
    assert items[0]["date_published"] == "2025-06-17T09:00:00+07:00"
    assert items[0]["date_modified"] == "2025-06-17T15:05:00+07:00"


def test_feed_updated_is_newest_entry_not_now(run_publish: Publish, articles: list[Article],
                                              out_dir: Path) -> None:
    run_publish(articles)
    atom = etree.parse(str(out_dir / "all.atom")).getroot()
    assert atom.findtext(f"{ATOM}updated") == "2025-06-17T15:05:00+07:00"
    rss = etree.parse(str(out_dir / "all.rss")).getroot()
    assert rss.findtext("channel/lastBuildDate") == "Tue, 17 Jun 2025 15:05:00 +0700"


def test_self_links_are_under_base_url(run_publish: Publish, articles: list[Article],
                                       out_dir: Path, base_url: str) -> None:
    run_publish(articles)
    for stem in _feed_stems(out_dir):
        atom = feedparser.parse((out_dir / f"{stem}.atom").read_bytes()).feed
        assert [ln.href for ln in atom.links if ln.rel == "self"] == [f"{base_url}{stem}.atom"]
        rss = etree.parse(str(out_dir / f"{stem}.rss")).getroot()
        self_links = rss.findall("channel/{http://www.w3.org/2005/Atom}link[@rel='self']")
        assert [ln.get("href") for ln in self_links] == [f"{base_url}{stem}.rss"]
        document = json.loads((out_dir / f"{stem}.json").read_text("utf-8"))
        assert document["feed_url"] == f"{base_url}{stem}.json"


def test_base_url_without_trailing_slash_is_accepted(
        run_publish: Publish, articles: list[Article], out_dir: Path) -> None:
    run_publish(articles, base_url="http://127.0.0.1:8080")
    document = json.loads((out_dir / "province/hue.json").read_text("utf-8"))
    assert document["feed_url"] == "http://127.0.0.1:8080/province/hue.json"


def test_categories_carry_province_source_and_kind(run_publish: Publish,
                                                   articles: list[Article], out_dir: Path,
                                                   base_url: str) -> None:
    run_publish(articles)
    atom = feedparser.parse((out_dir / "province/cao-bang.atom").read_bytes())
    (entry,) = atom.entries
    assert [(t.term, t.label, t.scheme) for t in entry.tags] == [
        ("lang-son", "Lạng Sơn", f"{base_url}province"),
        ("cao-bang", "Cao Bằng", f"{base_url}province"),
        ("baolangson", "Báo Lạng Sơn", f"{base_url}source"),
        ("newspaper", "Báo địa phương", f"{base_url}kind"),
    ]
    rss = etree.parse(str(out_dir / "province/cao-bang.rss")).getroot()
    assert [(c.get("domain"), c.text) for c in rss.iterfind("channel/item/category")] == [
        (f"{base_url}province", "lang-son"), (f"{base_url}province#label", "Lạng Sơn"),
        (f"{base_url}province", "cao-bang"), (f"{base_url}province#label", "Cao Bằng"),
        (f"{base_url}source", "baolangson"), (f"{base_url}source#label", "Báo Lạng Sơn"),
        (f"{base_url}kind", "newspaper"), (f"{base_url}kind#label", "Báo địa phương"),
    ]
    item = json.loads((out_dir / "province/cao-bang.json").read_text("utf-8"))["items"][0]
    assert item["tags"] == ["lang-son", "cao-bang", "baolangson", "newspaper"]
    assert [c["label"] for c in item["_categories"]["categories"]] == [
        "Lạng Sơn", "Cao Bằng", "Báo Lạng Sơn", "Báo địa phương"]


def test_province_with_a_site_but_no_articles_gets_a_valid_empty_feed(
        run_publish: Publish, make_article: Callable[..., Article], out_dir: Path) -> None:
    run_publish([make_article(1)])
    for name in ("province/hue.atom", "province/hue.rss", "source/vusta.atom"):
        parsed = feedparser.parse((out_dir / name).read_bytes())
        assert parsed.bozo == 0 and parsed.entries == [], name
    atom = etree.parse(str(out_dir / "province/hue.atom")).getroot()
    # Never 1970: the store's newest article date (it has no crawl history).
    assert atom.findtext(f"{ATOM}updated") == "2025-06-17T08:00:00+07:00"
    rss = etree.parse(str(out_dir / "province/hue.rss")).getroot()
    assert rss.findtext("channel/lastBuildDate") == "Tue, 17 Jun 2025 08:00:00 +0700"
    assert json.loads((out_dir / "province/hue.json").read_text("utf-8"))["items"] == []


def test_unknown_province_slugs_get_no_feed(run_publish: Publish,
                                            make_article: Callable[..., Article],
                                            out_dir: Path) -> None:
    run_publish([make_article(1, provinces=("lang-son", "thua-thien-hue"))])
    assert not (out_dir / "province/thua-thien-hue.atom").exists()
    assert (out_dir / "province/lang-son.atom").exists()


def test_article_without_date_uses_fetch_time(run_publish: Publish, articles: list[Article],
                                              out_dir: Path) -> None:
    run_publish(articles)
    items = json.loads((out_dir / "source/baohue.json").read_text("utf-8"))["items"]
    undated = next(i for i in items if i["id"].endswith("baohue/5502"))
    assert undated["date_published"] == "2025-06-16T02:00:00+00:00"


def test_hostile_text_does_not_break_any_document(run_publish: Publish,
                                                  make_article: Callable[..., Article],
                                                  out_dir: Path) -> None:
    hostile = make_article(
        1, title="<script>alert(1)</script> Tin\x0b nóng ]]> \x00hết",
        lead="Sapo ]]> có\x1b ký tự điều khiển",
        body_html="<p>Đoạn một ]]></p><![CDATA[ x ]]><p>\x0cĐoạn hai</p>",
        authors=("Nguyễn\x08 Văn A",))
    run_publish([hostile])
    atom = feedparser.parse((out_dir / "all.atom").read_bytes())
    rss = feedparser.parse((out_dir / "all.rss").read_bytes())
    assert atom.bozo == 0 and rss.bozo == 0
    assert atom.entries[0].title == "Tin nóng ]]> hết"  # titles are plain text
    assert rss.entries[0].title == "Tin nóng ]]> hết"
    assert atom.entries[0].content[0].value == \
        "<p>Sapo ]]&gt; có ký tự điều khiển</p><p>Đoạn một ]]&gt;</p><p>Đoạn hai</p>"
    assert atom.entries[0].content[0].type == "text/html"
    item = json.loads((out_dir / "all.json").read_text("utf-8"))["items"][0]
    assert item["authors"] == [{"name": "Nguyễn Văn A"}]
    assert item["summary"] == "Sapo ]]> có ký tự điều khiển"


def test_invalid_document_never_replaces_a_good_file(run_publish: Publish,
                                                     articles: list[Article], out_dir: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    run_publish(articles)
    good = (out_dir / "all.rss").read_bytes()
    monkeypatch.setitem(feeds.render_worker.RENDERERS, "rss", lambda meta, items: b"<rss><channel>")
    with pytest.raises(FeedValidationError, match=r"all\.rss"):
        run_publish(articles[:2])
    assert (out_dir / "all.rss").read_bytes() == good
    assert not [p for p in out_dir.rglob("*.tmp")]


def test_stale_feeds_are_left_in_place(run_publish: Publish, articles: list[Article],
                                       out_dir: Path, sites: list) -> None:
    run_publish(articles)
    sites.remove(next(s for s in sites if s.id == "baocaobang"))
    run_publish(articles)
    assert (out_dir / "source/baocaobang.atom").exists()
