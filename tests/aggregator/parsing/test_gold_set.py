"""The gold set (tests/gold/): every page parses to what a person reading it says it is.

Each failure names the case (``<shape>/<case>``) and the field; the expectations were written by
hand from the pages, so a failure is a parser bug unless the page itself was misread.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from aggregator.errors import NotAnArticle
from aggregator.parsing import decode_html, extract_article
from aggregator.parsing.families import FAMILIES
from aggregator.parsing.gold import (
    NOT_AN_ARTICLE_KEY,
    TODO_KEY,
    GoldCase,
    leaks,
    load_gold_set,
    minute,
    same_minute,
    token_f1,
)
from aggregator.schema import Article
from tests.support import REPO

GOLD = REPO / "tests" / "gold"
ALL_CASES = load_gold_set(GOLD)
CASES = [case for case in ALL_CASES if case.is_article]
LISTINGS = [case for case in ALL_CASES if not case.is_article]
# The benchmark's quality floor, held page by page here so one bad page cannot hide in a mean.
MIN_BODY_F1 = 0.97
_SNAPSHOT_HINT = ("save a page of that shape with `aggregator extract PAGE --url URL --site ID "
                  "--snapshot tests/gold/{shape}` and check its JSON by hand")


def _parse(case: GoldCase) -> Article:
    return case.parse()


def test_the_gold_set_is_big_and_varied_enough() -> None:
    shapes = {case.shape for case in ALL_CASES}
    assert len(CASES) >= 40, f"only {len(CASES)} gold pages; " + _SNAPSHOT_HINT.format(shape="…")
    assert len(shapes) >= 8, f"only {len(shapes)} page shapes: {sorted(shapes)}"


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_every_cms_family_has_gold_pages(family: str) -> None:
    pages = [case.case_id for case in CASES if case.site is not None and case.site.family == family]
    assert len(pages) >= 2, (f"CMS family {family!r} has {len(pages)} gold page(s); "
                             + _SNAPSHOT_HINT.format(shape=family))


def test_every_shape_folder_is_described_in_the_readme() -> None:
    readme = (GOLD / "README.md").read_text("utf-8")
    described = set(re.findall(r"^\| `([\w-]+)/` \|", readme, re.M))
    missing = sorted({case.shape for case in ALL_CASES} - described)
    assert missing == [], f"tests/gold/README.md has no row for the folders {missing}"


@pytest.mark.parametrize("case", CASES, ids=[case.case_id for case in CASES])
def test_gold_page(case: GoldCase) -> None:
    expected = case.expected
    where = f"tests/gold/{case.case_id}"
    assert TODO_KEY not in expected, f"{where}.json is not hand-checked yet: {expected[TODO_KEY]}"
    article = _parse(case)
    if "id" in expected:
        assert article.id == expected["id"], f"{where}: id"
    assert article.title == expected["title"], f"{where}: title"
    assert same_minute(article.published, expected["published"]), f"{where}: published"
    assert article.lead == expected["lead"], f"{where}: lead"
    assert list(article.authors) == expected["authors"], f"{where}: authors"
    assert list(article.provinces) == expected["provinces"], f"{where}: provinces"
    f1 = token_f1(expected["body_text"], article.body_text)
    assert f1 >= MIN_BODY_F1, (f"{where}: body token F1 {f1:.3f} < {MIN_BODY_F1}\n"
                               f"got:\n{article.body_text}\nwant:\n{expected['body_text']}")
    for text in expected["body_contains"]:
        assert text in article.body_text, f"{where}: body lacks {text!r}"
    assert leaks(expected, article.body_text) == [], f"{where}: boilerplate in the body"
    assert leaks(expected, article.body_html) == [], f"{where}: boilerplate in the body HTML"


@pytest.mark.parametrize("case", LISTINGS, ids=[case.case_id for case in LISTINGS])
def test_gold_listing_is_refused(case: GoldCase) -> None:
    where = f"tests/gold/{case.case_id}"
    with pytest.raises(NotAnArticle):
        article = _parse(case)
        pytest.fail(f"{where} is {case.expected[NOT_AN_ARTICLE_KEY]}, but parsed as the article "
                    f"{article.title!r}")


FAMILY_CASES = [case for case in CASES if case.site is not None and case.site.family]


@pytest.mark.parametrize("case", FAMILY_CASES, ids=[case.case_id for case in FAMILY_CASES])
def test_family_is_recognised_without_the_family_key(case: GoldCase) -> None:
    """A user adds a site by URL, naming no family: the page's own markup (or URL shape) must
    say which family it is, and the article must come out the same."""
    assert case.site is not None
    site = replace(case.site, family=None)
    extraction = extract_article(case.url, decode_html(case.raw(), content_type=case.content_type),
                                 site, now=case.now)
    where = f"tests/gold/{case.case_id}"
    assert (extraction.family, extraction.family_how) == (case.site.family, "detected"), where
    article, expected = extraction.article, case.expected
    assert (article.title, article.lead, list(article.authors)) == (
        expected["title"], expected["lead"], expected["authors"]), where
    assert same_minute(article.published, expected["published"]), where
    assert token_f1(expected["body_text"], article.body_text) >= MIN_BODY_F1, where


def test_gold_expectations_are_well_formed() -> None:
    """Dates carry an offset and are to the minute; the site's own province comes first."""
    for case in CASES:
        expected = case.expected
        published = datetime.fromisoformat(expected["published"])
        assert published.utcoffset() is not None, f"{case.case_id}: published has no offset"
        assert minute(published) == expected["published"], f"{case.case_id}: write it to the minute"
        if case.site is not None and case.site.province:
            assert expected["provinces"][:1] == [case.site.province], case.case_id
        assert expected["body_excludes"], f"{case.case_id}: list the page's boilerplate"


def test_gold_dates_are_compared_as_instants_to_the_minute() -> None:
    """A UTC structured date and the printed local time are the same time; a minute or an
    hour off is not, and neither is a missing date."""
    utc = datetime(2026, 11, 20, 7, 5, 42, tzinfo=UTC)
    assert same_minute(utc, "2026-11-20T14:05:00+07:00")
    assert same_minute(utc, "2026-11-20T07:05:00+00:00")
    assert not same_minute(utc, "2026-11-20T07:05:00+07:00")
    assert not same_minute(utc, "2026-11-20T14:06:00+07:00")
    assert not same_minute(None, "2026-11-20T14:05:00+07:00")
