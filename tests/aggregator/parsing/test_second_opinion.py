"""trafilatura's answer as the second opinion: the headline it reads as text is left out (the
title is a field of its own, shown above the body in a feed entry)."""

from __future__ import annotations

from aggregator.parsing.body import html_to_text
from aggregator.parsing.second_opinion import without_headline

HEADLINE = "Phân bón hữu cơ vi sinh cho sầu riêng trên đất bazan"
PARAGRAPH = "<p>Sáng 18/11, Hội Nông học tổ chức hội thảo về phân bón hữu cơ vi sinh.</p>"


def test_the_headline_as_text_before_the_first_paragraph_goes() -> None:
    html = without_headline(f"{HEADLINE}\n    {PARAGRAPH}", HEADLINE)
    assert html_to_text(html) == "Sáng 18/11, Hội Nông học tổ chức hội thảo về phân bón hữu cơ vi sinh."


def test_the_headline_as_the_first_block_goes_with_other_spacing_and_case() -> None:
    html = without_headline(f"<h2>{HEADLINE.upper()}  </h2>{PARAGRAPH}", f" {HEADLINE}")
    assert HEADLINE.casefold() not in html_to_text(html).casefold()
    assert "Hội Nông học" in html_to_text(html)


def test_a_first_paragraph_that_only_opens_with_the_headline_words_stays() -> None:
    opening = f"<p>{HEADLINE} là chủ đề hội thảo do Hội Nông học tổ chức sáng 18/11.</p>"
    assert without_headline(opening + PARAGRAPH, HEADLINE) == opening + PARAGRAPH
    assert without_headline(PARAGRAPH, "") == PARAGRAPH
