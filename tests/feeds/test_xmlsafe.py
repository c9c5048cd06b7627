"""xml_safe(), plain_text() and safe_url(): what scraped text and URLs become in a feed."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from feeds.markup import safe_url
from feeds.xmlsafe import plain_text, xml_safe


def test_removes_characters_xml_forbids() -> None:
    dirty = "Tin\x00 nóng\x0b\x0c\x1b \ud800\ufffe\uffffhôm nay"
    assert xml_safe(dirty) == "Tin nóng hôm nay"


def test_keeps_tabs_newlines_vietnamese_and_astral_characters() -> None:
    text = "Dòng một\tcột\r\nDòng hai 🌾 \U0001d400"
    assert xml_safe(text) == text


def test_composes_to_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Thừa Thiên Huế, Đắk Lắk")
    assert xml_safe(decomposed) == "Thừa Thiên Huế, Đắk Lắk"


@given(st.text())
def test_result_is_always_accepted_by_lxml(text: str) -> None:
    element = etree.Element("title", label=xml_safe(text))
    element.text = xml_safe(text)
    assert etree.fromstring(etree.tostring(element, encoding="UTF-8")).text == (
        xml_safe(text) or None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<script>alert(1)</script>Khai mạc <b>hội chợ</b>", "Khai mạc hội chợ"),
        ("Giá < 5 triệu & lãi > 2%", "Giá < 5 triệu & lãi > 2%"),
        ("Tin <img src=x onerror=alert(1)", "Tin"),
        ("<svg><script>x</script></svg>Tin<!-- ghi chú -->  mới\x0b", "Tin mới"),
        ("Tin &lt;b&gt; giữ nguyên", "Tin &lt;b&gt; giữ nguyên"),
    ],
)
def test_plain_text_removes_markup_only(text: str, expected: str) -> None:
    assert plain_text(text) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://baolangson.vn/tin-5068214.html", "https://baolangson.vn/tin-5068214.html"),
        ("https://a.vn/tìm?q=\"><script>", "https://a.vn/t%C3%ACm?q=%22%3E%3Cscript%3E"),
        (" HTTP://a.vn/x%20y ", "HTTP://a.vn/x%20y"),
        ("javascript:alert(1)", None),
        ("jav\tascript:alert(1)", None),
        ("data:image/svg+xml,<svg onload=alert(1)>", None),
        ("/tuong-doi.html", None),
        ("http://[::1", None),
    ],
)
def test_safe_url_keeps_http_only_and_encodes_what_could_break_out(url: str,
                                                                   expected: str | None) -> None:
    assert safe_url(url) == expected
