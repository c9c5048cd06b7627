"""Text normalisation and the matching key."""

from __future__ import annotations

import unicodedata

import pytest

from aggregator.text import canonical_tones, match_key, normalize_document, normalize_text


@pytest.mark.parametrize(
    ("word", "expected"),
    [("Hoà Bình", "Hòa Bình"), ("Thanh Hoá", "Thanh Hóa"), ("uỷ ban", "ủy ban"),
     ("hoàn", "hoàn"), ("quý", "quý"), ("giữa", "giữa"), ("Thuận", "Thuận"),
     ("luật", "luật"), ("hoặc", "hoặc"), ("khoẻ", "khỏe")],
)
def test_canonical_tones_moves_only_open_syllable_marks(word: str, expected: str) -> None:
    assert canonical_tones(word) == expected


def test_normalize_text_nfc_spaces_invisibles_and_eth() -> None:
    raw = unicodedata.normalize("NFD", "Ðà\u00a0Nẵng\u200b  mới\u00ad")
    assert normalize_text(raw) == "Đà Nẵng mới"


def test_normalize_document_keeps_layout_but_fixes_letters() -> None:
    raw = unicodedata.normalize("NFD", "<p>Ðại học\n\n  Huế\u00a0</p>")
    assert normalize_document(raw) == "<p>Đại học\n\n  Huế\u00a0</p>"


def test_match_key_equates_spellings() -> None:
    assert match_key("HOÀ BÌNH") == match_key("hòa bình")
    assert match_key("Đắk Lắk", keep_diacritics=False) == "dak lak"
