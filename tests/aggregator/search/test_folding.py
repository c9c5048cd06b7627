"""Folding and the query language: a string and its diacritic-free form always match."""

from __future__ import annotations

import re
import string
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aggregator.schema import Article
from aggregator.search.folding import exact_tokens, fold_document, loosen
from aggregator.search.index import FoldedText, IndexedDocument, folded_text
from aggregator.search.query import MAX_TERMS, QuerySyntaxError, parse_query
from aggregator.text import match_key, strip_diacritics

VIETNAMESE_LETTERS = ("aăâbcdđeêghiklmnoôơpqrstuưvxy"
                      "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")
words = st.text(alphabet=VIETNAMESE_LETTERS, min_size=1, max_size=8).flatmap(
    lambda word: st.sampled_from([word, word.capitalize(), word.upper()]))
# "OR" in upper case is the operator, not a word, and so is "ÒR" typed without its accent:
# such sentences are left out.
sentences = st.lists(words.filter(lambda word: strip_diacritics(word) != "OR"), min_size=1,
                     max_size=6).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(sentences)
def test_a_string_and_its_diacritic_free_form_fold_alike(sentence: str) -> None:
    assert fold_document(sentence)[1] == fold_document(strip_diacritics(sentence))[1]
    typed = parse_query(strip_diacritics(sentence))
    assert [p.loose for c in typed.clauses for p in c] == \
        [p.loose for c in parse_query(sentence).clauses for p in c]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=VIETNAMESE_LETTERS + string.ascii_uppercase + " ,.-", max_size=40))
def test_fast_loosening_equals_strip_diacritics(text: str) -> None:
    exact = " ".join(exact_tokens(text))
    assert loosen(exact) == strip_diacritics(exact)


TEXT = st.text(alphabet=VIETNAMESE_LETTERS + string.ascii_uppercase + "ĐÐ ,.-_\n\u0300\u0301"
               "\u0303\u0309\u0323ßİ", max_size=60)


@settings(max_examples=500, deadline=None)
@given(TEXT, TEXT, st.lists(TEXT, max_size=3), TEXT)
def test_the_parts_ends_cut_a_document_into_what_folding_each_part_gives(
        title: str, lead: str, tags: list[str], body: str) -> None:
    """Topic membership reads an article's heading and body out of its indexed text by these
    ends; they must be what folding the title with the lead, and the body, alone would give."""
    document = IndexedDocument.of(Article(id="s/1", site_id="s", site_kind="newspaper",
                                          url="https://s.vn/1", title=title, lead=lead,
                                          tags=tuple(tags), body_text=body), 0)
    assert folded_text(document.loose, document.heading_end, document.body_start) == \
        FoldedText(fold_document(f"{title}\n{lead}").loose, fold_document(body).loose)


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_words_are_found_alike_with_and_without_a_mark_nfc_could_not_compose(text: str) -> None:
    """Most text takes the plain word pattern; a combining mark left after NFC keeps it inside
    its word, as the general pattern does (and a token never starts with one)."""
    key = match_key(text)
    general = re.findall(r"(?:[^\W_][\u0300-\u036f]*)+", key)
    assert exact_tokens(text) == general
    assert all(not unicodedata.combining(token[0]) for token in general)


def _folded_whole(*parts: str) -> tuple[str, str, tuple[tuple[int, int], ...]]:
    """What :func:`fold_document` gives, folding each part whole instead of token by token."""
    exact_parts: list[str] = []
    loose_parts: list[str] = []
    spans: list[tuple[int, int]] = []
    end = 0
    for part in parts:
        exact = " ".join(exact_tokens(part))
        if not exact:
            spans.append((end, end))
            continue
        start = end + 1 if loose_parts else 0
        end = start + len(loosen(exact))
        exact_parts.append(exact)
        loose_parts.append(loosen(exact))
        spans.append((start, end))
    return " ".join(exact_parts), " ".join(loose_parts), tuple(spans)


# Every kind of white space and what normalising drops or joins around it (invisible
# characters, C0 controls, surrogates), old-style tones next to q and gi, marks NFC cannot
# compose, letters outside the loosening table.
SPACED_TEXT = st.text(alphabet="goqiuGQIOUaeyàáèéỳýÀhnđĐÐươ ,.-_\n\t\u00a0\u2000\u3000\x0b\x0c"
                      "\x1c\x1f\x01\u200b\u00ad\ufeff\u0300\u0301\u0345\u1dc0ßİάΆ①²\ud800\udc00",
                      max_size=40)


@settings(max_examples=1000, deadline=None)
@given(st.lists(SPACED_TEXT, min_size=1, max_size=4))
def test_folding_token_by_token_gives_what_folding_each_part_whole_gives(
        parts: list[str]) -> None:
    assert tuple(fold_document(*parts)) == _folded_whole(*parts)


def test_tone_placement_nfd_case_and_eth_fold_to_one_exact_form() -> None:
    assert exact_tokens("Hoà Bình") == exact_tokens("hòa bình") == ["hòa", "bình"]
    assert exact_tokens("Thủy lợi") == exact_tokens("THỦY LỢI")
    assert exact_tokens("Ðồng Tháp") == exact_tokens("Đồng Tháp") == ["đồng", "tháp"]
    nfd = "Chuy\u0065\u0302\u0309n \u0111o\u0302\u0309i so\u0302\u0301"  # typed decomposed
    assert exact_tokens(nfd) == ["chuyển", "đổi", "số"]
    assert exact_tokens("quý hoàn giữa") == ["quý", "hoàn", "giữa"]  # never moved
    assert fold_document("COVID-19, số hóa")[1] == "covid 19 so hoa"


def test_query_language() -> None:
    query = parse_query('"chuyển đổi số" OR "số hóa" nông nghiệp -"bóng đá"')
    assert [[p.exact for p in clause] for clause in query.clauses] == [
        [("chuyển", "đổi", "số"), ("số", "hóa")], [("nông",)], [("nghiệp",)]]
    assert [p.loose for p in query.excluded] == [("bong", "da")]
    assert query.has_diacritics and not parse_query("chuyen doi so").has_diacritics
    assert parse_query("COVID-19").clauses == parse_query('"covid 19"').clauses
    assert parse_query("a - b").clauses == parse_query("a b").clauses  # a lone dash is not "-word"


@pytest.mark.parametrize("text, message", [
    ("", "empty query"), ("   ", "empty query"), ('"số hóa', "unclosed quote"),
    ("OR số", "OR must stand"), ("số OR", "OR must stand"), ("a OR OR b", "OR must stand"),
    ("a OR -b", "OR cannot join"), ("-bóng", "no word to search"), ("& –", "no word"),
    (" ".join(["x"] * (MAX_TERMS + 1)), "too many terms"),
])
def test_bad_queries_say_what_to_fix(text: str, message: str) -> None:
    with pytest.raises(QuerySyntaxError, match=message):
        parse_query(text)
