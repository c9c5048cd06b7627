"""Hostile content never reaches a published feed or the index page.

Articles carrying every trick we know (scripts, event handlers, obfuscated ``javascript:`` URLs,
iframes, inline styles, ``<base>``, SVG/MathML, CDATA breakers, characters XML forbids, markup
in plain-text fields) go through the real path: a hostile page through ``parse_article``, and
hand-built articles that skipped the parser (a store written by an older version, a custom
parser) straight into an :class:`ArticleStore`. Then ``publish`` runs, and every output file is
parsed strictly and searched, in its *decoded* form (what a reader's HTML renderer gets).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import lxml.html
import pytest
from lxml import etree

from aggregator.parsing.extract import parse_article
from aggregator.registry import Selectors, SiteEntry
from aggregator.schema import Article
from aggregator.store import ArticleStore
from feeds.publish import publish

VN = timezone(timedelta(hours=7))
BASE_URL = "http://feeds.test/"
SITE = SiteEntry(id="baothu", name="Báo Thử <b>Nghiệm</b>", kind="newspaper",
                 url="https://baothu.example.vn/", province="lang-son",
                 selectors=Selectors(body="div.noi-dung"))

HOSTILE_BODY = "".join([
    "<p>Sáng 20/11, Sở Khoa học và Công nghệ tỉnh Lạng Sơn tổ chức hội thảo về chuyển đổi số "
    "trong nông nghiệp, với sự tham gia của nhiều hợp tác xã và doanh nghiệp trên địa bàn.</p>",
    "<script>alert('s1')</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert('s2')</script>",
    '<img src="https://baothu.example.vn/anh/hoi-thao.jpg" onerror="alert(\'e1\')" '
    'onload=alert(1)>',
    '<p onclick="alert(1)" style="background:url(javascript:alert(1))">Nội dung có thuộc tính '
    "sự kiện.</p>",
    '<a href="javascript:alert(\'j1\')">liên kết 1</a>',
    '<a href="jav&#x09;ascript:alert(\'j2\')">liên kết 2</a>',
    '<a href=" &#106;avascript:alert(\'j3\')">liên kết 3</a>',
    '<a href="JaVaScRiPt&colon;alert(\'j4\')">liên kết 4</a>',
    '<a href="java\nscript:alert(\'j5\')">liên kết 5</a>',
    '<a href="vbscript:msgbox(1)">liên kết 6</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">liên kết 7</a>',
    '<img src="data:image/svg+xml,&lt;svg onload=alert(1)&gt;">',
    '<iframe src="https://evil.example/"></iframe>',
    '<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/y">',
    '<base href="javascript:alert(1)//">',
    "<svg><script>alert('svg')</script><a xlink:href=\"javascript:alert(1)\">s</a></svg>",
    '<math><mtext><a href="javascript:alert(1)">m</a></mtext></math>',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<form action="javascript:alert(1)"><input type="submit"></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<!--<script>alert('comment')</script>-->",
    "<p>Dòng phá CDATA: ]]> và <![CDATA[ ]]> <script>alert('cdata')</script> ]]></p>",
    "<p>Ký tự điều khiển:\x00\x01\x08\x0b\x0c\x0e\x1f và \ufffe\uffff hết.</p>",
    '<a href="https://baothu.example.vn/tin-khac-123.html" target="_blank">Tin liên quan</a>',
    "<p>Hội thảo kết thúc với nhiều kiến nghị thiết thực cho nông dân vùng biên.</p>",
])

HOSTILE_PAGE = f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>&lt;script&gt;alert(1)&lt;/script&gt;Hội thảo chuyển đổi số</title>
<meta property="og:type" content="article">
<meta property="og:title" content="&lt;img src=x onerror=alert(1)&gt;Hội thảo chuyển đổi số">
<meta property="og:image" content="javascript:alert('og')">
<meta property="og:description" content="&lt;b onmouseover=alert(1)&gt;Tóm tắt&lt;/b&gt; bài.">
<meta property="article:published_time" content="2026-11-20T08:00:00+07:00">
<link rel="canonical" href="javascript:alert('canonical')">
<base href="javascript:alert(1)//">
</head><body>
<h1>&lt;script&gt;alert(1)&lt;/script&gt;Hội thảo chuyển đổi số trong nông nghiệp</h1>
<div class="noi-dung">{HOSTILE_BODY}</div>
</body></html>"""

HOSTILE_TEXT = ("<script>alert('t')</script><b onmouseover=alert(1)>Tin</b> "
                "<a href=\"javascript:alert(1)\">nóng</a> ]]> \x0b\x0c\ufffe\uffff\x1f")


def _built_articles() -> list[Article]:
    """Articles that never went through the parser (so nothing upstream cleaned them)."""
    published = datetime(2026, 11, 21, 9, 0, tzinfo=VN)
    common = {"site_id": "baothu", "site_kind": "newspaper", "published": published,
              "fetched_at": published.astimezone(UTC)}
    return [
        Article(id="baothu/900001", url="https://baothu.example.vn/tin-900001.html?x=\"><script>",
                title=HOSTILE_TEXT, lead=HOSTILE_TEXT, body_html=HOSTILE_BODY,
                body_text="Nội dung", authors=(HOSTILE_TEXT, "Minh Anh"),
                provinces=("lang-son", "<script>alert(1)</script>", "hue"),
                image="javascript:alert('image')", language='vi"><script>alert(1)</script>',
                **common),  # type: ignore[arg-type]
        Article(id="baothu/900002", url="javascript:alert('url')//tin-900002.html",
                title="Bài có đường dẫn javascript", body_html="<p>Không được xuất bản.</p>",
                provinces=("lang-son",), image="data:image/svg+xml,<svg onload=alert(1)>",
                **common),  # type: ignore[arg-type]
        Article(id="baothu/900003", url="https://baothu.example.vn/tin-900003.html",
                title="<svg><script>alert(1)</script></svg><math><mi>x</mi></math>",
                lead="", body_html="<svg onload=alert(1)><script>alert(2)</script></svg>",
                image="https://baothu.example.vn/anh/a.jpg\" onerror=\"alert(1)",
                provinces=("lang-son",), **common),  # type: ignore[arg-type]
    ]


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp_path = tmp_path_factory.mktemp("hostile")
    parsed = parse_article("https://baothu.example.vn/hoi-thao-chuyen-doi-so-900000.html",
                           HOSTILE_PAGE, SITE, now=datetime(2026, 11, 22, tzinfo=UTC))
    store = ArticleStore(f"sqlite:///{tmp_path / 'store.db'}")
    try:
        store.upsert([parsed, *_built_articles()])
        out_dir = tmp_path / "public"
        publish(store, [SITE], out_dir=out_dir, base_url=BASE_URL)
    finally:
        store.close()
    return out_dir


FORBIDDEN = re.compile(
    r"<\s*/?\s*(script|iframe|object|embed|svg|math|base|style|form|meta|noscript)\b"
    r"|javascript:|vbscript:|data:text/html|\bon[a-z]+\s*=|\bstyle\s*=|\x00",
    re.IGNORECASE,
)
"""What must not occur in any decoded string of an output file (after undoing whitespace and
entity tricks, see :func:`_normalised`)."""

SAFE_SCHEMES = ("http", "https", "mailto")
ACTIVE_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "base", "style", "form",
               "meta", "link", "noscript", "frame", "applet"}


def _check_string(where: str, text: str) -> None:
    """``text`` is one decoded string of a document (an element's text, an attribute, a JSON
    value): no active content in it, and when it is markup, none once a browser parses it."""
    match = FORBIDDEN.search(text)
    assert match is None, f"{where}: {match.group(0)!r} in {text[:200]!r}"
    if "<" in text:
        _check_html(where, text)


def _check_html(where: str, markup: str) -> None:
    """Parse ``markup`` as a browser would (entities decoded) and check every element and
    attribute; URLs are judged with white space and controls removed, as browsers do."""
    root = lxml.html.fragment_fromstring(markup, create_parent="div")
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        assert element.tag not in ACTIVE_TAGS, f"{where}: <{element.tag}>"
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on") and name.lower() != "style", \
                f"{where}: <{element.tag} {name}=...>"
            squeezed = re.sub(r"[\x00-\x20]+", "", value).lower()
            assert not re.search(r"(javascript|vbscript|data):", squeezed), \
                f"{where}: {name}={value!r}"
            if name in ("href", "src"):
                scheme = urlsplit(squeezed).scheme
                assert scheme in SAFE_SCHEMES or squeezed.startswith("#"), \
                    f"{where}: {name}={value!r}"


def _xml_strings(root: etree._Element) -> Iterator[tuple[str, str]]:
    for element in root.iter():
        if element.text:
            yield str(element.tag), element.text
        if element.tail and element.tail.strip():
            yield f"after {element.tag}", element.tail
        for name, value in element.attrib.items():
            yield f"{element.tag}@{name}", value
            if name in ("href", "xmlUrl", "htmlUrl", "url"):
                assert urlsplit(value).scheme in ("http", "https") or value.startswith("#"), \
                    f"{element.tag}@{name}={value}"


def _json_strings(value: object, where: str = "$") -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _json_strings(item, f"{where}.{key}")
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _json_strings(item, f"{where}[{n}]")


def _outputs(out_dir: Path) -> list[Path]:
    return sorted(p for p in out_dir.rglob("*") if p.is_file() and not p.name.startswith("."))


def test_every_feed_is_strictly_valid(published: Path) -> None:
    names = [p.relative_to(published).as_posix() for p in _outputs(published)]
    assert {"all.atom", "all.rss", "all.json", "source/baothu.atom", "index.html"} <= set(names)
    for path in _outputs(published):
        data = path.read_bytes()
        if path.suffix in (".atom", ".rss", ".opml", ".html"):
            etree.fromstring(data, etree.XMLParser(recover=False, resolve_entities=False))
        if path.suffix in (".atom", ".rss"):
            parsed = feedparser.parse(data)
            assert parsed.bozo == 0, (path.name, parsed.get("bozo_exception"))
        if path.suffix == ".json":
            json.loads(data)


def _without_own_search_form(body: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The page body less the search box the index page itself offers (a GET form to our own
    /search with only a label, a text input and a button): the one form that is ours, not
    the crawled content's. Anything else shaped as a form still fails the check."""
    for form in list(body.iter("form")):
        if (form.get("method") == "get" and (form.get("action") or "").endswith("/search")
                and {child.tag for child in form.iter()} <= {"form", "label", "input", "button"}):
            form.drop_tree()
    return body


def test_no_output_file_carries_active_content(published: Path) -> None:
    checked = 0
    for path in _outputs(published):
        name = path.relative_to(published).as_posix()
        data = path.read_bytes()
        assert b"<![CDATA[" not in data, name
        if path.suffix == ".json":
            strings = list(_json_strings(json.loads(data)))
        elif path.suffix == ".html":
            body = _without_own_search_form(lxml.html.document_fromstring(data).body)
            _check_html(name, lxml.html.tostring(body, encoding="unicode"))
            strings = list(_xml_strings(etree.fromstring(data)))
        else:
            strings = list(_xml_strings(etree.fromstring(data)))
        for where, text in strings:
            _check_string(f"{name} {where}", text)
            checked += 1
    assert checked > 500


def test_the_hostile_articles_were_published_not_dropped(published: Path) -> None:
    """The checks above mean something only if the hostile entries are there, cleaned."""
    feed = json.loads((published / "source" / "baothu.json").read_text("utf-8"))
    by_id = {item["id"].rsplit(":", 1)[1]: item for item in feed["items"]}
    assert set(by_id) == {"baothu/900000", "baothu/900001", "baothu/900003"}
    parsed = by_id["baothu/900000"]
    assert parsed["url"] == "https://baothu.example.vn/hoi-thao-chuyen-doi-so-900000.html"
    assert "chuyển đổi số" in parsed["title"]
    assert "Sở Khoa học và Công nghệ tỉnh Lạng Sơn" in parsed["content_html"]
    assert parsed["summary"] == "Tóm tắt bài."
    # The javascript: og:image is skipped for the first body image.
    assert parsed["image"] == "https://baothu.example.vn/anh/hoi-thao.jpg"
    built = by_id["baothu/900001"]
    assert "Hội thảo kết thúc" in built["content_html"]
    assert 'href="https://baothu.example.vn/tin-khac-123.html"' in built["content_html"]
    assert built["title"] == "Tin nóng ]]>"
    assert built["authors"] == [{"name": "Tin nóng ]]>"}, {"name": "Minh Anh"}]
    assert built["tags"] == ["lang-son", "hue", "baothu", "newspaper"]
    assert built["language"] == "vi"
    assert "image" not in built
    assert "%3Cscript%3E" in built["url"]
    assert '"' not in by_id["baothu/900003"]["image"]


def test_index_page_shows_titles_as_text(published: Path) -> None:
    page = lxml.html.document_fromstring((published / "index.html").read_bytes())
    headlines = [a.text_content() for a in page.cssselect("ol.headlines a")]
    assert "Tin nóng ]]>" in headlines
    assert not any("javascript" in h for h in headlines)
    names = [a.text_content() for a in page.cssselect("#nguon-tin a")]
    assert "Báo Thử Nghiệm" in names


class _Listed:
    """The smallest ``ArticleQuery``: a list, newest first (the SQL store cannot even hold a
    lone surrogate, so this case is published from memory)."""

    def __init__(self, articles: list[Article]) -> None:
        self.articles = articles

    def latest(self, *, limit: int, **_filters: object) -> list[Article]:
        return self.articles[:limit]

    def provinces_with_articles(self) -> set[str]:
        return {slug for article in self.articles for slug in article.provinces}


def test_lone_surrogates_and_forbidden_characters_are_dropped(tmp_path: Path) -> None:
    broken = "Tin m\ud83d\u1edbi\udfff \x00\x08\x0b\x0c\x0e\x1f\ufffe\uffff"
    article = Article(id="baothu/900010", site_id="baothu", site_kind="newspaper",
                      url="https://baothu.example.vn/tin-900010.html", title=broken, lead=broken,
                      body_html=f"<p>{broken}</p>", body_text="", authors=(broken,),
                      content_hash="0" * 64, provinces=("lang-son",),
                      published=datetime(2026, 11, 21, 9, 0, tzinfo=VN))
    publish(_Listed([article]), [SITE], out_dir=tmp_path, base_url=BASE_URL)
    feed = json.loads((tmp_path / "all.json").read_bytes())
    item = feed["items"][0]
    assert item["title"] == item["summary"] == "Tin mới"
    assert item["content_html"] == "<p>Tin mới </p>"
    for name in ("all.atom", "all.rss", "index.html"):
        etree.fromstring((tmp_path / name).read_bytes(), etree.XMLParser(recover=False))
