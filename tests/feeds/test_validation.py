"""check_document(): a broken or wrong document is refused with its name in the message."""

from __future__ import annotations

import pytest

from feeds.validation import FeedValidationError, check_document

GOOD_ATOM = b'<feed xmlns="http://www.w3.org/2005/Atom"><title>Tin</title></feed>'


@pytest.mark.parametrize(("relpath", "data"), [
    ("all.atom", GOOD_ATOM),
    ("all.rss", b"<rss version='2.0'><channel/></rss>"),
    ("feeds.opml", b"<opml version='2.0'><body/></opml>"),
    ("index.html", b"<!DOCTYPE html>\n<html lang='vi'><body/></html>"),
    ("all.json", b'{"version": "https://jsonfeed.org/version/1.1", "items": []}'),
])
def test_accepts_well_formed_documents(relpath: str, data: bytes) -> None:
    check_document(relpath, data)


@pytest.mark.parametrize(("relpath", "data", "problem"), [
    ("province/hue.atom", b"<feed xmlns='http://www.w3.org/2005/Atom'><title>", "well-formed"),
    ("province/hue.atom", b"<rss/>", "root element"),
    ("source/vusta.rss", b"<rss>\x0b</rss>", "well-formed"),
    ("kind/newspaper.json", b'{"version": "https://jsonfeed.org/version/1.1", "items"',
     "not valid JSON"),
    ("kind/newspaper.json", b'{"version": "1", "items": []}', "not a JSON Feed"),
    ("kind/newspaper.json", b'{"version": "https://jsonfeed.org/version/1.1"}', "no items"),
])
def test_refuses_invalid_documents(relpath: str, data: bytes, problem: str) -> None:
    with pytest.raises(FeedValidationError, match=problem) as error:
        check_document(relpath, data)
    assert str(error.value).startswith(f"{relpath}: ")

