"""xml_safe(): whatever the scraped text, the result fits in XML 1.0 and is NFC."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from feeds.xmlsafe import xml_safe


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
