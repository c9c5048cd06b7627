"""``decode_html``: bytes as served -> NFC text, whatever the page or server claims."""

from __future__ import annotations

import unicodedata

import pytest

from aggregator.parsing import decode_html, parse_article

TEXT = "Hội thảo khoa học ở Đà Nẵng: ứng dụng trí tuệ nhân tạo"


def cp1258(text: str) -> bytes:
    """Windows-1258 as legacy Vietnamese editors wrote it: a precomposed base letter from the
    code page (â, ơ, ư, đ…) followed by a combining tone mark (the code page has few toned
    letters)."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = bytearray()
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        tone = "".join(c for c in parts if c in tones)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out += base.encode("cp1258") + tone.encode("cp1258")
    return bytes(out)


def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}<title>t</title></head><body><p>{body}</p></body></html>"


def test_cp1258_helper_really_writes_combining_tones() -> None:
    raw = cp1258("ộ")
    assert raw == "ô".encode("cp1258") + b"\xf2"  # U+0323 is 0xF2 in windows-1258
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")


def test_windows_1258_declared_in_meta_decodes_to_nfc() -> None:
    raw = cp1258(page(TEXT, '<meta http-equiv="Content-Type" content="text/html; '
                            'charset=windows-1258">'))
    text = decode_html(raw)
    assert TEXT in text
    assert unicodedata.is_normalized("NFC", text)


def test_windows_1258_declared_only_by_the_http_header() -> None:
    raw = cp1258(page(TEXT))
    assert TEXT in decode_html(raw, content_type="text/html; charset=windows-1258")


def test_a_utf8_page_declaring_iso_8859_1_is_read_as_utf8() -> None:
    raw = page(TEXT, '<meta charset="iso-8859-1">').encode("utf-8")
    assert TEXT in decode_html(raw)
    assert TEXT in decode_html(raw, content_type="text/html; charset=ISO-8859-1")


def test_a_utf8_header_on_a_windows_1258_page_yields_to_the_page_declaration() -> None:
    raw = cp1258(page(TEXT, '<meta charset="windows-1258">'))
    assert TEXT in decode_html(raw, content_type="text/html; charset=utf-8")


def test_a_real_latin1_page_still_follows_its_declaration() -> None:
    raw = page("Café crème", '<meta charset="iso-8859-1">').encode("latin-1")
    assert "Café crème" in decode_html(raw)


def test_nfd_typed_utf8_text_becomes_nfc() -> None:
    raw = unicodedata.normalize("NFD", page(TEXT)).encode("utf-8")
    text = decode_html(raw)
    assert TEXT in text
    assert unicodedata.is_normalized("NFC", text)


def test_eth_typed_for_d_stroke_is_corrected() -> None:
    raw = page("Ðại học Ðà Nẵng").encode("utf-8")
    text = decode_html(raw)
    assert "Đại học Đà Nẵng" in text
    assert "\u00d0" not in text


def test_utf8_byte_order_mark_is_dropped() -> None:
    raw = b"\xef\xbb\xbf" + page(TEXT, '<meta charset="windows-1258">').encode("utf-8")
    text = decode_html(raw)
    assert not text.startswith("\ufeff")
    assert TEXT in text


def test_a_decoded_legacy_page_parses_with_vietnamese_fields() -> None:
    html = (f'<html><head><meta charset="windows-1258"><meta property="og:type" content="article">'
            f"<title>{TEXT}</title></head><body><h1>{TEXT}</h1><article><p>{TEXT}. "
            "Các nhà khoa học của Đại học Đà Nẵng giới thiệu hệ thống nhận dạng tiếng nói "
            "cho người cao tuổi.</p></article></body></html>")
    article = parse_article("https://example.vn/a-1.html", decode_html(cp1258(html)))
    assert article.title == TEXT
    assert "Đại học Đà Nẵng" in article.body_text
    assert "da-nang" in article.provinces
