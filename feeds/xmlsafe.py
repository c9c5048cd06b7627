"""Make any string safe to put into an XML 1.0 document, and plain-text fields plain.

Scraped text can carry characters XML 1.0 forbids (C0 controls such as form feed or vertical
tab pasted from Word, lone surrogates from broken decoding, U+FFFE/U+FFFF). lxml refuses them,
which would make one bad article break a whole feed, so they are dropped before any text
reaches feedgen. ``]]>`` needs no treatment: nothing is written as CDATA, lxml escapes ``>``.

Titles, leads, bylines and names are plain text, but many readers render an RSS title as HTML;
markup in them (``&lt;script&gt;`` in a page title decodes to a real tag) is removed.
"""

from __future__ import annotations

import unicodedata

from aggregator.text import NOT_XML_CHARS
from aggregator.text import plain_text as _plain_text


def xml_safe(text: str) -> str:
    """NFC text with every character XML 1.0 forbids removed."""
    return unicodedata.normalize("NFC", NOT_XML_CHARS.sub("", text))


def plain_text(text: str) -> str:
    """:func:`xml_safe` text with markup removed and white space collapsed (the parser's own
    rule, applied again because stored articles may predate it or come from elsewhere).

    Only things shaped like tags go: "a < b" and "Q&A" are left as they are.
    """
    return _plain_text(xml_safe(text))
