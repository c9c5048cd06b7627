"""Generate a local mirror of news sites for the throughput benchmark (issue 8).

``write_mirror(root, articles)`` writes ``sites`` site folders under ``root`` in the layout that
``aggregator.sample_sites.SampleSites`` serves (one origin per folder, ``__BASE__`` placeholder,
``site.toml`` entry) and spreads ``articles`` generated article pages over them.

Article pages are the sample sites' own pages (``aggregator/data/sample_sites``) used as templates: the
title, lead, dates, body paragraphs, byline and canonical URLs are replaced, while the page
chrome (menus, sidebars, related-news boxes, footers, scripts) stays, so the crawler parses pages
of the real size and shape of each CMS family. Links in the chrome that point at the fixture's
articles are re-pointed at other articles of the mirror, as related-news boxes are on real sites.

Each site offers every discovery path: ``robots.txt`` with a ``Sitemap:`` line, a sitemap that
lists every article (so discovery reaches them all), an RSS feed of the newest 50, and three
paginated listing pages of the newest 60. Publication dates fall within the last 20 days of
``now`` so the default ``crawl.max_age_days`` (30) keeps them all. The text is generated
Vietnamese of news-article length, reproducible from ``seed`` (dates are relative to ``now``).

CLI: ``python bench/mirror.py OUT_DIR --articles N [--sites S] [--seed K]``.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

import lxml.html
from lxml.html import HtmlElement

from aggregator.sample_sites import default_sample_root
from aggregator.text import strip_diacritics

VN = timezone(timedelta(hours=7))
FIXTURES = default_sample_root()
FEED_ITEMS = 50
LISTING_PAGE_SIZE = 20
LISTING_PAGES = 3
MAX_AGE = timedelta(days=20)
_WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")


@dataclass(frozen=True, slots=True)
class Shape:
    """One CMS family: the fixture page used as template and where its fields live."""

    family: str
    template: str
    """Fixture page (relative to aggregator/data/sample_sites), UTF-8."""
    name: str
    kind: str
    province: str | None
    path: str
    """Article URL path, formatted with ``slug`` and ``number``."""
    article_url: str
    title_suffix: str
    title_css: str
    date_css: str
    lead_css: str | None
    """Where the lead is printed; None when it is the body's first paragraph (WordPress)."""
    body_css: str
    lead_prefix: str = ""

    def date_text(self, published: datetime) -> str:
        """The visible date line, in the family's own format."""
        clock = published.strftime("%d/%m/%Y %H:%M")
        if self.family == "content-detail":
            return f"{_WEEKDAYS[published.weekday()]}, {clock}"
        if self.family == "vusta":
            return f"{_WEEKDAYS[published.weekday()]}, {clock} (GMT+7)"
        if self.family == "wordpress-sahifa":
            return published.strftime("%Y-%m-%d")
        return clock


SHAPES = (
    Shape(family="content-detail",
          template="baolangson/ung-dung-chuyen-doi-so-trong-thong-quan-hang-hoa-tai-cua-khau-5068377.html",
          name="Báo Lạng Sơn (bản sao)", kind="newspaper", province="lang-son",
          path="/{slug}-{number:07d}.html", article_url=r"-\d{7}\.html$",
          title_suffix=" - Báo Lạng Sơn", title_css="h1.title", date_css="div.detail-time",
          lead_css="#content-detail > h2", body_css="#content-detail", lead_prefix="LSO-"),
    Shape(family="mcms",
          template="baolaocai/them-12-san-pham-duoc-cong-nhan-dat-chuan-ocop-4-sao-post648102.html",
          name="Báo Lào Cai (bản sao)", kind="newspaper", province="lao-cai",
          path="/{slug}-post{number}.html", article_url=r"-post\d+\.html$",
          title_suffix=" | Báo Lào Cai", title_css="h1.cms-title", date_css="time.cms-date",
          lead_css="div.cms-desc p", body_css="div.cms-body"),
    Shape(family="wordpress-sahifa",
          template="husta/pho-bien-kien-thuc-phong-chong-thien-tai-cho-nguoi-dan-vung-ven-bien/index.html",
          name="Liên hiệp các Hội KH&KT Huế (bản sao)", kind="federation", province="hue",
          path="/{slug}-{number}/",
          article_url=r"^https?://[^/]+/(?!(?:category|tag|page|author|feed|tin-moi)/)[^/?#]+/$",
          title_suffix=" – Liên hiệp các Hội Khoa học và Kỹ thuật thành phố Huế",
          title_css="h1.post-title", date_css="span.updated", lead_css=None, body_css="div.entry"),
    Shape(family="vusta",
          template="vusta/tri-thuc-tre-hien-ke-cho-chuyen-doi-xanh-p78873.html",
          name="Liên hiệp các Hội KH&KT Việt Nam (bản sao)", kind="federation", province=None,
          path="/{slug}-p{number}.html", article_url=r"-p\d+\.html$", title_suffix="",
          title_css="h1.title-detail", date_css="div.date-detail", lead_css="div.sapo",
          body_css="div.detail-content"),
)

_PLACES = ("Lạng Sơn", "Lào Cai", "Cao Bằng", "Thái Nguyên", "Tuyên Quang", "Phú Thọ", "Nghệ An",
           "Hà Tĩnh", "Quảng Trị", "Huế", "Đà Nẵng", "Gia Lai", "Đắk Lắk", "Khánh Hòa",
           "Lâm Đồng", "Đồng Nai", "Tây Ninh", "Cần Thơ", "Vĩnh Long", "An Giang")
_TOPICS = ("Hội thảo", "Tập huấn", "Tổng kết", "Khởi động", "Nghiệm thu", "Trao giải", "Ra mắt",
           "Phát động", "Diễn đàn", "Hội nghị")
_SUBJECTS = ("ứng dụng khoa học công nghệ trong sản xuất nông nghiệp",
             "chuyển đổi số trong dịch vụ công", "phát triển sản phẩm OCOP",
             "phòng chống thiên tai dựa vào cộng đồng", "bảo tồn di sản văn hóa",
             "tư vấn, phản biện và giám định xã hội", "sáng tạo kỹ thuật thanh thiếu niên",
             "kinh tế tuần hoàn và giảm phát thải", "nuôi trồng dược liệu dưới tán rừng",
             "an toàn giao thông mùa lễ hội", "nâng cao chất lượng y tế cơ sở",
             "phát triển du lịch cộng đồng")
_SENTENCES = (
    "Tham dự có đại diện lãnh đạo {n} sở, ngành, các hội thành viên và nhiều nhà khoa học.",
    "Theo báo cáo, năm {year} toàn tỉnh {place} đã triển khai {n} nhiệm vụ khoa học và công nghệ.",
    "Tổng kinh phí thực hiện đạt khoảng {n} tỷ đồng, tăng {p}% so với cùng kỳ năm trước.",
    "Các đại biểu tập trung thảo luận giải pháp tháo gỡ khó khăn về vốn, thị trường và nhân lực.",
    "Nhiều ý kiến cho rằng cần có cơ chế khuyến khích doanh nghiệp đầu tư cho đổi mới sáng tạo.",
    "Mô hình đã giúp {n} hộ dân tăng thu nhập bình quân thêm {p} triệu đồng mỗi năm.",
    "Ban tổ chức đã trao {n} giải thưởng cho các tác giả có giải pháp xuất sắc.",
    "Dự kiến đến quý {q} năm {year}, công trình sẽ hoàn thành và đưa vào sử dụng.",
    "Hội Nông dân phối hợp với Trung tâm Khuyến nông mở {n} lớp tập huấn kỹ thuật cho hội viên.",
    "Lãnh đạo Ủy ban nhân dân tỉnh {place} đề nghị các đơn vị đẩy nhanh tiến độ triển khai.",
    "Ngành y tế đã khám, tư vấn sức khỏe miễn phí cho hơn {n} người dân vùng sâu, vùng xa.",
    "Sản lượng thu hoạch niên vụ này ước đạt {n} tấn, giá bán ổn định ở mức cao.",
    "Các chuyên gia khuyến cáo người dân chủ động theo dõi thông tin dự báo thời tiết.",
    "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh {place} sẽ tiếp tục đồng hành cùng địa phương.",
    "Hợp tác xã đã ký hợp đồng tiêu thụ {n} tấn nông sản với các chuỗi siêu thị lớn.",
    "Trong {q} ngày diễn ra sự kiện, ban tổ chức đón khoảng {n} nghìn lượt khách tham quan.",
    "Đề tài được hội đồng nghiệm thu đánh giá cao về tính thực tiễn và khả năng nhân rộng.",
    "Đến nay đã có {n} thủ tục hành chính được cung cấp trực tuyến toàn trình.",
    "Tỉnh đặt mục tiêu đến năm {year} tỷ lệ che phủ rừng đạt {p}%.",
    "Các học viên được thực hành trực tiếp tại vườn mẫu của {n} hộ gia đình trong xã.",
    "Chương trình nhận được sự hưởng ứng tích cực của đoàn viên, thanh niên và người dân.",
    "Hội thảo là dịp để các nhà khoa học chia sẻ kinh nghiệm, kết quả nghiên cứu mới.",
    "Kết thúc hội nghị, các đơn vị đã ký kết chương trình phối hợp giai đoạn {year} – {year2}.",
    "Đoàn công tác đã kiểm tra thực tế tại {n} công trình thủy lợi trên địa bàn.",
    "Lực lượng chức năng đã xử lý {n} trường hợp vi phạm, phạt tiền hơn {p} triệu đồng.",
    "Nhà trường đã đầu tư {n} phòng học thông minh phục vụ năm học mới.",
    "Người dân phấn khởi khi tuyến đường liên xã dài {p} km được nâng cấp, mở rộng.",
    "Các sản phẩm tham gia hội chợ đều có tem truy xuất nguồn gốc và bao bì đạt chuẩn.",
)
_AUTHORS = ("Minh Anh", "Hoàng Dương", "Bích Ngọc", "Quang Ngọc", "Cẩm Lai", "Thu Hà",
            "Văn Long", "Thanh Tâm", "Hải Yến", "Đức Thịnh")


@dataclass(frozen=True, slots=True)
class MirrorArticle:
    """One generated article: its site folder, URL path and content."""

    site: int
    number: int
    path: str
    title: str
    lead: str
    paragraphs: tuple[str, ...]
    author: str
    published: datetime


@dataclass(frozen=True, slots=True)
class _Site:
    id: str
    shape: Shape


def _slug(text: str) -> str:
    words = re.sub(r"[^a-z0-9]+", " ", strip_diacritics(text).lower()).split()
    return "-".join(words[:12])


def _sentence(rng: random.Random, place: str) -> str:
    year = rng.choice((2026, 2027))
    return rng.choice(_SENTENCES).format(place=place, n=rng.randrange(3, 900), p=rng.randrange(2, 60),
                                         q=rng.randrange(1, 5), year=year, year2=year + 4)


def _generate(rng: random.Random, sites: Sequence[_Site], count: int,
              now: datetime) -> list[MirrorArticle]:
    articles = []
    titles: set[str] = set()
    for number in range(count):
        site_index = number % len(sites)
        place = rng.choice(_PLACES)
        title = f"{rng.choice(_TOPICS)} {rng.choice(_SUBJECTS)} tại {place}"
        while title in titles:  # distinct stories: the same title twice reads as syndication
            title = f"{title.split(' lần thứ ')[0]} lần thứ {rng.randrange(2, 40)}"
        titles.add(title)
        published = (now - timedelta(seconds=rng.randrange(600, int(MAX_AGE.total_seconds())))
                     ).astimezone(VN).replace(microsecond=0)
        lead = (f"Ngày {published.day}/{published.month}, tại {place}, đơn vị tổ chức "
                f"{title[0].lower()}{title[1:]}, thu hút {rng.randrange(40, 600)} đại biểu tham dự.")
        paragraphs = tuple(" ".join(_sentence(rng, place) for _ in range(rng.randrange(3, 6)))
                           for _ in range(rng.randrange(6, 13)))
        path = sites[site_index].shape.path.format(slug=_slug(title), number=1000000 + number)
        articles.append(MirrorArticle(site=site_index, number=number, path=path, title=title, lead=lead,
                                      paragraphs=paragraphs, author=rng.choice(_AUTHORS),
                                      published=published))
    return articles


class _Renderer:
    """Fills one family's fixture page with a generated article."""

    def __init__(self, shape: Shape) -> None:
        self.shape = shape
        source = (FIXTURES / shape.template).read_text("utf-8")
        doctype = re.match(r"\s*(<!DOCTYPE[^>]*>)", source, re.IGNORECASE)
        self.doctype = doctype.group(1) if doctype else "<!DOCTYPE html>"
        self.template = lxml.html.document_fromstring(source)
        self.article_url = re.compile(shape.article_url)

    def render(self, article: MirrorArticle, related: Sequence[str]) -> str:
        shape = self.shape
        root: HtmlElement = copy.deepcopy(self.template)
        url = f"__BASE__{article.path}"
        iso = article.published.isoformat()
        image = f"__BASE__/uploads/{article.published:%Y/%m/%d}/anh-{article.number}.jpg"
        root.find(".//title").text = article.title + shape.title_suffix
        meta_values = {"og:title": article.title, "description": article.lead,
                       "og:description": article.lead, "og:url": url, "og:image": image,
                       "article:published_time": iso, "article:modified_time": iso}
        for meta in root.iter("meta"):
            key = meta.get("property") or meta.get("name")
            if key in meta_values:
                meta.set("content", meta_values[key])
        for link in root.iter("link"):
            if link.get("rel") == "canonical":
                link.set("href", url)
            elif link.get("rel") == "shortlink":  # WordPress ?p=ID: the article's stable id
                link.set("href", f"__BASE__/?p={article.number}")
        for script in root.iter("script"):
            if script.get("type") == "application/ld+json" and script.text:
                script.text = _json_ld(script.text, article, url, image)
        _set_text(root.cssselect(shape.title_css)[0], article.title)
        date = root.cssselect(shape.date_css)[0]
        _set_text(date, shape.date_text(article.published))
        if date.get("datetime"):
            date.set("datetime", article.published.strftime("%Y-%m-%dT%H:%M:%S%z"))
        paragraphs: list[str] = list(article.paragraphs)
        if shape.lead_css:
            _set_text(root.cssselect(shape.lead_css)[0], shape.lead_prefix + article.lead)
        else:
            paragraphs.insert(0, article.lead)
        self._fill_body(root.cssselect(shape.body_css)[0], paragraphs, article.author)
        self._relink(root, related)
        return self.doctype + "\n" + lxml.html.tostring(root, encoding="unicode")

    def _fill_body(self, body: HtmlElement, paragraphs: list[str], author: str) -> None:
        """Replace the body's text paragraphs by the generated ones, in as many runs as the
        template had paragraphs, so figures and boxes between them stay where they were."""
        slots = [child for child in body if child.tag == "p" and "right" not in child.get("style", "")]
        chunk = -(-len(paragraphs) // len(slots))
        for index, slot in enumerate(slots):
            position = body.index(slot)
            body.remove(slot)
            for offset, text in enumerate(paragraphs[index * chunk:(index + 1) * chunk]):
                paragraph = lxml.html.Element("p")
                paragraph.text = text
                body.insert(position + offset, paragraph)
        for byline in body.cssselect("p[style*='right'] strong, div.t1 span.t2"):
            _set_text(byline, author)

    def _relink(self, root: HtmlElement, related: Sequence[str]) -> None:
        """Point links to the template's own articles at other articles of the mirror."""
        if not related:
            return
        turn = 0
        for anchor in root.iter("a"):
            href = anchor.get("href") or ""
            base = "__BASE__" if href.startswith("__BASE__") else ""
            path = href.removeprefix("__BASE__")
            if path.startswith("/") and self.article_url.search("http://mirror" + path):
                anchor.set("href", base + related[turn % len(related)])
                turn += 1


def _set_text(element: HtmlElement, text: str) -> None:
    for child in list(element):
        element.remove(child)
    element.text = text


def _json_ld(text: str, article: MirrorArticle, url: str, image: str) -> str:
    data = json.loads(text)
    if data.get("@type") == "NewsArticle":
        data.update(headline=article.title, description=article.lead,
                    datePublished=article.published.isoformat(),
                    dateModified=article.published.isoformat(),
                    mainEntityOfPage={"@type": "WebPage", "@id": url})
        data["image"] = {"@type": "ImageObject", "url": image, "width": 1200, "height": 800}
    return json.dumps(data, ensure_ascii=False)


def _toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _site_toml(site: _Site) -> str:
    shape = site.shape
    lines = ["[[sites]]", f"id = {_toml_string(site.id)}", f"name = {_toml_string(shape.name)}",
             f"kind = {_toml_string(shape.kind)}"]
    if shape.province:
        lines.append(f"province = {_toml_string(shape.province)}")
    lines += ['url = "__BASE__/"', 'feeds = ["__BASE__/rss/home.rss"]',
              'sitemaps = ["__BASE__/sitemap.xml"]', 'listings = ["__BASE__/tin-moi/"]',
              f"article_url = '{shape.article_url}'", f"family = {_toml_string(shape.family)}",
              "verified = false"]
    return "\n".join(lines) + "\n"


def _sitemap(articles: Sequence[MirrorArticle]) -> str:
    urls = "".join(f"  <url><loc>__BASE__{escape(a.path)}</loc>"
                   f"<lastmod>{a.published.isoformat()}</lastmod></url>\n" for a in articles)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + urls + "</urlset>\n")


def _feed(name: str, articles: Sequence[MirrorArticle]) -> str:
    items = "".join(
        f"<item>\n<title><![CDATA[ {a.title} ]]></title>\n<link>__BASE__{escape(a.path)}</link>\n"
        f'<guid isPermaLink="true">__BASE__{escape(a.path)}</guid>\n'
        f"<description><![CDATA[ {a.lead} ]]></description>\n"
        f"<pubDate>{format_datetime(a.published)}</pubDate>\n</item>\n"
        for a in articles[:FEED_ITEMS])
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">\n<channel>\n'
            f"<title>{escape(name)}</title>\n<link>__BASE__/</link>\n"
            f"<description>{escape(name)} - Tin mới nhất</description>\n<language>vi-VN</language>\n"
            + items + "</channel>\n</rss>\n")


def _link_page(name: str, heading: str, articles: Sequence[MirrorArticle], next_path: str | None) -> str:
    """A home or listing page: article links, a feed link and an optional next-page link."""
    links = "".join(f'    <li><a href="{escape(a.path)}">{escape(a.title)}</a> '
                    f'<span class="date">({a.published:%d/%m/%Y})</span></li>\n' for a in articles)
    paging = f'  <div class="paging"><a class="next" href="{next_path}">Trang sau</a></div>\n' \
        if next_path else ""
    return (f'<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(heading)} - {escape(name)}</title>\n"
            '<meta property="og:type" content="website">\n'
            '<link rel="alternate" type="application/rss+xml" href="__BASE__/rss/home.rss">\n'
            f'</head>\n<body>\n<h1>{escape(heading)}</h1>\n<ul class="list-news">\n{links}</ul>\n'
            f"{paging}</body>\n</html>\n")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def write_mirror(root: Path, articles: int, *, sites: int = 4, seed: int = 0,
                 now: datetime | None = None) -> list[str]:
    """Write ``sites`` site folders with ``articles`` article pages under ``root``; return the
    site ids (also the folder names). Content is reproducible from ``seed``; dates are the last
    20 days before ``now``."""
    if articles < 1 or sites < 1:
        raise ValueError("need at least one article and one site")
    rng = random.Random(seed)
    now = now or datetime.now(UTC)
    mirror_sites = [_Site(id=f"mirror{n}-{SHAPES[n % len(SHAPES)].family}", shape=SHAPES[n % len(SHAPES)])
                    for n in range(sites)]
    generated = _generate(rng, mirror_sites, articles, now)
    renderers = {shape.family: _Renderer(shape) for shape in SHAPES}
    root = Path(root)
    for index, site in enumerate(mirror_sites):
        folder = root / site.id
        own = sorted((a for a in generated if a.site == index), key=lambda a: a.published, reverse=True)
        renderer = renderers[site.shape.family]
        paths = [a.path for a in own]
        for position, article in enumerate(own):
            related = [paths[(position + step) % len(paths)] for step in (1, 2, 5, 11)]
            _write(folder / article.path.strip("/") / "index.html" if article.path.endswith("/")
                   else folder / article.path.lstrip("/"), renderer.render(article, related))
        _write(folder / "site.toml", _site_toml(site))
        _write(folder / "robots.txt", "User-agent: *\nDisallow: /tim-kiem/\nAllow: /\n\n"
                                      "Sitemap: __BASE__/sitemap.xml\n")
        _write(folder / "sitemap.xml", _sitemap(own))
        _write(folder / "rss" / "home.rss", _feed(site.shape.name, own))
        _write(folder / "index.html", _link_page(site.shape.name, "Trang chủ", own[:LISTING_PAGE_SIZE], None))
        for page in range(LISTING_PAGES):
            chunk = own[page * LISTING_PAGE_SIZE:(page + 1) * LISTING_PAGE_SIZE]
            last = page + 1 == LISTING_PAGES or (page + 1) * LISTING_PAGE_SIZE >= len(own)
            _write(folder / "tin-moi" / ("" if page == 0 else f"page/{page + 1}") / "index.html",
                   _link_page(site.shape.name, f"Tin mới - trang {page + 1}", chunk,
                              None if last else f"/tin-moi/page/{page + 2}/"))
            if last:
                break
    return [site.id for site in mirror_sites]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--sites", type=int, default=4)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    ids = write_mirror(args.out_dir, args.articles, sites=args.sites, seed=args.seed)
    print(f"wrote {args.articles} articles over {len(ids)} sites under {args.out_dir}: {', '.join(ids)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
