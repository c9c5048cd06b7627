"""Surnames tell a person's name from a weekday or a place on a byline line."""

from __future__ import annotations

from aggregator.surnames import opens_with_surname


def test_a_name_opens_with_a_capitalised_common_surname() -> None:
    assert opens_with_surname("Trần Quốc Việt")
    assert opens_with_surname("Nguyễn Văn An")
    assert not opens_with_surname("Thứ Tư")
    assert not opens_with_surname("Hà Nội")
    assert not opens_with_surname("trần nhà")  # a ceiling, in lower case
    assert not opens_with_surname("")
