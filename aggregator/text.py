"""Vietnamese text normalisation: what we publish (NFC, clean spaces) and what we match on.

Published text keeps the writer's spelling; only the *match key* canonicalises tone placement
("Hoà"/"Hòa"), case and diacritics, so dedup and province detection see one form.
"""

from __future__ import annotations

import re
import unicodedata

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# U+00D0 (Icelandic eth) is what some Vietnamese editors type for U+0110.
_ETH, _D_STROKE = "\u00d0", "\u0110"


def normalize_text(value: str | None) -> str:
    """NFC, invisible characters dropped, every run of white space (incl. NBSP) -> one space."""
    if not value:
        return ""
    text = _INVISIBLE.sub("", normalize_document(value))
    return _SPACES.sub(" ", text).strip()


def normalize_document(text: str) -> str:
    """A whole page or fragment as published text: NFC, ``Ð`` read as ``Đ``; spacing kept.

    (Runs on every page: ``str.replace`` behind an ``in`` test is several times faster than
    ``str.translate`` on long text.)"""
    text = unicodedata.normalize("NFC", text)
    return text.replace(_ETH, _D_STROKE) if _ETH in text else text


def normalize_multiline(value: str | None) -> str:
    """Like :func:`normalize_text` but keeps paragraph breaks (one blank line between)."""
    if not value:
        return ""
    paragraphs = (normalize_text(p) for p in re.split(r"\n\s*\n|\r\n\s*\r\n", value))
    return "\n\n".join(p for p in paragraphs if p)


# Old-style tone placement on the second vowel of open oa/oe/uy at syllable end
# ("hoà" -> "hòa"). Never after q or gi ("quý", "giữa" keep theirs) and never when a
# consonant follows ("hoàn").
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_OLD_STYLE = re.compile(
    rf"(?<![qQ])(?<![gG][iI])([oOuU])([aAeEyY])([{_TONES}])(?![\w\u0300-\u036f])"
)


def canonical_tones(text: str) -> str:
    """Move tone marks of open ``oa``/``oe``/``uy`` to the first vowel (new style)."""
    decomposed = unicodedata.normalize("NFD", text)
    moved = _OLD_STYLE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed)
    return unicodedata.normalize("NFC", moved)


def strip_diacritics(text: str) -> str:
    """Remove every combining mark and map đ/Đ to d/D."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def match_key(text: str, *, keep_diacritics: bool = True) -> str:
    """Casefolded, tone-canonical, whitespace-normalised key for matching (never published)."""
    key = canonical_tones(normalize_text(text)).casefold()
    return key if keep_diacritics else strip_diacritics(key)
