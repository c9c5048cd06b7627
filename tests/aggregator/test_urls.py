"""Stable ids survive slug edits and domain moves; canonical URLs normalise NFD slugs."""

from __future__ import annotations

import pytest

from aggregator.urls import canonical_url, numeric_article_id, stable_article_id


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://baolangson.vn/doan-cong-tac-lam-viec-5012345.html", "5012345"),
        ("https://baolangson.vn/xa-hoi/12345-doan-cong-tac.html", "12345"),
        ("https://baolaocai.vn/nong-san-post403221.html", "403221"),
        ("https://baocantho.com.vn/hoi-thao--khoa-hoc-a195432.html", "195432"),
        ("https://vusta.vn/hoi-nghi-tong-ket-p78812.html", "78812"),
        ("https://baothainguyen.vn/xa-hoi/202611/lop-tap-huan-3f2a1b/", "3f2a1b"),
        ("https://husta.vn/?p=4521", "4521"),
        ("https://baobacninhtv.vn/tin-moi-postid4567.bbg", "4567"),
        ("https://husta.vn/hoi-thao-khoa-hoc/", None),
        ("https://husta.vn/ke-hoach-nam-2025/", None),
        ("https://vusta.vn/tin-tuc-su-kien-c37.html", None),
    ],
)
def test_numeric_article_id(url: str, expected: str | None) -> None:
    assert numeric_article_id(url) == expected


def test_same_article_keeps_its_id_after_slug_and_domain_change() -> None:
    before = stable_article_id("baothuathienhue", "https://baothuathienhue.vn/old-slug-a1234.html")
    after = stable_article_id("baothuathienhue", "https://huengaynay.vn/new-slug-a1234.html")
    assert before == after == "baothuathienhue/1234"


def test_url_without_number_hashes_the_canonical_url() -> None:
    nfd = "https://husta.vn/ho%CC%A3i-tha%CC%89o/?utm_source=fb#top"
    nfc = "https://HUSTA.vn/h%E1%BB%8Di-th%E1%BA%A3o/"
    assert stable_article_id("husta", nfd) == stable_article_id("husta", nfc)
    assert stable_article_id("husta", nfc).startswith("husta/u")


def test_shortlink_gives_wordpress_post_number() -> None:
    assert stable_article_id("husta", "https://husta.vn/hoi-thao/",
                             shortlink="https://husta.vn/?p=881") == "husta/881"


def test_canonical_url_drops_default_port_fragment_and_tracking() -> None:
    assert canonical_url("HTTPS://Vusta.VN:443/a-p1.html?utm_medium=x&id=3#c") == \
        "https://vusta.vn/a-p1.html?id=3"


def test_a_crafted_overlong_number_falls_back_to_the_hashed_id() -> None:
    url = "https://baolangson.vn/bai-" + "9" * 400 + ".html"
    article_id = stable_article_id("baolangson", url)
    assert article_id.startswith("baolangson/u") and len(article_id) < 40
