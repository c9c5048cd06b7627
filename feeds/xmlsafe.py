"""Make any string safe to put into an XML 1.0 document.

Scraped text can carry characters XML 1.0 forbids (C0 controls such as form feed or vertical
tab pasted from Word, lone surrogates from broken decoding, U+FFFE/U+FFFF). lxml refuses them,
which would make one bad article break a whole feed, so they are dropped before any text
reaches feedgen. ``]]>`` needs no treatment: nothing is written as CDATA, lxml escapes ``>``.
"""

from __future__ import annotations

import re
import unicodedata

# Complement of the XML 1.0 ``Char`` production (https://www.w3.org/TR/xml/#charsets).
_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """NFC text with every character XML 1.0 forbids removed."""
    return unicodedata.normalize("NFC", _NOT_XML_CHAR.sub("", text))
