"""Photo, video and audio stories (held-out round 36): a photo essay's text is its captions,
often in a slideshow's slides; its photographer is its author when no writer signs it; the
viewer's controls (counters, "Xem ảnh lớn", links to the large copy) are no text."""

from __future__ import annotations

from datetime import UTC, datetime

import lxml.html
import pytest

from aggregator.dates import parse_date
from aggregator.parsing.authors import byline_names, trailing_byline
from aggregator.parsing.body import clean_body, remove_boilerplate
from aggregator.parsing.extract import extract_article, parse_article

NOW = datetime(2026, 11, 22, tzinfo=UTC)
_CAPTIONS = [f"Ảnh {n}: người dân làng hoa Nghi Ân chăm sóc những luống cúc mâm xôi chờ Tết."
             for n in range(1, 9)]


def _page(body: str, og_type: str = "website") -> str:
    return ('<html><head><meta property="og:title" content="Làng hoa Nghi Ân vào vụ Tết">'
            f'<meta property="og:type" content="{og_type}">'
            '<meta property="og:description" content="Làng hoa tất bật vào vụ Tết."></head>'
            f"<body><h1>Làng hoa Nghi Ân vào vụ Tết</h1>{body}</body></html>")


def test_a_photo_essay_of_captions_is_an_article_even_as_a_website() -> None:
    figures = "".join(f'<figure class="image"><img src="/hoa-{n}.jpg"><figcaption>{caption}'
                      "</figcaption></figure>" for n, caption in enumerate(_CAPTIONS))
    article = parse_article("https://baonghean.vn/lang-hoa-nghi-an.html",
                            _page(f'<article class="entry">{figures}<p style="text-align:right">'
                                  "<strong>Ảnh: Thành Cường</strong></p></article>"), None, now=NOW)
    assert all(caption in article.body_text for caption in _CAPTIONS)
    # no writer signs it: its photographer is its author
    assert list(article.authors) == ["Thành Cường"]


def test_a_slideshows_captions_are_read_from_all_its_slides() -> None:
    slides = "".join(
        f'<div class="swiper-slide"><div class="slide-img"><a href="/hoa-{n}.jpg" class="lightbox" '
        f'title="Xem ảnh lớn"><img src="/hoa-{n}.jpg" alt="Ảnh {n}"></a></div><div class="slide-'
        f'caption"><span class="slide-count">{n + 1}/8</span><p>{caption}</p></div></div>'
        for n, caption in enumerate(_CAPTIONS))
    body = (f'<div class="news-details__content"><div class="swiper"><div class="swiper-wrapper">'
            f'{slides}</div><div class="swiper-pagination"><span>1</span>/<span>8</span></div>'
            '<a class="btn-fullscreen" href="#">Xem ảnh lớn</a></div></div>')
    extraction = extract_article("https://baobacninhtv.vn/hoa-postid1.bbg",
                                 _page(body, "article"), None, now=NOW)
    article = extraction.article
    assert all(caption in article.body_text for caption in _CAPTIONS)
    assert "1/8" not in article.body_text and "Xem ảnh lớn" not in article.body_text
    # read by our own evidence, from the slides' wrapper (not left to trafilatura's answer)
    assert "swiper-wrapper" in extraction.sources["body"]


def test_the_viewers_controls_are_no_text() -> None:
    body = lxml.html.fragment_fromstring(
        '<div><figure><img src="/hoa-1.jpg"><figcaption><span class="counter">1/10</span>'
        f"<p>{_CAPTIONS[0]}</p></figcaption></figure><p>Người dân tất bật chăm hoa cho vụ Tết "
        'năm nay ở làng Nghi Ân.</p><div class="swiper-pagination"><span>1</span>/<span>10'
        '</span></div><a class="btn-fullscreen" href="#">Xem ảnh lớn</a></div>')
    remove_boilerplate(body, ())
    html = clean_body(body, base_url="https://nhandan.vn/a.html", lead="")
    assert "1/10" not in html and "Xem ảnh lớn" not in html
    assert f"<figcaption>{_CAPTIONS[0]}</figcaption>" in html


@pytest.mark.parametrize(("body", "authors"), [
    # a photo story signed by its photographer alone
    ("".join(f'<figure><img src="/{n}.jpg"><figcaption>{c}</figcaption></figure>'
             for n, c in enumerate(_CAPTIONS[:4])) + '<p style="text-align:right"><strong>Ảnh: '
     "Đỗ Phương</strong></p>", ["Đỗ Phương"]),
    # an article with one photo: its photographer is no author
    (f'<p>{_CAPTIONS[0]} {_CAPTIONS[1]}</p><figure><img src="/1.jpg"></figure>'
     '<p style="text-align:right"><strong>Ảnh: Đỗ Phương</strong></p>', []),
])
def test_a_photo_storys_photographer(body: str, authors: list[str]) -> None:
    assert trailing_byline(lxml.html.fragment_fromstring(body, create_parent="div"))[0] == authors


def test_photos_and_text_by_one_credit() -> None:
    assert byline_names("Ảnh và bài: Hoàng Thu Trang") == ["Hoàng Thu Trang"]


def test_a_date_line_with_a_bullet_before_its_time() -> None:
    found = parse_date("Thứ Năm, 05/11/2026 • 19:20", reference=NOW)
    assert found is not None and (found.hour, found.minute) == (19, 20)
