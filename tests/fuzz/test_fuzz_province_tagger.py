"""Property tests of the province tagger: total, valid slugs only, deterministic."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from aggregator.province_tagger import tag_provinces
from aggregator.provinces import FORMER_UNITS, PROVINCES
from tests.fuzz.strategies import FUZZ, mixed_text

NAMES = sorted({p.name for p in PROVINCES.values()} | {p.official_name for p in PROVINCES.values()}
               | set(FORMER_UNITS))
PROVINCE_FRAGMENTS = st.one_of(
    st.sampled_from(NAMES),
    st.sampled_from(NAMES).map(str.upper),
    st.sampled_from(NAMES).map(str.lower),
    st.sampled_from(["tỉnh ", "thành phố ", "TP. ", "TP ", "xã ", "phường ", "huyện ", "đường ",
                     "Hội ", "Báo ", "(", ")", ", ", ". ", "\n", "-", "Sơn", "Hà", "Nam", "Bắc"]),
)
PROVINCE_TEXT = mixed_text(PROVINCE_FRAGMENTS, max_parts=12)


@FUZZ
@given(PROVINCE_TEXT)
def test_tagger_returns_unique_valid_slugs_deterministically(text: str) -> None:
    slugs = tag_provinces(text)
    assert all(slug in PROVINCES for slug in slugs), slugs
    assert len(set(slugs)) == len(slugs)
    assert tag_provinces(text) == slugs


@FUZZ
@given(PROVINCE_TEXT, st.sampled_from(sorted(PROVINCES)))
def test_primary_province_comes_first(text: str, primary: str) -> None:
    slugs = tag_provinces(text, primary=primary)
    assert slugs[0] == primary
    assert set(slugs) == {primary, *tag_provinces(text)}
