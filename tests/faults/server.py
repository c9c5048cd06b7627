"""A misbehaving news site on 127.0.0.1, for crawl-level reliability tests and benchmarks.

``FaultServer`` is one ``ThreadingHTTPServer`` on an ephemeral loopback port. Every route can be
reached under a virtual-site prefix ``/s/<name>/`` as well as at the root, so each ``[[sites]]``
entry of a test config gets its own URLs (own request log lines, own article URLs) on one port:
``/s/loi-503/status/503`` and ``/status/503`` answer alike. Links the server writes (feed
items, redirects, canonical URLs) keep the prefix of the request.

Routes (``<p>`` = the optional ``/s/<name>`` prefix):

============================================  =================================================
``/robots.txt``                               allows everything (one robots.txt per port)
``<p>/``                                      home page linking the good articles
``<p>/bai-viet/<slug>.html``                  a GOOD article (slugs in ``GOOD_ARTICLES``); any
                                              other slug is a plain 404
``<p>/feed.rss?item=PATH&item=PATH``          a GOOD RSS 2.0 feed listing ``PATH`` (relative to
                                              the prefix); without ``item`` the good articles
``<p>/sitemap.xml?item=PATH...``              a GOOD news sitemap, same ``item`` convention
``<p>/status/<code>[?retry_after=V]``         that status (500, 502, 503, 403, 404, 429 ...) with
                                              a small HTML error page; ``Retry-After: V`` if given
``<p>/hang``                                  accepts, then sends nothing until the server stops
                                              (or ``HANG_SECONDS``): past any download timeout
``<p>/trickle``                               200 + ``Content-Length``, then one byte every
                                              ``TRICKLE_INTERVAL`` s: alive but never done
``<p>/truncated``                             ``Content-Length`` larger than the body sent, then
                                              the connection is closed mid-article
``<p>/huge``                                  a 50 MB HTML page with ``Content-Length``
``<p>/huge-unsized``                          the same 50 MB without ``Content-Length``
                                              (close-delimited): only a streaming size check
                                              stops it. Both are streamed, never held in memory
``<p>/corrupt-gzip``                          ``Content-Encoding: gzip`` over bytes that are not
``<p>/loop/a``, ``<p>/loop/b``                302 to each other forever
``<p>/offsite?to=SLUG``                       301 to the good article on another host name
                                              (``localhost`` instead of ``127.0.0.1``)
``<p>/rss/malformed.rss``                     RSS with a bare ``&``, unclosed tags, one good item
``<p>/rss/truncated.rss``                     RSS cut off inside its second item
``<p>/rss/not-a-feed.rss``                    an HTML page served (200) where the feed should be
``<p>/rss/bomb.rss``                          billion laughs: nested entities, 10^9 x "lol"
``<p>/rss/xxe.rss``                           external entities: ``file:///etc/passwd`` and a
                                              remote DTD at ``<p>/xxe-probe.dtd``
``<p>/sitemap/malformed.xml``                 the sitemap counterparts of the four above
``<p>/sitemap/truncated.xml``
``<p>/sitemap/bomb.xml``
``<p>/sitemap/xxe.xml``
``<p>/xxe-probe.dtd``                         logged like every route: a request here means an
                                              XML parser fetched an external DTD
``<p>/charset/header-latin1.html``            header says ``iso-8859-1``, body (and meta) UTF-8
``<p>/charset/meta-utf8-body-1258.html``      no charset header, ``<meta charset=utf-8>``, body
                                              bytes in Windows-1258
``<p>/soft-404.html``                         status 200, "Không tìm thấy trang" error page in
                                              the site's layout
============================================  =================================================

Every other path is a 404. Hanging and trickling handlers wait on an event that ``stop()`` sets,
handler threads are daemons and sockets have short timeouts, so leaving the context manager
returns at once even while a crawler holds connections open.
"""

from __future__ import annotations

import logging
import threading
import unicodedata
from dataclasses import dataclass
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

log = logging.getLogger("tests.faults.server")

HANG_SECONDS = 120.0
TRICKLE_INTERVAL = 0.25
HUGE_BYTES = 50 * 1024 * 1024
_CHUNK = 64 * 1024
# A crawler that stops reading must not pin a handler thread for long.
_SOCKET_TIMEOUT = 5.0
PUBLISHED = "2026-11-20T09:30:00+07:00"
RSS_DATE = "Fri, 20 Nov 2026 09:30:00 +0700"


@dataclass(frozen=True, slots=True)
class GoodArticle:
    """An article page in a usual provincial-newspaper shape (title, sapo, time, body)."""

    slug: str
    title: str
    lead: str
    paragraphs: tuple[str, ...]
    author: str


GOOD_ARTICLES: dict[str, GoodArticle] = {a.slug: a for a in (
    GoodArticle(
        slug="nong-dan-xa-tan-lap-lien-ket-trong-cam-sanh-3301",
        title="Nông dân xã Tân Lập liên kết trồng cam sành theo hướng hữu cơ",
        lead="Hợp tác xã nông nghiệp xã Tân Lập vừa ký hợp đồng bao tiêu cam sành hữu cơ với "
             "một doanh nghiệp chế biến nước ép, mở ra đầu ra ổn định cho hơn 40 hộ dân.",
        paragraphs=(
            "Theo hợp đồng, doanh nghiệp cam kết thu mua toàn bộ sản lượng cam đạt chuẩn với giá "
            "cao hơn thị trường từ 10 đến 15 phần trăm, đồng thời hỗ trợ phân bón vi sinh.",
            "Cán bộ khuyến nông huyện đã mở ba lớp tập huấn về quy trình canh tác hữu cơ, ghi "
            "chép nhật ký đồng ruộng và truy xuất nguồn gốc bằng mã QR cho các hộ tham gia.",
        ),
        author="Minh Khoa",
    ),
    GoodArticle(
        slug="hoi-thao-ung-dung-cam-bien-do-am-dat-3302",
        title="Hội thảo ứng dụng cảm biến đo độ ẩm đất trong tưới tiết kiệm",
        lead="Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh tổ chức hội thảo giới thiệu hệ thống "
             "cảm biến đo độ ẩm đất giúp nông dân tưới đúng lúc, đủ lượng.",
        paragraphs=(
            "Các nhà khoa học cho biết hệ thống cảm biến giá rẻ có thể giảm từ 30 đến 40 phần "
            "trăm lượng nước tưới cho cây cà phê và hồ tiêu trong mùa khô.",
            "Đại biểu các hợp tác xã đề nghị được hỗ trợ thí điểm trên diện tích lớn hơn, kèm "
            "hướng dẫn bảo trì thiết bị và đọc số liệu trên điện thoại.",
        ),
        author="Thu Hà",
    ),
    GoodArticle(
        slug="khanh-thanh-cau-treo-ban-na-lay-3303",
        title="Khánh thành cầu treo bản Nà Lầy, người dân hết cảnh lội suối",
        lead="Sau bốn tháng thi công, cây cầu treo dài 86 mét nối bản Nà Lầy với trung tâm xã "
             "đã được đưa vào sử dụng, phục vụ hơn 120 hộ đồng bào dân tộc thiểu số.",
        paragraphs=(
            "Công trình do các nhà hảo tâm và người dân cùng góp công, góp vốn xây dựng. Trước "
            "đây vào mùa mưa lũ, học sinh trong bản phải nghỉ học nhiều ngày vì nước suối dâng.",
            "Lãnh đạo xã cho biết sẽ giao cho tổ tự quản của bản kiểm tra cầu định kỳ, nhất là "
            "trước và sau mỗi đợt mưa lớn.",
        ),
        author="Hoàng Nam",
    ),
)}

CHARSET_TITLES = {
    "/charset/header-latin1.html": "Hội nghị tổng kết công tác phổ biến kiến thức năm 2026",
    "/charset/meta-utf8-body-1258.html": "Nghiệm thu đề tài nhân giống lúa nếp cẩm bằng công nghệ sinh học",
}
SOFT_404_TITLE = "Không tìm thấy trang"
XXE_PROBE = "/xxe-probe.dtd"
# Lines of /etc/passwd that an entity-resolving parser would copy into a title or URL.
PASSWD_MARKERS = ("root:x:0:0", "/bin/bash", "/usr/sbin/nologin", "daemon:x:")


# Circumflex, breve and horn belong to the letter in Windows-1258 (â, ă, ơ ...); tones combine.
_LETTER_MARKS = frozenset("\u0302\u0306\u031b")


def encode_windows_1258(text: str) -> bytes:
    """Encode Vietnamese text as a Windows-1258 site does: a base letter (with its circumflex,
    breve or horn) followed by a combining tone mark. Python's codec has no such fallback."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", char)
        letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m in _LETTER_MARKS))
        tones = "".join(m for m in marks if m not in _LETTER_MARKS)
        out += (letter + tones).encode("cp1258")
    return bytes(out)


def article_html(url: str, title: str, lead: str, paragraphs: tuple[str, ...],
                 author: str) -> str:
    """A provincial-newspaper article page; ``url`` is its canonical URL."""
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>{escape(title)} - Báo Thử Nghiệm</title>
<link rel="canonical" href="{escape(url)}">
<meta property="og:type" content="article">
<meta property="og:title" content="{escape(title)}">
<meta property="article:published_time" content="{PUBLISHED}">
</head>
<body>
<div class="header"><a href="/">Trang chủ</a> | <a href="/chuyen-muc/xa-hoi/">Xã hội</a></div>
<div class="main">
  <h1 class="title">{escape(title)}</h1>
  <time datetime="{PUBLISHED}">20/11/2026 09:30</time>
  <div class="sapo">{escape(lead)}</div>
  <div class="detail-content">
{body}
<p style="text-align:right"><strong>{escape(author)}</strong></p>
  </div>
</div>
<div class="footer">Báo Thử Nghiệm - Cơ quan của Tỉnh ủy. Giấy phép số 00/GP-BTTTT.</div>
</body>
</html>
"""


def _soft_404_html(home: str) -> str:
    """The error page many CMSs render with status 200: the site's layout, a long apology and
    the latest headlines, and no article metadata at all."""
    links = "\n".join(f'<li><a href="{home}bai-viet/{a.slug}.html">{escape(a.title)}</a></li>'
                      for a in GOOD_ARTICLES.values())
    return f"""<!DOCTYPE html>
<html lang="vi">
<head><meta charset="utf-8"><title>{SOFT_404_TITLE} - Báo Thử Nghiệm</title></head>
<body>
<div class="header"><a href="/">Trang chủ</a></div>
<div class="main">
  <h1 class="title">{SOFT_404_TITLE}</h1>
  <div class="detail-content">
    <p>Rất tiếc, đường dẫn bạn truy cập không tồn tại hoặc bài viết đã được gỡ bỏ khỏi hệ thống.
    Bạn có thể quay về trang chủ, dùng chức năng tìm kiếm hoặc đọc các tin mới nhất dưới đây.</p>
    <p>Nếu bạn cho rằng đây là lỗi của trang, vui lòng liên hệ ban biên tập qua hộp thư điện tử
    của tòa soạn để được hỗ trợ trong thời gian sớm nhất.</p>
  </div>
  <div class="tin-moi"><h3>Tin mới nhất</h3><ul>{links}</ul></div>
</div>
</body>
</html>
"""


def _rss(channel_title: str, items: list[tuple[str, str]], *, doctype: str = "") -> str:
    entries = "\n".join(
        f"<item><title>{title}</title><link>{link}</link><pubDate>{RSS_DATE}</pubDate></item>"
        for title, link in items)
    return (f'<?xml version="1.0" encoding="utf-8"?>\n{doctype}'
            f'<rss version="2.0"><channel><title>{channel_title}</title>'
            f"<link>http://127.0.0.1/</link><description>Tin thử nghiệm</description>\n"
            f"{entries}\n</channel></rss>\n")


def _sitemap(locs: list[str], *, doctype: str = "") -> str:
    urls = "\n".join(
        f"<url><loc>{loc}</loc><news:news><news:publication_date>{PUBLISHED}"
        "</news:publication_date></news:news></url>" for loc in locs)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
            f"{urls}\n</urlset>\n")


def _bomb_doctype(root: str) -> str:
    """Billion laughs: ten levels of ten references each, 10^9 "lol" once expanded."""
    levels = ['<!ENTITY lol0 "lol">']
    levels += [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
    return f"<!DOCTYPE {root} [\n" + "\n".join(levels) + "\n]>\n"


def _xxe_doctype(root: str, probe_url: str) -> str:
    return (f"<!DOCTYPE {root} [\n"
            '<!ENTITY xxe SYSTEM "file:///etc/passwd">\n'
            f'<!ENTITY % probe SYSTEM "{probe_url}">\n%probe;\n]>\n')


class FaultHandler(BaseHTTPRequestHandler):
    """Dispatch on the path without the ``/s/<name>`` prefix; see the module docstring."""

    server: FaultServer
    server_version = "FaultSite/1.0"
    sys_version = ""
    protocol_version = "HTTP/1.0"
    timeout = _SOCKET_TIMEOUT

    def log_message(self, format: str, *args: Any) -> None:
        log.debug(format, *args)

    # ---- plumbing -------------------------------------------------------------------------

    def do_GET(self) -> None:
        self.server.record(self.headers.get("Host", ""), self.path)
        split = urlsplit(self.path)
        self.query = parse_qs(split.query)
        self.prefix, self.route = _split_prefix(split.path)
        host = self.headers.get("Host") or f"127.0.0.1:{self.server.port}"
        self.site_url = f"http://{host}{self.prefix}/"
        try:
            self._dispatch()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            log.debug("client went away during %s", self.path)

    def _dispatch(self) -> None:
        route = self.route
        exact = _EXACT_ROUTES.get(route)
        if exact is not None:
            exact(self)
        elif route.startswith("/status/") and route[len("/status/"):].isdigit():
            self._status(int(route[len("/status/"):]))
        elif route.startswith("/bai-viet/") and route.endswith(".html"):
            self._good_article(route[len("/bai-viet/"):-len(".html")])
        elif route in CHARSET_TITLES:
            self._charset(route)
        else:
            self._send(404, "text/html; charset=utf-8", b"<h1>404 Not Found</h1>")

    def _send(self, status: int, content_type: str, body: bytes,
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _html(self, text: str, headers: dict[str, str] | None = None) -> None:
        self._send(200, "text/html; charset=utf-8", text.encode("utf-8"), headers)

    def _xml(self, text: str, content_type: str = "application/rss+xml") -> None:
        self._send(200, content_type, text.encode("utf-8"))

    def _url(self, path: str) -> str:
        return self.site_url + path.lstrip("/")

    def _items(self) -> list[str]:
        return self.query.get("item") or [f"/bai-viet/{slug}.html" for slug in GOOD_ARTICLES]

    def _good_link(self) -> str:
        return self._url(f"/bai-viet/{next(iter(GOOD_ARTICLES))}.html")

    def _wait(self, seconds: float) -> bool:
        """Sleep unless the server is stopping; True when it is."""
        return self.server.stopping.wait(seconds)

    # ---- good content ---------------------------------------------------------------------

    def _robots(self) -> None:
        self._send(200, "text/plain; charset=utf-8", b"User-agent: *\nAllow: /\n")

    def _home(self) -> None:
        links = "".join(f'<li><a href="bai-viet/{slug}.html">{escape(a.title)}</a></li>'
                        for slug, a in GOOD_ARTICLES.items())
        self._html(f'<html lang="vi"><head><meta charset="utf-8"><title>Báo Thử Nghiệm</title>'
                   f'<meta property="og:type" content="website"></head>'
                   f"<body><ul>{links}</ul></body></html>")

    def _good_article(self, slug: str) -> None:
        article = GOOD_ARTICLES.get(slug)
        if article is None:
            self._send(404, "text/html; charset=utf-8", b"<h1>404 Not Found</h1>")
            return
        self._html(article_html(self._url(f"/bai-viet/{slug}.html"), article.title,
                                article.lead, article.paragraphs, article.author))

    def _feed(self) -> None:
        items = [(escape(_title_for(path)), escape(self._url(path))) for path in self._items()]
        self._xml(_rss("Báo Thử Nghiệm - Tin mới", items))

    def _good_sitemap(self) -> None:
        self._xml(_sitemap([escape(self._url(p)) for p in self._items()]), "application/xml")

    # ---- network faults -------------------------------------------------------------------

    def _status(self, code: int) -> None:
        headers = {}
        if "retry_after" in self.query:
            headers["Retry-After"] = self.query["retry_after"][0]
        body = f"<html><body><h1>Lỗi {code}</h1><p>Máy chủ đang bận.</p></body></html>"
        self._send(code, "text/html; charset=utf-8", body.encode("utf-8"), headers)

    def _hang(self) -> None:
        self._wait(HANG_SECONDS)

    def _trickle(self) -> None:
        body = article_html(self._url("/trickle"), "Bài viết tải rất chậm", "Sapo.", ("x",), "A")
        data = body.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        for index in range(len(data)):
            self.wfile.write(data[index:index + 1])
            self.wfile.flush()
            if self._wait(TRICKLE_INTERVAL):
                return

    def _truncated(self) -> None:
        article = next(iter(GOOD_ARTICLES.values()))
        data = article_html(self._url("/truncated"), "Bài viết bị cắt giữa chừng", article.lead,
                            article.paragraphs * 20, article.author).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data[: len(data) // 3])
        self.wfile.flush()
        self.close_connection = True

    def _huge(self, *, sized: bool) -> None:
        head = b'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"></head><body><p>'
        filler = ("Nội dung lặp lại rất dài. " * 4000).encode("utf-8")[:_CHUNK]
        # Recorded before anything is written: a client that refuses the page on its
        # Content-Length may hang up before the first body byte, and the write then fails.
        self.server.bytes_sent[self.path] = 0
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if sized:
            self.send_header("Content-Length", str(HUGE_BYTES))
        self.end_headers()
        self.wfile.write(head)
        sent = len(head)
        # Kept up to date while writing: a client that stops reading without closing leaves
        # this thread blocked in write(), and the figure must still be there to check.
        self.server.bytes_sent[self.path] = sent
        while sent < HUGE_BYTES and not self.server.stopping.is_set():
            chunk = filler[: HUGE_BYTES - sent]
            self.wfile.write(chunk)
            sent += len(chunk)
            self.server.bytes_sent[self.path] = sent
        self.close_connection = True

    def _corrupt_gzip(self) -> None:
        garbage = b"\x1f\x8b\x08\x00" + b"day khong phai la gzip " * 200
        self._send(200, "text/html; charset=utf-8", garbage, {"Content-Encoding": "gzip"})

    def _redirect(self, location: str, status: int = 302) -> None:
        self._send(status, "text/html; charset=utf-8", b"", {"Location": location})

    def _loop_a(self) -> None:
        self._redirect(self._url("/loop/b"))

    def _loop_b(self) -> None:
        self._redirect(self._url("/loop/a"))

    def _offsite(self) -> None:
        slug = (self.query.get("to") or [next(iter(GOOD_ARTICLES))])[0]
        self._redirect(f"http://localhost:{self.server.port}{self.prefix}/bai-viet/{slug}.html",
                       301)

    # ---- content faults -------------------------------------------------------------------

    def _rss_malformed(self) -> None:
        self._xml('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
                  "<title>Tin & Sự kiện</title>\n"
                  f"<item><title>Bài tốt</title><link>{self._good_link()}</link>"
                  f"<pubDate>{RSS_DATE}</pubDate></item>\n"
                  "<item><title>Bài hỏng <b>đậm</title><link>khong-co-dong</item>\n"
                  "</channel>")

    def _rss_truncated(self) -> None:
        text = _rss("Tin mới", [("Bài tốt", self._good_link()),
                                ("Bài thứ hai", self._url("/bai-viet/khong-ton-tai.html"))])
        self._xml(text[: text.index("Bài thứ hai") + 5])

    def _rss_not_a_feed(self) -> None:
        self._html(_soft_404_html(self.site_url))

    def _rss_bomb(self) -> None:
        self._xml(_rss("&lol9;", [("&lol9;", self._good_link())], doctype=_bomb_doctype("rss")))

    def _rss_xxe(self) -> None:
        self._xml(_rss("&xxe;", [("&xxe;", self._good_link()),
                                 ("Tin", self._url("/bai-viet/&xxe;.html"))],
                       doctype=_xxe_doctype("rss", self._url(XXE_PROBE))))

    def _sitemap_malformed(self) -> None:
        self._xml('<?xml version="1.0"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/'
                  f'sitemap/0.9"><url><loc>{self._good_link()}</loc></url>\n'
                  "<url><loc>a & b<lastmod>2026-11-20</url>", "application/xml")

    def _sitemap_truncated(self) -> None:
        text = _sitemap([self._good_link(), self._url("/bai-viet/khong-ton-tai.html")])
        self._xml(text[: text.index("khong-ton-tai")], "application/xml")

    def _sitemap_bomb(self) -> None:
        self._xml(_sitemap([self._good_link()], doctype=_bomb_doctype("urlset")).replace(
            "</loc>", "</loc><news:title>&lol9;</news:title>", 1), "application/xml")

    def _sitemap_xxe(self) -> None:
        self._xml(_sitemap([self._good_link(), self._url("/bai-viet/&xxe;.html")],
                           doctype=_xxe_doctype("urlset", self._url(XXE_PROBE))),
                  "application/xml")

    def _xxe_probe(self) -> None:
        self._send(200, "application/xml-dtd", b'<!ENTITY leak "XXE-PROBE-FETCHED">')

    def _charset(self, route: str) -> None:
        title = CHARSET_TITLES[route]
        article = next(iter(GOOD_ARTICLES.values()))
        paragraphs = (f"{title}. Bài viết thử nghiệm với đầy đủ dấu tiếng Việt: ắ ằ ẳ ẵ ặ, "
                      "ố ồ ổ ỗ ộ, ướ ườ ưở ưỡ ượ.", *article.paragraphs)
        html = article_html(self._url(route), title, article.lead, paragraphs, article.author)
        if route == "/charset/header-latin1.html":
            self._send(200, "text/html; charset=iso-8859-1", html.encode("utf-8"))
        else:
            self._send(200, "text/html", encode_windows_1258(html))

    def _soft_404(self) -> None:
        self._html(_soft_404_html(self.site_url))


_EXACT_ROUTES: dict[str, Any] = {
    "/robots.txt": FaultHandler._robots,
    "/": FaultHandler._home,
    "/feed.rss": FaultHandler._feed,
    "/sitemap.xml": FaultHandler._good_sitemap,
    "/hang": FaultHandler._hang,
    "/trickle": FaultHandler._trickle,
    "/truncated": FaultHandler._truncated,
    "/huge": lambda handler: handler._huge(sized=True),
    "/huge-unsized": lambda handler: handler._huge(sized=False),
    "/corrupt-gzip": FaultHandler._corrupt_gzip,
    "/loop/a": FaultHandler._loop_a,
    "/loop/b": FaultHandler._loop_b,
    "/offsite": FaultHandler._offsite,
    "/rss/malformed.rss": FaultHandler._rss_malformed,
    "/rss/truncated.rss": FaultHandler._rss_truncated,
    "/rss/not-a-feed.rss": FaultHandler._rss_not_a_feed,
    "/rss/bomb.rss": FaultHandler._rss_bomb,
    "/rss/xxe.rss": FaultHandler._rss_xxe,
    "/sitemap/malformed.xml": FaultHandler._sitemap_malformed,
    "/sitemap/truncated.xml": FaultHandler._sitemap_truncated,
    "/sitemap/bomb.xml": FaultHandler._sitemap_bomb,
    "/sitemap/xxe.xml": FaultHandler._sitemap_xxe,
    XXE_PROBE: FaultHandler._xxe_probe,
    "/soft-404.html": FaultHandler._soft_404,
}


def _split_prefix(path: str) -> tuple[str, str]:
    """``/s/name/rest`` -> (``/s/name``, ``/rest``); other paths have no prefix."""
    parts = path.split("/", 3)
    if len(parts) >= 3 and parts[1] == "s" and parts[2]:
        return f"/s/{parts[2]}", "/" + (parts[3] if len(parts) > 3 else "")
    return "", path or "/"


def _title_for(path: str) -> str:
    slug = path.rsplit("/", 1)[-1].removesuffix(".html")
    article = GOOD_ARTICLES.get(slug)
    return article.title if article else f"Tin {path}"


class FaultServer(ThreadingHTTPServer):
    """Serve the fault routes on 127.0.0.1; use as a context manager.

    ``request_log`` holds ``(Host header, path with query)`` of every request, in arrival
    order, so tests can prove what a crawler did (and did not) fetch.
    """

    daemon_threads = True
    block_on_close = False

    def __init__(self, host: str = "127.0.0.1") -> None:
        super().__init__((host, 0), FaultHandler)
        self.port: int = self.server_address[1]
        self.base_url = f"http://{host}:{self.port}"
        self.stopping = threading.Event()
        self.request_log: list[tuple[str, str]] = []
        self.bytes_sent: dict[str, int] = {}
        """Body bytes written by the streaming ``/huge`` routes before the client hung up."""
        self._lock = threading.Lock()

    def url(self, path: str, *, site: str | None = None) -> str:
        """Absolute URL of ``path``, under the virtual site ``site`` when given."""
        prefix = f"/s/{site}" if site else ""
        return f"{self.base_url}{prefix}/{path.lstrip('/')}"

    def record(self, host: str, path: str) -> None:
        with self._lock:
            self.request_log.append((host, path))

    def requests_for(self, site: str) -> list[str]:
        """Paths (prefix removed) requested under the virtual site ``site``."""
        prefix = f"/s/{site}/"
        with self._lock:
            return ["/" + path[len(prefix):] for _host, path in self.request_log
                    if path.startswith(prefix)]

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Crawlers hang up on hanging, huge and trickling responses by design.
        log.debug("error serving %s", client_address, exc_info=True)

    def __enter__(self) -> FaultServer:
        threading.Thread(target=self.serve_forever, name="fault-server", daemon=True).start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.stopping.set()
        self.shutdown()
        self.server_close()

