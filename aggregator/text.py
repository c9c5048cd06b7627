"""Vietnamese text normalisation: what we publish (NFC, clean spaces) and what we match on.

Published text keeps the writer's spelling; only the *match key* canonicalises tone placement
("Hoà"/"Hòa"), case and diacritics, so dedup and province detection see one form.
"""

from __future__ import annotations

import re
import unicodedata

_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
# U+00D0 (Icelandic eth) is what some Vietnamese editors type for U+0110.
_ETH, _D_STROKE = "\u00d0", "\u0110"


def normalize_text(value: str | None) -> str:
    """NFC, invisible characters dropped, every run of white space (incl. NBSP) -> one space.

    (Called on every paragraph and match key of a page: ``str.split`` splits on exactly the
    characters a ``\\s`` regex matches, NBSP and the typographic spaces included, at a third
    of the cost; the invisible ones are looked for before a regex is run.)"""
    if not value:
        return ""
    text = normalize_document(value)
    if any(char in text for char in _INVISIBLE_CHARS):
        text = _INVISIBLE.sub("", text)
    return " ".join(text.split())


def normalize_document(text: str) -> str:
    """A whole page or fragment as published text: NFC, ``Ð`` read as ``Đ``, only characters
    XML 1.0 allows (see :func:`_xml_compatible`); spacing kept.

    (Runs on every page: ``str.replace`` behind an ``in`` test is several times faster than
    ``str.translate`` on long text.)"""
    text = unicodedata.normalize("NFC", _xml_compatible(text))
    return text.replace(_ETH, _D_STROKE) if _ETH in text else text


NOT_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 forbids (the complement of its ``Char`` production, spelt out: the
negated class compiles ten times slower, at every start-up): C0 controls pasted from Word,
lone surrogates from broken decoding, U+FFFE/U+FFFF. The one definition shared by the parser,
the sanitiser and the feed writers."""
# The C0 controls among them, as UTF-8 bytes (each is its own byte): the fast test.
_C0_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])


def _xml_compatible(text: str) -> str:
    """Lone surrogates (U+D800–U+DFFF) as U+FFFD, split surrogate pairs joined, vertical tab
    and form feed (Word's line and page breaks) as spaces, other C0 controls and U+FFFE/U+FFFF
    dropped.

    JSON-LD escapes such as ``"\\ud83d\\u1edb"`` (half an emoji, then a letter) decode to
    code points no encoder accepts, so an article holding one could be neither hashed nor
    stored; lxml ends a string at one, and refuses to set a text or attribute holding a
    control character, which made parsing fail wherever the tree is edited. Encoding and
    ``bytes.translate`` are several times faster than a regex search; the repairs are only
    paid for broken text."""
    try:
        encoded = text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
        encoded = text.encode("utf-8")
    if (len(encoded.translate(None, _C0_BYTES)) == len(encoded)
            and "\ufffe" not in text and "\uffff" not in text):
        return text
    return NOT_XML_CHARS.sub("", text.replace("\x0b", " ").replace("\x0c", " "))


# Elements whose content is code, not words: dropped whole, even when never closed.
_ACTIVE_ELEMENT = re.compile(
    r"<(script|style|svg|math|iframe|object|noscript|template)\b.*?(?:</\1\s*>|$)",
    re.IGNORECASE | re.DOTALL)
# What an HTML tokenizer reads as markup: a comment; a start or end tag, to the first ">" not
# inside a quoted attribute value ("<" inside a tag is an attribute name); a declaration,
# processing instruction or bogus end tag. Each also when cut off by the end of the text. A
# letter must follow "<" at once to open a tag, so "nhiệt độ < 5" and "<3" are text.
# (Every alternative reaches ">" or the end without backtracking: matching stays linear.)
_TAG = re.compile(r"""<!--.*?(?:-->|$)"""
                  r"""|</?[a-zA-Z](?:=\s*"[^"]*(?:"|$)|=\s*'[^']*(?:'|$)|[^>])*(?:>|$)"""
                  r"""|<(?:[!?]|/[^a-zA-Z])[^>]*(?:>|$)""", re.DOTALL)


def plain_text(value: str | None) -> str:
    """:func:`normalize_text` of a field that must be plain text (title, lead, name, tag).

    Entity decoding turns ``&lt;script&gt;`` in a page's ``<title>`` or ``og:title`` into a
    real tag, and many feed readers render titles as HTML; so whatever parses as a tag goes
    (code inside ``<script>`` and the like with it), and the words stay. Text such as
    "nhiệt độ < 5 độ C" is not a tag and is kept."""
    text = normalize_text(value)  # first: a dropped soft hyphen could join "<" to a letter
    if "<" in text:
        text = normalize_text(_TAG.sub(" ", _ACTIVE_ELEMENT.sub(" ", text)))
    return text


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


# The same places in NFC text: o/u, then a/e/y carrying a tone (and no other mark), at the
# end of a syllable. Most text has none, and is returned without decomposing it. (The o/u
# comes first, its q/gi looked behind it: a pattern opening with a character class is
# scanned for that class, five times faster over a body than one opening with lookbehinds.)
_TONED_AEY = "àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸỳýỷỹỵỲÝỶỸỴ"
_OLD_STYLE_NFC = re.compile(rf"[oOuU](?<![qQ].)(?<![gG][iI].)[{_TONED_AEY}](?![\w\u0300-\u036f])")


def canonical_tones(text: str) -> str:
    """Move tone marks of open ``oa``/``oe``/``uy`` to the first vowel (new style)."""
    composed = unicodedata.normalize("NFC", text)
    if not _OLD_STYLE_NFC.search(composed):
        return composed
    decomposed = unicodedata.normalize("NFD", composed)
    moved = _OLD_STYLE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed)
    return unicodedata.normalize("NFC", moved)


def strip_diacritics(text: str) -> str:
    """Remove every combining mark and map đ/Đ to d/D."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Typographic quotes as their plain forms in match keys: a CMS's meta description or a feed
# often has the straight quotes of the printed text's curly ones. (str.replace per quote
# present: str.translate looks every character up in Python, ten times slower on a body.)
_QUOTES = (("“", '"'), ("”", '"'), ("„", '"'), ("‟", '"'), ("‘", "'"), ("’", "'"))


def match_key(text: str, *, keep_diacritics: bool = True) -> str:
    """Casefolded, tone-canonical, whitespace-normalised key for matching (never published),
    typographic quotes as plain ones."""
    key = canonical_tones(normalize_text(text)).casefold()
    for curly, plain in _QUOTES:
        if curly in key:
            key = key.replace(curly, plain)
    return key if keep_diacritics else strip_diacritics(key)


def has_key(text: str, key: str) -> bool:
    """Whether ``match_key(text) == key``, without normalising a text too long to have it.

    Normalising drops white space and invisible characters and composes at most four code
    points into one (a Vietnamese letter takes three: letter, vowel mark, tone), so a text with
    more than four times the key's other characters cannot have it: the element around a
    headline is rejected by counting, not by normalising its whole subtree."""
    if sum(map(len, text.split())) > 4 * len(key) + 4 \
            and not any(char in text for char in _INVISIBLE_CHARS):
        return False
    return match_key(text) == key
